"""The JSON API: lists, one thread, search, unroll, and JSON errors."""


def test_list_threads_paginated(client, data):
    first = client.get("/api/v1/threads", params={"per_page": 10})
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    body = first.json()
    assert body["total"] == data.total and len(body["items"]) == 10 and body["prev"] is None
    item = body["items"][0]
    assert set(item) == {"id", "network", "title", "author", "post_count", "created_at", "html_url"}
    assert item["id"] == data.newer_id and item["html_url"] == f"https://unspool.test/t/{data.newer_id}"
    assert item["author"] == {"handle": "robin_makes", "name": "Robin Example", "url": "https://x.com/robin_makes"}
    assert "before=" in body["next"] and "per_page=10" in body["next"]
    second = client.get(body["next"]).json()
    assert second["prev"] == "https://unspool.test/api/v1/threads?per_page=10"
    ids = [i["id"] for i in body["items"]] + [i["id"] for i in second["items"]]
    assert len(set(ids)) == 20
    third = client.get(second["next"]).json()
    assert len(third["items"]) == data.total - 20 and third["next"] is None and "before=" in third["prev"]
    assert client.get(third["prev"]).json()["items"] == second["items"]


def test_list_threads_by_author(client, data):
    body = client.get("/api/v1/threads", params={"author": "sam_bakes"}).json()
    assert [i["id"] for i in body["items"]] == [data.sam_id] and body["total"] == 1 and body["next"] is None


def test_get_thread_is_the_json_export_plus_links(client, data):
    body = client.get(f"/api/v1/threads/{data.kite_id}").json()
    export = client.get(f"/t/{data.kite_id}.json").json()
    assert {k: v for k, v in body.items() if k not in ("html_url", "exports")} == export
    base = f"https://unspool.test/t/{data.kite_id}"
    assert body["html_url"] == base
    assert body["exports"]["md"] == f"{base}.md" and body["exports"]["epub"] == f"{base}.epub"


def test_search(client, data):
    body = client.get("/api/v1/search", params={"q": "ripstop"}).json()
    (hit,) = body["items"]
    assert hit["id"] == data.kite_id and "<mark>" in hit["snippet_html"] and "ripstop" in hit["snippet"]
    assert client.get("/api/v1/search", params={"q": 'NEAR("'}).json()["items"] == []


def test_unroll(client, data):
    stored = client.post("/api/v1/unroll", json={"url": f"https://x.com/robin_makes/status/{data.kite[2]}"})
    assert stored.status_code == 200 and stored.json()["id"] == data.kite_id
    missing = client.post("/api/v1/unroll", json={"url": "https://x.com/someone/status/42"})
    # Not stored, and this server has no X API token: a clear 503 that points to the archive.
    assert missing.status_code == 503
    assert "UNSPOOL_X_BEARER_TOKEN" in missing.json()["error"]["message"] and "unspool import" in missing.json()["error"]["message"]
    assert client.post("/api/v1/unroll", json={"url": "hello"}).json() == {
        "error": {"status": 400, "message": "Not a post URL: give the link of a post, like https://x.com/someone/status/1234567890."}
    }


def test_errors_are_json(client):
    cases = [
        (client.get("/api/v1/threads/nope"), 404),
        (client.get("/api/v1/nowhere"), 404),
        (client.get("/api/v1/threads", params={"per_page": 1000}), 422),
        (client.get("/api/v1/threads", params={"page": "x"}), 422),
        (client.get("/api/v1/threads", params={"page": 2}), 400),
        (client.get("/api/v1/threads", params={"before": "not-a-cursor"}), 400),
        (client.post("/api/v1/unroll", json={}), 422),
        (client.post("/api/v1/unroll", content=b"{not json", headers={"content-type": "application/json"}), 422),
        (client.delete("/api/v1/threads"), 405),
    ]
    for response, status in cases:
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert error["status"] == status and error["message"]


def test_openapi_describes_the_api_only(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/api/v1/threads", "/api/v1/threads/{thread_id}", "/api/v1/search", "/api/v1/unroll", "/api/v1/unroll/{job_id}"}
