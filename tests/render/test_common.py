import pytest

from unspool.model import Segment
from unspool.render import FORMATS, common
from unspool.render.common import safe_url

from .conftest import make_post


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a?b=c#d", "http://example.com", "HTTPS://EXAMPLE.COM/x"],
)
def test_safe_url_accepts_http(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:image/png;base64,AAAA",
        "vbscript:msgbox(1)",
        "//evil.example.com/x",
        "\\\\evil.example.com/x",
        "https:evil.example.com",
        "https://exa mple.com",
        "https://example.com/\u202ecod.exe",
        "file:///etc/passwd",
        "relative/path.jpg",
    ],
)
def test_safe_url_rejects(url):
    assert safe_url(url) is None


def test_safe_url_media_options():
    assert safe_url("media/a.jpg", allow_relative=True) == "media/a.jpg"
    assert safe_url("/media/a.jpg", allow_relative=True) == "/media/a.jpg"
    assert safe_url("//evil.example.com/a.jpg", allow_relative=True) is None
    assert safe_url("javascript:alert(1)", allow_relative=True) is None
    assert safe_url("data:image/png;base64,AAAA", allow_data_image=True) == "data:image/png;base64,AAAA"
    assert safe_url("data:text/html,x", allow_data_image=True) is None


def test_display_segments_strips_numbering_and_bidi():
    post = make_post(1, [Segment("text", "1/ hello \u202eworld\u202c 🧵")])
    assert "".join(s.text for s in common.display_segments(post)) == "hello world"
    kept = "".join(s.text for s in common.display_segments(post, keep_numbering=True))
    assert kept.startswith("1/ ") and kept.endswith("🧵")


def test_shorten_link():
    assert common.shorten_link("https://www.example.com/") == "example.com"
    long = common.shorten_link("https://example.com/" + "a" * 100)
    assert len(long) == 40 and long.endswith("…")


def test_reading_time_minimum_and_rounding(thread):
    assert common.reading_minutes(thread) == 1
    big = make_post(1, [Segment("text", "word " * 231)])
    thread.posts = [big]
    assert common.reading_minutes(thread) == 2


def test_network_names():
    assert [common.network_name(n) for n in ("x", "mastodon", "bluesky", "threads")] == [
        "X",
        "Mastodon",
        "Bluesky",
        "Threads",
    ]


def test_formats_table(thread):
    assert set(FORMATS) == {"txt", "md", "html", "json", "epub"}
    for name, (render, extension, media_type) in FORMATS.items():
        assert extension == name
        output = render(thread)
        assert isinstance(output, bytes if name == "epub" else str)
        assert media_type
