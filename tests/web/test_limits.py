"""What the app takes from a request: absolute URLs only from the public URL or a listed Host
(anything else 400, /healthz excepted), and bodies of at most 16 KB (413, the usual error JSON
for the API, a page for the report form)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from unspool.web import create_app
from unspool.web.middleware import MAX_BODY_BYTES
from unspool.web.origin import SiteOrigin

from .conftest import html


def test_a_foreign_host_gets_400_on_pages_feeds_and_the_api(client, data):
    paths = ["/", f"/t/{data.kite_id}", f"/t/{data.kite_id}.md", "/a/x/robin_makes", "/feed.atom", "/a/x/robin_makes/feed.atom",
             "/sitemap.xml", "/robots.txt", f"/oembed?url={quote('https://unspool.test/t/' + data.kite_id)}",
             "/api/v1/threads", f"/api/v1/threads/{data.kite_id}", "/api/v1/threads/", "/search?q=kite", "/nowhere"]
    for host in ("evil.example", "unspool.test.evil.example", "localhost.evil.example", "evil.example:443",
                 "unspool.test@evil.example", "unspool.test/x", ""):
        for path in paths:
            for method in ("GET", "HEAD"):
                response = client.request(method, path, headers={"Host": host}, follow_redirects=False)
                assert response.status_code == 400, (host, path, method)
                assert response.headers["content-type"].startswith("text/plain")
                assert response.content == (b"Unknown host.\n" if method == "GET" else b"")
                assert "content-security-policy" in response.headers  # still a response of the site
        response = client.post("/api/v1/unroll", json={"url": "https://x.com/a/status/1"}, headers={"Host": host})
        assert response.status_code == 400 and response.content == b"Unknown host.\n"
        assert client.get("/healthz", headers={"Host": host}).status_code == 200  # probes use addresses


def test_a_listed_host_makes_the_absolute_urls(client, data):
    for host in ("unspool.test", "localhost", "localhost:8123", "127.0.0.1:9", "[::1]:8000", "LOCALHOST"):
        page = client.get(f"/t/{data.kite_id}", headers={"Host": host})
        assert page.status_code == 200, host
        expected = f"https://{host}/t/{data.kite_id}"
        assert html(page).xpath('//link[@rel="canonical"]/@href') == [expected]
        assert html(page).xpath('//meta[@property="og:url"]/@content') == [expected]
        feed = client.get("/feed.atom", headers={"Host": host})
        assert feed.status_code == 200 and f"<id>https://{host}/feed.atom</id>" in feed.text
        listed = client.get("/api/v1/threads", headers={"Host": host}).json()
        assert {item["html_url"].rsplit("/t/", 1)[0] for item in listed["items"]} == {f"https://{host}"}
    # A trailing-slash redirect is absolute too: built from the checked Host.
    moved = client.get("/api/v1/threads/", headers={"Host": "localhost:8123"}, follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "https://localhost:8123/api/v1/threads"


def test_with_a_public_url_it_is_used_whatever_the_host(site_data, data):
    settings = replace(site_data[1], public_url="https://unspool.example/")
    with TestClient(create_app(settings), base_url="https://attacker.example") as client:
        for host in ("attacker.example", "localhost", "unspool.test"):
            page = client.get(f"/t/{data.kite_id}", headers={"Host": host})
            assert page.status_code == 200
            assert html(page).xpath('//link[@rel="canonical"]/@href') == [f"https://unspool.example/t/{data.kite_id}"]
            feed = client.get("/feed.atom", headers={"Host": host})
            assert "<id>https://unspool.example/feed.atom</id>" in feed.text and "attacker" not in feed.text
            thread = client.get(f"/api/v1/threads/{data.kite_id}", headers={"Host": host}).json()
            assert thread["html_url"] == f"https://unspool.example/t/{data.kite_id}"
            oembed = client.get(f"/oembed?url={quote('https://unspool.example/t/' + data.kite_id)}", headers={"Host": host})
            assert oembed.status_code == 200 and "attacker" not in oembed.text


def test_which_hosts_are_the_sites():
    origin = SiteOrigin(public_url=None, hosts=frozenset({"localhost", "[::1]", "unspool.example", "app.example:8443"}))
    for host in ("localhost", "localhost:1", "LocalHost:65535", "[::1]", "[::1]:8000", "unspool.example", "unspool.example:80",
                 "app.example:8443"):
        assert origin.host_allowed(host), host
    for host in (None, "", "app.example", "app.example:443", "127.0.0.1", "[::2]", "::1", "[::1", "localhost:", "localhost:x",
                 "localhost.", "localhost:80:80", "unspool.example\r\nx: y", "user@localhost", "localhost/", "evil.example",
                 "unspool.example.evil.example", "xn--unspool.example"):
        assert not origin.host_allowed(host), host
    assert origin.base("https", "localhost:8000", "/unspool") == "https://localhost:8000/unspool"
    assert origin.base("ws", "localhost", "") is None
    assert SiteOrigin(public_url="https://u.example", hosts=frozenset()).base("http", "evil.example") == "https://u.example"


def test_json_bodies_over_16_kb_get_413_with_the_error_json(client):
    fits = {"url": "hello", "pad": "p" * (MAX_BODY_BYTES - 100)}
    assert client.post("/api/v1/unroll", json=fits).status_code != 413
    too_big = {"url": "hello", "pad": "p" * MAX_BODY_BYTES}
    response = client.post("/api/v1/unroll", json=too_big)
    assert response.status_code == 413 and response.headers["connection"] == "close"
    assert response.json() == {"error": {"status": 413, "message": "The request body is too large: at most 16 KB."}}

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"url": "https://x.com/a/status/1", "pad": "'
        for _ in range(64):
            yield b"p" * 1024
        yield b'"}'

    streamed = client.post("/api/v1/unroll", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413 and streamed.json()["error"]["status"] == 413


@pytest.mark.parametrize("path", ["/api/v1/admin/takedowns", "/t/{kite}/report", "/t/{kite}", "/nowhere"])
def test_every_body_is_bounded(client, data, path):
    """Admin calls, the report form, and routes that take no body at all."""
    path = path.format(kite=data.kite_id)
    big = b"reason=spam&details=" + b"x" * (MAX_BODY_BYTES + 1)
    response = client.post(path, content=big, headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://unspool.test"})
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response.json()["error"]["status"] == 413
    else:
        assert "too large" in html(response).text_content()
