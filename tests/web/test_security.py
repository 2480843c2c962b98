"""Security headers everywhere, no cookies, safe media paths, hostile posts rendered inert."""

import json

import pytest

from .conftest import html

CSP = "default-src 'none'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def paths(data) -> list[str]:
    return [
        "/", "/?page=2", f"/t/{data.kite_id}", f"/t/{data.kite_id}.md", f"/t/{data.kite_id}.epub", f"/t/{data.kite_id}/print",
        "/a/x/robin_makes", "/search?q=kite", "/privacy", "/feed.atom", "/sitemap.xml", "/robots.txt",
        "/static/unspool.css", "/static/site.css", "/api/v1/threads", f"/api/v1/threads/{data.kite_id}", "/openapi.json",
        "/nowhere", "/t/nope", "/api/v1/threads/nope", "/?page=-1", "/unroll?url=https://x.com/a/status/1",
    ]


def test_security_headers_and_no_cookies_on_every_response(client, data):
    for path in paths(data):
        response = client.get(path, follow_redirects=False)
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "no-referrer", path
        assert response.headers["x-frame-options"] == "DENY", path
        assert "set-cookie" not in response.headers, path
    assert not client.cookies


def test_a_crash_still_gets_headers_and_an_error_page(client, monkeypatch):
    site = client.app.state.site

    def boom(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(site.store, "thread_page", boom)
    page = client.get("/")
    assert page.status_code == 500 and "database on fire" not in page.text
    assert page.headers["content-security-policy"] == CSP
    api = client.get("/api/v1/threads")
    assert api.status_code == 500 and api.json()["error"]["status"] == 500


def test_pages_have_no_inline_script_or_style(client, data):
    for path in ("/", f"/t/{data.kite_id}", f"/t/{data.hostile_id}", "/search?q=kite", "/a/x/robin_makes", "/nowhere"):
        doc = html(client.get(path))
        assert not doc.xpath("//style | //*[@style] | //script[not(@type='application/ld+json')]"), path
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")], path


@pytest.mark.parametrize(
    "path",
    [
        "/media/x/..%2F..%2Fetc%2Fpasswd",
        "/media/x/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/media/..%2F..%2Fetc/passwd",
        "/media/x/../../etc/passwd",
        "/media/x/.hidden.png",
        "/media/x/nothing.png",
        "/media/x/notes.html",
        "/static/..%2Fhtml.py",
        "/static/site.css%00.py",
    ],
)
def test_media_and_static_paths_cannot_leave_their_folders(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.content and b"import" not in response.content


def test_media_outside_allowed_types_is_not_served(client, site_data):
    _, settings = site_data
    (settings.media_dir / "x" / "page.html").write_text("<script>alert(1)</script>")
    (settings.media_dir / "x" / "image.svg").write_text("<svg onload=alert(1)/>")
    assert client.get("/media/x/page.html").status_code == 404
    assert client.get("/media/x/image.svg").status_code == 404


def test_hostile_post_renders_inert(client, data):
    response = client.get(f"/t/{data.hostile_id}")
    assert response.status_code == 200
    doc = html(response)
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    ld = json.loads(scripts[0].text)  # the title's </script> stays inside the JSON as escaped text
    assert "</script>" in ld["headline"] and "</script>" not in scripts[0].text
    hrefs = doc.xpath("//@href | //@src | //@cite")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))]
    post = doc.xpath("//article[@class='post']")[0]
    assert "<script>alert('xss')</script>" in post.text_content()  # shown as text
    assert post.get("lang") is None  # the hostile lang attribute was dropped
    assert "click me" in post.text_content() and not post.xpath(".//a[text()='click me']")
    assert not doc.xpath("//img[@class='avatar']") and not doc.xpath("//a[@class='follow']")
    assert not doc.xpath("//article//img")  # javascript: image URL dropped, alt shown as text only


def test_head_is_answered_like_get_without_a_body(client, data):
    for path in ("/", f"/t/{data.kite_id}", f"/t/{data.kite_id}.epub", "/api/v1/threads", "/nowhere"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code and head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-security-policy"] == CSP
