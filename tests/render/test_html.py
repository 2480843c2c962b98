import lxml.html
import pytest

from unspool.model import Media, Segment
from unspool.render import render_html, render_index_html
from unspool.render.html import stylesheet

from .conftest import make_post, make_thread, select

REL = "nofollow noopener ugc"


@pytest.fixture
def doc(thread):
    return lxml.html.document_fromstring(render_html(thread))


def test_document_basics(doc):
    assert doc.get("lang") == "en"
    assert doc.findtext(".//title") == "Six things I learned growing tomatoes on a balcony #gardening · Robin Example"
    assert doc.findtext(".//h1") == "Six things I learned growing tomatoes on a balcony #gardening"
    skip = select(doc, "a.skip-link")[0]
    assert skip.get("href") == "#main" and doc.get_element_by_id("main").tag == "main"


def test_author_card_and_meta(doc):
    avatar = select(doc, "img.avatar")[0]
    # Decorative: the name stands right beside it, so alt is present and empty.
    assert avatar.get("src") == "https://img.example.com/robin.jpg" and avatar.get("alt") == ""
    follow = select(doc, "a.follow")[0]
    assert follow.text_content() == "Follow @robin_makes"
    assert follow.get("href") == "https://x.com/robin_makes"
    time = select(doc, "time")[0]
    assert time.get("datetime") == "2024-05-01T09:31:00+00:00"
    meta = select(doc, "p.meta")[0].text_content()
    assert "4 posts" in meta and "1 min read" in meta
    source = select(doc, "a.source")[0]
    assert source.text_content() == "Read on X" and source.get("href") == "https://x.com/robin_makes/status/17001"


def test_posts_have_lang_dir_and_ids(doc):
    posts = select(doc, "article.post")
    assert [p.get("id") for p in posts] == ["p-17001", "p-17002", "p-17003", "p-17004"]
    assert [p.get("lang") for p in posts] == ["en", "en", "ar", "en"]
    assert all(p.get("dir") == "auto" for p in posts)


def test_numbering_hidden_by_default(thread):
    text = select(lxml.html.document_fromstring(render_html(thread)), "main")[0].text_content()
    assert "1/" not in text and "🧵" not in text and "4/4" not in text
    kept = lxml.html.document_fromstring(render_html(thread, keep_numbering=True)).text_content()
    assert "1/ Six things" in kept and "🧵" in kept and "4/4 Next week" in kept


def test_entities_are_links_with_rel(doc):
    links = {a.text_content(): a for a in select(doc, "article.post p a")}
    expected = {
        "#gardening": "https://x.com/hashtag/gardening",
        "@sam_bakes": "https://x.com/sam_bakes",
        "$SEED": "https://x.com/search?q=%24SEED",
        "garden.example.org/mulch…": "https://garden.example.org/mulch-guide",
    }
    for label, href in expected.items():
        assert links[label].get("href") == href
        assert links[label].get("rel") == REL


def test_paragraphs_and_line_breaks(doc):
    second = doc.get_element_by_id("p-17002")
    paragraphs = [p for p in second.findall("p")]
    assert paragraphs[0].text_content() == "Water in the morning 🌱, not at night."
    assert paragraphs[1].text_content().startswith("Mulch helps.")
    assert len(paragraphs[1].findall("br")) == 1


def test_images_always_have_alt(doc):
    images = select(doc, "article.post img")
    assert [(i.get("alt"), i.get("loading")) for i in images] == [
        ("Tomato plants in pots on a balcony", "lazy"),
        ("Image", "lazy"),
    ]


def test_quote_card(doc):
    quote = select(doc, "blockquote.quote")[0]
    assert "Sam Sample" in quote.text_content() and "@sam_bakes" in quote.text_content()
    assert select(quote, "a")[0].get("href") == "https://x.com/sam_bakes/status/17090"


def test_content_warning_collapsed(doc):
    details = doc.get_element_by_id("p-17004").find("details")
    assert details is not None and details.get("open") is None
    assert details.findtext("summary") == "Food talk"


def test_permalinks_have_accessible_label(doc):
    permalinks = select(doc, "a.permalink")
    assert len(permalinks) == 4
    assert permalinks[0].get("href") == "https://x.com/robin_makes/status/17001"
    assert select(permalinks[0], ".visually-hidden")[0].text_content() == "Original post 1 of 4 on X"


def test_reply_context():
    post = make_post(1, [Segment("text", "Well, about compost")], reply_to_handle="sam_bakes")
    doc = lxml.html.document_fromstring(render_html(make_thread([post])))
    assert select(doc, "p.context")[0].text_content() == "Replying to @sam_bakes"


def test_network_names():
    post = make_post(1, [Segment("text", "hi")])
    for network, name in [("mastodon", "Mastodon"), ("bluesky", "Bluesky"), ("threads", "Threads")]:
        thread = make_thread([post])
        thread.network = network
        assert f"Read on {name}</a>" in render_html(thread)


def test_inline_css_has_dark_mode_and_print(thread):
    out = render_html(thread)
    assert "<style>" in out
    needles = ["@media (prefers-color-scheme: dark)", "@media print", "max-width: 100%", ".visually-hidden"]
    for needle in needles + [":focus-visible", ".skip-link"]:
        assert needle in out and needle in stylesheet()


def test_linked_stylesheet_has_no_inline_style_or_script(thread):
    out = render_html(thread, stylesheet_href="/static/unspool.css")
    doc = lxml.html.document_fromstring(out)
    assert select(doc, 'link[rel="stylesheet"]')[0].get("href") == "/static/unspool.css"
    assert not select(doc, "style") and not select(doc, "script")
    assert not any(el.get("style") is not None for el in doc.iter())


def test_media_url_callable(thread):
    out = render_html(thread, media_url=lambda media: f"/media/{media.url.rsplit('/', 1)[1]}")
    srcs = [img.get("src") for img in select(lxml.html.document_fromstring(out), "article img")]
    assert srcs == ["/media/tomatoes.jpg", "/media/seeds.jpg"]
    data = render_html(thread, media_url=lambda media: "data:image/png;base64,AAAA")
    assert 'src="data:image/png;base64,AAAA"' in data
    evil = render_html(thread, media_url=lambda media: "javascript:alert(1)")
    assert "javascript:" not in evil


def test_video_has_controls():
    post = make_post(1, [Segment("text", "Kneading")], media=[Media("video", "https://v.example.com/knead.mp4")])
    doc = lxml.html.document_fromstring(render_html(make_thread([post])))
    video = select(doc, "video")[0]
    assert video.get("src") == "https://v.example.com/knead.mp4" and video.get("controls") is not None


def test_base_path_adds_nav(thread):
    assert "<nav" not in render_html(thread)
    doc = lxml.html.document_fromstring(render_html(thread, base_path="/threads"))
    hrefs = [a.get("href") for a in select(doc, "nav.site-nav a")]
    assert hrefs[0] == "/threads/" and "/threads/t3stthread.epub" in hrefs


def test_index(thread):
    out = render_index_html([(thread, "t3stthread.html")], title="Robin's threads", stylesheet_href="unspool.css")
    doc = lxml.html.document_fromstring(out)
    assert doc.findtext(".//h1") == "Robin's threads"
    link = select(doc, "a.thread-link")[0]
    assert link.get("href") == "t3stthread.html"
    assert link.text_content() == "Six things I learned growing tomatoes on a balcony #gardening"
    meta = select(doc, "li .meta")[0].text_content()
    assert "Robin Example" in meta and "4 posts" in meta and "1 May 2024" in meta
    assert not select(doc, "style")
    assert "<style>" in render_index_html([])
