"""Fediverse post HTML -> Segments: structure, links, and hostile input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from unspool.model import Segment
from unspool.sources.fediverse import html_to_segments, media_type, parse_time, poll_text


def segments(html, **options):
    return html_to_segments(html, **options)[0]


def test_paragraphs_line_breaks_and_whitespace():
    assert segments("<p>  One\n two  </p>\n<p>Three<br>four<br/>  five </p>") == [Segment("text", "One two\n\nThree\nfour\nfive")]


def test_lists_headings_and_quotes_keep_their_structure():
    text = "".join(s.text for s in segments("<h2>Title</h2><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote><p>quoted</p></blockquote>"))
    assert text == "Title\n\n• one\n• two\n\n1. first\n\nquoted"


def test_preformatted_text_keeps_its_spaces():
    assert segments("<pre>a  b\nc</pre>") == [Segment("text", "a  b\nc")]


def test_hostile_markup_leaves_no_html_and_no_script_links():
    html = (
        '<p onclick="alert(1)">Hi<script>alert(2)</script><style>p{}</style>'
        '<img src=x onerror=alert(3)><a href="javascript:alert(4)">click</a> '
        '<a href="data:text/html,x">data</a> <iframe src="https://evil.example"></iframe>'
        '<a href="https://ok.example/a" onmouseover="alert(5)">ok</a></p>'
    )
    result = segments(html)
    assert result == [Segment("text", "Hiclick data "), Segment("link", "ok", "https://ok.example/a")]


def test_relative_links_resolve_against_the_post():
    assert segments('<p><a href="/tags/tea" rel="tag">#tea</a></p>', base_url="https://social.example/@fern/1") == [
        Segment("hashtag", "#tea", "https://social.example/tags/tea")
    ]


def test_link_labels_and_shortened_urls():
    result = segments(
        '<p><a href="https://example.com/a/b">example.com/a…</a> <a href="https://example.com/x">a chosen label</a> '
        '<a href="https://example.com/y"></a> <a href="https://evil.example/">https://bank.example/</a></p>'
    )
    assert [(s.kind, s.text) for s in result if s.kind == "link"] == [
        ("link", "https://example.com/a/b"),
        ("link", "a chosen label"),
        ("link", "https://example.com/y"),
        ("link", "https://evil.example/"),  # a URL-looking label shows where the link really goes
    ]


def test_classless_mentions_and_hashtags_come_from_the_tag_lists():
    result = segments(
        '<p><a href="https://other.example/users/moss">@moss</a> <a href="https://social.example/tags/tea">#tea</a></p>',
        mention_urls={"https://other.example/users/moss"},
        hashtag_urls={"https://social.example/tags/tea"},
    )
    assert [s.kind for s in result if s.kind != "text"] == ["mention", "hashtag"]


def test_emoji_only_known_shortcodes():
    result = segments("<p>:tea: and :unknown: and :tea:</p>", emojis={"tea": "https://social.example/e/tea.png"})
    assert result == [
        Segment("emoji", ":tea:", "https://social.example/e/tea.png"),
        Segment("text", " and :unknown: and "),
        Segment("emoji", ":tea:", "https://social.example/e/tea.png"),
    ]


def test_small_helpers():
    assert poll_text([("Tea", 1), ("Coffee", 2), ("", 5)]) == "Poll: Tea — 1 vote · Coffee — 2 votes"
    assert poll_text([]) == ""
    assert media_type("gifv") == "gif" and media_type(None, "audio/ogg") == "audio" and media_type("unknown", url="https://x/a.webm") == "video"
    assert parse_time("2025-03-01T12:00:00.000Z").isoformat() == "2025-03-01T12:00:00+00:00"
    assert parse_time("garbage").year == 1970 and parse_time(None).year == 1970


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("<>/=\"' &;:#@abpr\n") + ["<p>", "</p>", "<br>", "<a href='https://x.example/'>", "</a>", "<span class='invisible'>", "</span>", ":e:", "&amp;", "<script>"]), max_size=60).map("".join))
def test_any_input_gives_clean_segments(html):
    result, links = html_to_segments(html, emojis={"e": "https://x.example/e.png"})
    for segment in result:
        assert segment.kind in ("text", "link", "hashtag", "mention", "emoji")
        assert segment.text
        if segment.kind != "text":
            assert segment.url and segment.url.startswith("https://")
    assert all(link.startswith("https://") for link in links)
