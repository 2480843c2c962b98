"""Downloads and the print view: content types, file names, content, conditional GET."""

import io
import zipfile

import pytest

from .conftest import html

FILENAME = "how-i-built-a-kite-from-scratch"


@pytest.mark.parametrize(
    ("ext", "media_type", "disposition"),
    [
        ("md", "text/markdown; charset=utf-8", "attachment"),
        ("txt", "text/plain; charset=utf-8", "attachment"),
        ("json", "application/json", "inline"),
        ("epub", "application/epub+zip", "attachment"),
    ],
)
def test_every_export_has_its_type_name_and_content(client, data, ext, media_type, disposition):
    response = client.get(f"/t/{data.kite_id}.{ext}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'{disposition}; filename="{FILENAME}.{ext}"'
    assert response.headers["x-robots-tag"] == "noindex"
    if ext == "epub":
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            assert book.read("mimetype") == b"application/epub+zip"
            assert any(b"ripstop nylon" in book.read(name) for name in book.namelist() if name.endswith("html"))
    elif ext == "json":
        body = response.json()
        assert body["id"] == data.kite_id and [p["id"] for p in body["posts"]] == data.kite
    else:
        text = response.text
        assert "How I built a kite from scratch" in text
        assert text.index("ripstop nylon") < text.index("tail keeps it steady")


def test_print_view_is_the_standalone_page_without_inline_style(client, data):
    response = client.get(f"/t/{data.kite_id}/print")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    doc = html(response)
    assert doc.xpath("//link[@rel='stylesheet']/@href") == ["/static/unspool.css"]
    assert not doc.xpath("//style | //*[@style] | //script")
    assert len(doc.xpath("//article[@class='post']")) == 3


@pytest.mark.parametrize("suffix", ["", ".md", ".json", ".epub", "/print"])
def test_etag_and_last_modified_give_304(client, data, suffix):
    path = f"/t/{data.kite_id}{suffix}"
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["last-modified"].endswith("GMT")
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_etags_differ_per_thread_and_format(client, data):
    tags = {client.get(path).headers["etag"] for path in (f"/t/{data.kite_id}", f"/t/{data.kite_id}.md", f"/t/{data.sam_id}")}
    assert len(tags) == 3


def test_rendered_pages_and_downloads_are_cached(client, data):
    cache = client.app.state.site.cache
    before = len(cache.entries)
    first = client.get(f"/t/{data.kite_id}").text
    assert len(cache.entries) == before + 1
    hits = cache.hits
    assert client.get(f"/t/{data.kite_id}").text == first
    assert len(cache.entries) == before + 1 and cache.hits == hits + 1
    epub = client.get(f"/t/{data.kite_id}.epub").content
    assert client.get(f"/t/{data.kite_id}.epub").content == epub and cache.hits == hits + 2
