"""Moderation on the site: takedowns and blocks (CLI in another process, or the admin API) hide a
thread from every view at once, cached pages included; the report form; the admin API's auth."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import Cli
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from unspool.store.schema import reports
from unspool.web import create_app

from .conftest import html

TOKEN = "test-admin-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SAME_ORIGIN = {"Origin": "https://unspool.test"}
REMOVED = "This thread was removed by the operators of this site."
OPTED_OUT = "The author opted out of Unspool."
CLIENT_IP = "203.0.113.9"


@pytest.fixture
def site(site_data):
    app = create_app(replace(site_data[1], admin_token=TOKEN))
    with TestClient(app, base_url="https://unspool.test", client=(CLIENT_IP, 50000)) as client:
        yield client


@pytest.fixture
def server_cli(site_data, tmp_path) -> Cli:
    """`unspool` in another process on the site's database: no shared memory with the app."""
    return Cli(tmp_path / "cli-data", site_data[1].database_url)


def views(client, data, thread_id: str) -> dict[str, object]:
    """Where a thread shows: status codes of its own URLs, presence in every list."""
    canonical = f"https://unspool.test/t/{thread_id}"
    api_list = client.get("/api/v1/threads", params={"per_page": 100}).json()
    return {
        "page": client.get(f"/t/{thread_id}").status_code,
        "print": client.get(f"/t/{thread_id}/print").status_code,
        "exports": {client.get(f"/t/{thread_id}.{ext}").status_code for ext in ("md", "txt", "json", "epub")},
        "api": client.get(f"/api/v1/threads/{thread_id}").status_code,
        "oembed": client.get("/oembed", params={"url": canonical}).status_code,
        "home": f"/t/{thread_id}" in client.get("/").text + client.get("/?page=2").text,
        "api_list": thread_id in {item["id"] for item in api_list["items"]},
        "author_page": f"/t/{thread_id}" in client.get("/a/x/robin_makes").text + client.get("/a/x/robin_makes?page=2").text,
        "search": f"/t/{thread_id}" in client.get("/search", params={"q": "ripstop"}).text,
        "api_search": thread_id in {hit["id"] for hit in client.get("/api/v1/search", params={"q": "ripstop"}).json()["items"]},
        "feed": canonical in client.get("/feed.atom").text,
        "author_feed": canonical in client.get("/a/x/robin_makes/feed.atom").text,
        "sitemap": canonical in client.get("/sitemap.xml").text,
    }


SHOWN = {
    "page": 200, "print": 200, "exports": {200}, "api": 200, "oembed": 200, "home": True, "api_list": True,
    "author_page": True, "search": True, "api_search": True, "feed": True, "author_feed": True, "sitemap": True,
}
HIDDEN = {key: (410 if key in ("page", "print", "api", "oembed") else {410} if key == "exports" else False) for key in SHOWN}


def robin_total(client) -> tuple[int, str]:
    body = client.get("/api/v1/threads", params={"author": "robin_makes"}).json()
    count = html(client.get("/a/x/robin_makes")).xpath("//main/p[@class='meta']")[0].text_content()
    return body["total"], count.split("·")[0].strip()


def test_takedown_by_cli_hides_the_thread_everywhere_at_once(site, data, server_cli):
    assert views(site, data, data.kite_id) == SHOWN
    assert robin_total(site) == (26, "26 threads")
    result = server_cli("takedown", f"https://x.com/robin_makes/status/{data.kite[1]}", "--reason", "copyright notice")
    assert result.stdout.decode().strip() == f"Took down thread {data.kite_id}: it is hidden everywhere."

    assert views(site, data, data.kite_id) == HIDDEN
    assert robin_total(site) == (25, "25 threads")
    page = site.get(f"/t/{data.kite_id}")
    assert page.headers["content-type"].startswith("text/html") and REMOVED in page.text
    assert "kite" not in html(page).xpath("//main")[0].text_content().lower()
    error = site.get(f"/api/v1/threads/{data.kite_id}").json()
    assert error == {"error": {"status": 410, "message": REMOVED}}
    assert site.post("/api/v1/unroll", json={"url": f"https://x.com/robin_makes/status/{data.kite[0]}"}).status_code == 410
    assert views(site, data, data.sam_id)["page"] == 200  # nothing else is touched

    assert server_cli("takedown", data.kite_id, "--restore").stdout.decode().startswith(f"Restored thread {data.kite_id}")
    assert views(site, data, data.kite_id) == SHOWN


def test_takedown_by_api_and_restore(site, data):
    response = site.post("/api/v1/admin/takedowns", json={"thread": data.kite[2], "reason": "doxxing"}, headers=AUTH)
    assert response.status_code == 201 and response.json() == {"thread_id": data.kite_id, "status": "taken_down"}
    assert response.headers["cache-control"] == "no-store"
    assert site.post("/api/v1/admin/takedowns", json={"thread": data.kite_id}, headers=AUTH).status_code == 200
    assert views(site, data, data.kite_id) == HIDDEN
    missing = site.post("/api/v1/admin/takedowns", json={"thread": "https://x.com/a/status/1"}, headers=AUTH)
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404

    restored = site.delete(f"/api/v1/admin/takedowns/{data.kite_id}", headers=AUTH)
    assert restored.status_code == 200 and restored.json() == {"thread_id": data.kite_id, "status": "visible"}
    assert site.delete(f"/api/v1/admin/takedowns/{data.kite_id}", headers=AUTH).status_code == 404
    assert views(site, data, data.kite_id) == SHOWN


def test_a_cached_page_and_its_etag_are_not_served_after_a_takedown(site, data, server_cli):
    first = site.get(f"/t/{data.kite_id}")
    etag = first.headers["etag"]
    assert site.get(f"/t/{data.kite_id}", headers={"If-None-Match": etag}).status_code == 304
    printed = site.get(f"/t/{data.kite_id}/print")
    older = site.get(f"/t/{data.older_id}")  # its "newer" neighbour is the kite thread
    assert f'href="/t/{data.kite_id}"' in older.text

    server_cli("takedown", data.kite_id)
    for path, tag in ((f"/t/{data.kite_id}", etag), (f"/t/{data.kite_id}/print", printed.headers["etag"])):
        assert site.get(path, headers={"If-None-Match": tag}).status_code == 410, path
        assert site.get(path).status_code == 410, path
    assert "etag" not in site.get(f"/t/{data.kite_id}").headers
    # The neighbour's page changed too: no link to the removed thread, a new ETag.
    after = site.get(f"/t/{data.older_id}", headers={"If-None-Match": older.headers["etag"]})
    assert after.status_code == 200 and f"/t/{data.kite_id}" not in after.text
    assert after.headers["etag"] != older.headers["etag"]

    server_cli("takedown", data.kite_id, "--restore")
    assert site.get(f"/t/{data.kite_id}").text == first.text


def test_block_author_by_api_hides_all_their_threads_and_their_author_page(site, data, server_cli):
    response = site.post("/api/v1/admin/blocks", json={"network": "x", "handle": "@Robin_Makes", "reason": "opted out"}, headers=AUTH)
    assert response.status_code == 201 and response.json() == {"network": "x", "handle": "robin_makes", "blocked": True}
    for thread_id in (data.kite_id, data.older_id, data.newer_id):
        assert views(site, data, thread_id) == HIDDEN
    page = site.get(f"/t/{data.kite_id}")
    assert page.status_code == 410 and OPTED_OUT in page.text
    assert site.get(f"/api/v1/threads/{data.older_id}").json()["error"]["message"] == OPTED_OUT
    author = site.get("/a/x/robin_makes")
    assert author.status_code == 410 and OPTED_OUT in author.text
    assert site.get("/a/x/robin_makes/feed.atom").status_code == 410
    api = site.get("/api/v1/threads", params={"per_page": 100}).json()
    assert api["total"] == 2 and {item["author"]["handle"] for item in api["items"]} == {"sam_bakes", "mallory"}
    assert views(site, data, data.sam_id)["page"] == 200
    assert site.post("/api/v1/admin/blocks", json={"handle": "nobody"}, headers=AUTH).status_code == 404

    assert site.delete("/api/v1/admin/blocks/x/robin_makes", headers=AUTH).json() == {"network": "x", "handle": "robin_makes", "blocked": False}
    assert site.delete("/api/v1/admin/blocks/x/robin_makes", headers=AUTH).status_code == 404
    assert views(site, data, data.kite_id) == SHOWN

    # The same through the CLI, in another process.
    assert server_cli("block-author", "robin_makes").stdout.decode().startswith("Blocked @robin_makes")
    assert site.get(f"/t/{data.kite_id}").status_code == 410 and site.get("/a/x/robin_makes").status_code == 410
    server_cli("block-author", "@robin_makes", "--unblock")
    assert site.get(f"/t/{data.kite_id}").status_code == 200


# --- the report form ------------------------------------------------------------------------


def report(client, thread_id: str, headers=SAME_ORIGIN, **form):
    return client.post(
        f"/t/{thread_id}/report", data={"reason": "spam", "details": "", **form}, headers=headers, follow_redirects=False
    )


def test_thread_page_has_a_report_form_without_scripts(site, data):
    doc = html(site.get(f"/t/{data.kite_id}"))
    (form,) = doc.xpath("//details[@class='report']/form")
    assert form.get("method") == "post" and form.get("action") == f"/t/{data.kite_id}/report"
    assert form.xpath(".//select[@name='reason']/option/@value") == ["spam", "harassment", "copyright", "private-info", "other"]
    assert form.xpath(".//textarea[@name='details']/@maxlength") == ["1000"]
    assert doc.xpath("//details[@class='report']/summary/text()") == ["Report this thread"]
    # Every control has a label.
    assert {label.get("for") for label in form.xpath(".//label")} == {"report-reason", "report-details"}


def test_reporting_a_thread(site, data, site_data):
    response = report(site, data.kite_id, reason="private-info", details="It shows my home address")
    assert response.status_code == 303 and response.headers["location"] == f"/t/{data.kite_id}/reported"
    assert "set-cookie" not in response.headers and response.headers["content-security-policy"]
    thanks = site.get(response.headers["location"])
    assert thanks.status_code == 200 and "Thank you" in thanks.text and "review" in thanks.text

    (item,) = site.get("/api/v1/admin/reports", headers=AUTH).json()["items"]
    assert item["thread_id"] == data.kite_id and item["reason"] == "private-info"
    assert item["details"] == "It shows my home address" and item["title"] == "How I built a kite from scratch"
    assert item["status"] == "open"
    engine = create_engine(site_data[1].database_url)
    try:
        with engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(select(reports)).mappings()]
    finally:
        engine.dispose()
    assert len(rows) == 1 and CLIENT_IP not in repr(rows) and re.fullmatch(r"[0-9a-f]{32}", rows[0]["reporter_key"])

    resolved = site.post(f"/api/v1/admin/reports/{item['id']}/resolve", headers=AUTH)
    assert resolved.json() == {"id": item["id"], "status": "resolved"}
    assert site.get("/api/v1/admin/reports", headers=AUTH).json()["items"] == []
    assert len(site.get("/api/v1/admin/reports", params={"status": "all"}, headers=AUTH).json()["items"]) == 1


def test_reports_are_rate_limited(site, data):
    assert report(site, data.kite_id).status_code == 303
    again = report(site, data.kite_id, reason="other")
    assert again.status_code == 429 and "already reported this thread today" in again.text
    assert again.headers["content-type"].startswith("text/html") and again.headers["retry-after"] == "3600"
    for thread_id in (data.older_id, data.newer_id, data.sam_id, data.hostile_id):
        assert report(site, thread_id).status_code == 303
    threads = [item["id"] for item in site.get("/api/v1/threads", params={"per_page": 10}).json()["items"]]
    extra = next(t for t in threads if t not in (data.kite_id, data.older_id, data.newer_id, data.sam_id, data.hostile_id))
    limited = report(site, extra)
    assert limited.status_code == 429 and "in the last hour" in html(limited).text_content()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://unspool.test"},  # another scheme is another origin
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://unspool.test"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/t/x"},
        {},
    ],
)
def test_a_cross_origin_report_is_refused(site, data, headers):
    response = report(site, data.kite_id, headers=headers)
    assert response.status_code == 403 and "only accepted from the form" in response.text
    assert site.get("/api/v1/admin/reports", headers=AUTH).json()["items"] == []


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "same-origin", "Origin": "null"}, {"Referer": "https://unspool.test/t/x"}, {"Origin": "https://UNSPOOL.test:443"}]
)
def test_a_same_origin_report_is_accepted(site, data, headers):
    assert report(site, data.kite_id, headers=headers).status_code == 303


def test_bad_reports(site, data, server_cli):
    assert report(site, data.kite_id, reason="boring").status_code == 400
    assert report(site, data.kite_id, details="x" * 1001).status_code == 400
    assert report(site, "nope").status_code == 404
    too_big = report(site, data.kite_id, details="x" * 20_000)
    assert too_big.status_code == 413
    as_json = site.post(f"/t/{data.kite_id}/report", json={"reason": "spam"}, headers=SAME_ORIGIN)
    assert as_json.status_code == 400
    server_cli("takedown", data.kite_id)
    assert report(site, data.kite_id).status_code == 410
    assert site.get("/api/v1/admin/reports", params={"status": "all"}, headers=AUTH).json()["items"] == []


# --- the admin API's authentication ---------------------------------------------------------

ADMIN_CALLS = [
    ("post", "/api/v1/admin/takedowns", {"thread": "x"}),
    ("delete", "/api/v1/admin/takedowns/abc", None),
    ("post", "/api/v1/admin/blocks", {"handle": "robin_makes"}),
    ("delete", "/api/v1/admin/blocks/x/robin_makes", None),
    ("get", "/api/v1/admin/reports", None),
]


def call(client, method: str, path: str, body, headers=None):
    if body is None:
        return client.request(method.upper(), path, headers=headers)
    return client.request(method.upper(), path, json=body, headers=headers)


@pytest.mark.parametrize("method,path,body", ADMIN_CALLS)
def test_admin_api_refuses_missing_or_wrong_tokens(site, data, method, path, body):
    missing = call(site, method, path, body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["status"] == 401
    for header in (f"Bearer {TOKEN}x", "Bearer wrong", f"Bearer {TOKEN[:-1]}", "Bearer é"):
        assert call(site, method, path, body, {"Authorization": header.encode()}).status_code == 403, header
    assert call(site, method, path, body, {"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert site.get(f"/t/{data.kite_id}").status_code == 200  # nothing was changed
    assert site.get("/a/x/robin_makes").status_code == 200


@pytest.mark.parametrize("token", [None, "", "too-short"])
def test_admin_api_is_disabled_without_a_token(site_data, token, data):
    with TestClient(create_app(replace(site_data[1], admin_token=token)), base_url="https://unspool.test") as client:
        for method, path, body in ADMIN_CALLS:
            for headers in (None, {"Authorization": f"Bearer {token}"}, {"Authorization": "Bearer "}):
                response = call(client, method, path, body, headers)
                assert response.status_code == 404 and "disabled" in response.json()["error"]["message"], path
        assert client.get(f"/t/{data.kite_id}").status_code == 200


def test_admin_routes_are_not_in_the_public_api_schema(site):
    assert not [path for path in site.get("/openapi.json").json()["paths"] if "admin" in path]
