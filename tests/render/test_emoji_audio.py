"""Custom emoji segments (Mastodon) and audio media in every renderer."""

import io
import zipfile

import lxml.html
from lxml import etree

from unspool.model import Author, Media, Segment
from unspool.render import render_epub, render_html, render_json, render_markdown, render_text

from .conftest import make_post, make_thread, select

FERN = Author(
    network="mastodon",
    native_id="https://social.example/@fern",
    handle="fern@social.example",
    name="Fern Example",
    profile_url="https://social.example/@fern",
)
BLOB = "https://social.example/emoji/blobcat.png"


def emoji_thread():
    posts = [
        make_post(
            1,
            [
                Segment("text", "Tea time "),
                Segment("emoji", ":blob_cat:", BLOB),
                Segment("text", " and "),
                Segment("emoji", ":evil:", "javascript:alert(1)"),
            ],
            author=FERN,
            id="https://social.example/users/fern/statuses/1",
            url="https://social.example/@fern/1",
        ),
        make_post(
            2,
            [Segment("text", "Listen:")],
            author=FERN,
            id="https://social.example/users/fern/statuses/2",
            url="https://social.example/@fern/2",
            media=[Media("audio", "https://social.example/media/kettle.mp3", alt="A kettle whistling")],
        ),
    ]
    return make_thread(posts, author=FERN)


def test_html_shows_emoji_as_inline_images_with_the_shortcode_as_alt():
    doc = lxml.html.document_fromstring(render_html(emoji_thread()))
    images = select(doc, "img.emoji")
    assert [(i.get("src"), i.get("alt"), i.get("title")) for i in images] == [(BLOB, ":blob_cat:", ":blob_cat:")]
    # An emoji whose URL is unsafe stays its shortcode, as text.
    text = select(doc, "article.post")[0].text_content()
    assert "Tea time" in text and ":evil:" in text
    assert "javascript" not in render_html(emoji_thread())


def test_html_audio_is_an_audio_element():
    doc = lxml.html.document_fromstring(render_html(emoji_thread()))
    audio = select(doc, "figure.media audio")[0]
    assert audio.get("src") == "https://social.example/media/kettle.mp3"
    assert audio.get("aria-label") == "A kettle whistling"


def test_text_and_markdown_keep_the_shortcode():
    text = render_text(emoji_thread())
    assert "Tea time :blob_cat: and :evil:" in text
    assert "[audio: A kettle whistling] https://social.example/media/kettle.mp3" in text
    markdown = render_markdown(emoji_thread())
    assert "Tea time :blob\\_cat: and :evil:" in markdown
    assert BLOB not in markdown and "javascript" not in markdown


def test_epub_keeps_the_shortcode_and_loads_nothing_remote():
    archive = zipfile.ZipFile(io.BytesIO(render_epub(emoji_thread())))
    chapter = archive.read("EPUB/thread.xhtml")
    etree.fromstring(chapter)  # still well-formed XHTML
    assert b":blob_cat:" in chapter and BLOB.encode() not in chapter and b'class="emoji"' not in chapter


def test_json_keeps_the_shortcode_in_the_text():
    assert '"text": "Tea time :blob_cat: and :evil:"' in render_json(emoji_thread())
