"""Everything in a post is untrusted: hostile content must render inert in every format."""

import io
import json
import re
import zipfile

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from unspool.model import Segment
from unspool.render import render_epub, render_html, render_index_html, render_json, render_markdown, render_text

from .conftest import HOSTILE_TEXT, make_post, make_thread, select

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
BAD_SCHEMES = ("javascript:", "data:text", "vbscript:", "//")


def unescaped(markdown: str, char: str) -> list[int]:
    """Offsets of `char` not escaped by an odd run of backslashes."""
    return [
        match.start(2)
        for match in re.finditer(r"(\\*)(" + re.escape(char) + ")", markdown)
        if len(match.group(1)) % 2 == 0
    ]


def assert_inert_markdown(markdown: str) -> None:
    assert "<" not in markdown  # No raw HTML at all: "<" is always written as "&lt;".
    for offset in unescaped(markdown, "]"):
        if markdown.startswith("](", offset):
            destination = markdown[offset + 2 :].split(")", 1)[0]
            assert destination.startswith(("https://", "http://")), destination


def assert_inert_html(doc) -> None:
    assert not doc.xpath("//script | //iframe | //object | //embed")
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.lower() in ("href", "src", "cite"):
                assert not value.lower().startswith(BAD_SCHEMES), value


def test_html_is_inert(hostile_thread):
    out = render_html(hostile_thread)
    doc = lxml.html.document_fromstring(out)
    assert_inert_html(doc)
    assert "javascript:" not in " ".join(doc.xpath("//@href | //@src"))
    # The hostile text is still shown, as text.
    text = doc.text_content()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "totally safe" in text and "bread bread" in text
    assert not BIDI.search(out)
    assert "zero\u200bwidth\u200d" in text  # Zero-width characters are harmless and kept (emoji need ZWJ).
    assert select(doc, "details.cw summary")[0].text_content() == "<script>alert('cw')</script>"
    # An invalid lang attribute is dropped rather than escaped into the page.
    assert select(doc, "article.post")[0].get("lang") is None
    assert not select(doc, "img.avatar") and not select(doc, "a.follow") and not select(doc, "a.permalink")


def test_html_variants_are_inert(hostile_thread):
    for out in (
        render_html(hostile_thread, keep_numbering=True, stylesheet_href="javascript:alert(1)", base_path="/x"),
        render_html(hostile_thread, media_url=lambda media: media.url),
        render_index_html([(hostile_thread, "javascript:alert(1)")], title="<script>t</script>"),
    ):
        doc = lxml.html.document_fromstring(out)
        assert_inert_html(doc)
        assert "javascript:" not in " ".join(doc.xpath("//@href | //@src"))


def test_broken_html_does_not_unbalance_page(hostile_thread):
    doc = lxml.html.document_fromstring(render_html(hostile_thread))
    assert not doc.xpath("//article//b | //article//i")
    assert len(select(doc, "article.post")) == 2


def test_markdown_is_inert(hostile_thread):
    out = render_markdown(hostile_thread)
    assert_inert_markdown(out)
    assert "](javascript:" not in out and "](data:" not in out and "](vbscript:" not in out and "](//" not in out
    body = out.split("\n---\n", 1)[1]
    assert len(re.findall(r"^#", body, re.MULTILINE)) == 1  # Only our title heading.
    neutralised = ["\\# not a heading", "\n\\> not a quote", "\n\\- not a list", "\n1\\. not a list", "\nnot code"]
    for text in neutralised + ["\n\\---"]:
        assert text in body
    assert not BIDI.search(out)


def test_text_is_plain(hostile_thread):
    out = render_text(hostile_thread)
    # Unsafe link targets are not printed; the link's own text is.
    assert "totally safe" in out and "data link" in out
    assert "data:text" not in out and "vbscript:" not in out and "evil.example.com" not in out
    assert not BIDI.search(out)
    assert "bread " * 100 in out


def test_json_round_trips(hostile_thread):
    out = render_json(hostile_thread)
    data = json.loads(out)
    assert data["posts"][0]["text"] == hostile_thread.posts[0].text
    assert data["posts"][1]["text"] == "bread " * 20_000
    assert data["author"]["name"] == hostile_thread.author.name
    assert "</script>" not in out or json.loads(out) == data  # JSON is data; the consumer escapes.


def test_epub_is_inert(hostile_thread):
    archive = zipfile.ZipFile(io.BytesIO(render_epub(hostile_thread)))
    assert archive.namelist()[0] == "mimetype"
    for name in archive.namelist():
        if name.endswith((".xhtml", ".opf", ".ncx")):
            root = etree.fromstring(archive.read(name))  # Well-formed XML.
            assert not root.xpath("//*[local-name()='script' or local-name()='iframe']")
            for element in root.iter():
                if isinstance(element.tag, str):
                    for attr, value in element.attrib.items():
                        assert not etree.QName(attr).localname.lower().startswith("on")
                        assert not value.lower().startswith(("javascript:", "data:text", "vbscript:"))
    chapter = etree.fromstring(archive.read("EPUB/thread.xhtml"))
    assert "<script>alert(1)</script>" in "".join(chapter.itertext())


def test_every_hostile_string_alone():
    for text in HOSTILE_TEXT:
        thread = make_thread([make_post(1, [Segment("text", text)])])
        assert_inert_html(lxml.html.document_fromstring(render_html(thread)))
        assert_inert_markdown(render_markdown(thread))
        etree.fromstring(zipfile.ZipFile(io.BytesIO(render_epub(thread))).read("EPUB/thread.xhtml"))


segments = st.lists(
    st.builds(
        Segment,
        st.sampled_from(["text", "link", "hashtag", "mention", "cashtag"]),
        st.text(max_size=80),
        st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["javascript:alert(1)", "https://ok.example/"])),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments)
def test_property_html_never_has_script_or_handlers(generated):
    thread = make_thread([make_post(1, generated, lang="en")])
    doc = lxml.html.document_fromstring(render_html(thread))
    assert not doc.xpath("//script")
    for element in doc.iter():
        if isinstance(element.tag, str):
            assert not any(name.lower().startswith("on") for name in element.attrib)
            assert not (element.get("href") or "").lower().startswith("javascript:")


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments)
def test_property_markdown_and_epub_stay_inert(generated):
    thread = make_thread([make_post(1, generated, lang="en")])
    markdown = render_markdown(thread)
    assert_inert_markdown(markdown)
    assert "](javascript:" not in markdown
    etree.fromstring(zipfile.ZipFile(io.BytesIO(render_epub(thread))).read("EPUB/thread.xhtml"))
