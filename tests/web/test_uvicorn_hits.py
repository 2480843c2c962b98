"""Cached pages answered inside uvicorn's HTTP protocol (web/uvicorn_hits.py), over real
sockets to a real uvicorn server on loopback: the same bytes as the app, keep-alive and
pipelining kept right, every change seen at once, and everything unusual left to the app."""

from __future__ import annotations

import logging
import re
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from helpers.servers import uvicorn_in_thread
from sqlalchemy import update

from unspool.store import Store, changes
from unspool.store.moderation import restore, take_down
from unspool.store.schema import authors
from unspool.web import create_app
from unspool.web import uvicorn_hits
from unspool.web.uvicorn_hits import CachedPageProtocol


class Counting:
    """ASGI middleware that records what reaches the app (what the protocol did not answer)."""

    def __init__(self, app):
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


@contextmanager
def serving(settings, **options):
    app = Counting(create_app(settings))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=CachedPageProtocol, server_header=False,
                            access_log=False, log_level="warning", **options)
    with uvicorn_in_thread(config) as port:
        yield app, port


@dataclass
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    raw: bytes

    def header(self, name: bytes) -> bytes | None:
        return next((v for k, v in self.headers if k == name), None)

    @property
    def comparable(self) -> bytes:  # the date is the second's
        return re.sub(rb"\r\ndate: [^\r]*", b"\r\ndate: -", self.raw)


class Connection:
    def __init__(self, port: int):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""

    def request(self, method: str, path: str, *headers: str, version: str = "1.1") -> bytes:
        lines = [f"{method} {path} HTTP/{version}", f"Host: 127.0.0.1:{self.port}", *headers, "", ""]
        return "\r\n".join(lines).encode("latin-1")

    def send(self, *requests: bytes) -> None:
        self.sock.sendall(b"".join(requests))

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        assert chunk, "the server closed the connection"
        self.buffer += chunk

    def answer(self, head: bool = False) -> Answer:
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        top, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = top.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = [(k.lower(), v.strip()) for k, _, v in (line.partition(b":") for line in lines[1:])]
        length = 0 if head or status in (204, 304) else int(dict(headers).get(b"content-length", b"0"))
        while len(self.buffer) < length:
            self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Answer(status, headers, body, top + b"\r\n\r\n" + body)

    def ask(self, method: str, path: str, *headers: str, version: str = "1.1") -> Answer:
        self.send(self.request(method, path, *headers, version=version))
        return self.answer(head=method == "HEAD")

    def closed(self) -> bool:
        self.sock.settimeout(5)
        return self.sock.recv(1) == b""

    def close(self) -> None:
        self.sock.close()


ASK_THE_APP = "X-Forwarded-For: 127.0.0.1"  # a proxy header: the protocol leaves the request to the app


def test_cached_pages_come_from_the_protocol_with_the_apps_bytes(site_data, data, db_url):
    settings = site_data[1]
    path = f"/t/{data.kite_id}"
    with serving(settings) as (app, port):
        conn = Connection(port)
        first = conn.ask("GET", path)  # rendered by the route, cached
        assert first.status == 200 and b"<article" in first.body
        assert app.paths == [path]
        etag = first.header(b"etag").decode()
        asks = [("GET", path), ("HEAD", path), ("GET", path + "?utm_source=feed"),
                ("GET", path, f"If-None-Match: {etag}"), ("GET", path, f'If-None-Match: "other", W/{etag}'),
                ("HEAD", path, f"If-None-Match: {etag}"), ("GET", path, 'If-None-Match: "stale"')]
        for method, target, *headers in asks:
            fast = conn.ask(method, target, *headers)
            slow = conn.ask(method, target, *headers, ASK_THE_APP)
            assert fast.comparable == slow.comparable, (method, target, headers)
            assert fast.status == (304 if headers and etag in headers[0] else 200)
        assert fast.body == first.body
        assert conn.ask("HEAD", path).header(b"content-length") == str(len(first.body)).encode()
        # The protocol answered all those itself, on both databases; only the forced ones reached the app.
        assert len(app.paths) == 1 + len(asks)
        conn.close()


def test_keep_alive_connection_close_and_http_1_0(site_data, data):
    path = f"/t/{data.kite_id}"
    with serving(site_data[1]) as (_, port):
        Connection(port).ask("GET", path)  # cached
        conn = Connection(port)
        for _ in range(3):  # one connection, several answers
            answer = conn.ask("GET", path)
            assert answer.status == 200 and answer.header(b"connection") is None
        last = conn.ask("GET", path, "Connection: close")
        assert last.status == 200 and last.header(b"connection") == b"close" and conn.closed()
        old = Connection(port)
        answer = old.ask("GET", path, version="1.0")
        assert answer.status == 200 and answer.header(b"connection") == b"close" and old.closed()


def test_pipelined_requests_are_answered_in_order(site_data, data):
    page = f"/t/{data.kite_id}"
    other = f"/t/{data.sam_id}"
    with serving(site_data[1]) as (app, port):
        Connection(port).ask("GET", page)  # cached; `other` is not
        conn = Connection(port)
        conn.send(conn.request("GET", page), conn.request("GET", f"{page}.md"), conn.request("GET", page),
                  conn.request("GET", other), conn.request("HEAD", page), conn.request("GET", "/t/nope"),
                  conn.request("GET", page))
        answers = [conn.answer(head=index == 4) for index in range(7)]
        assert [a.status for a in answers] == [200, 200, 200, 200, 200, 404, 200]
        assert answers[1].header(b"content-type").startswith(b"text/markdown")
        assert b"Sourdough" in answers[3].body and answers[4].body == b""
        assert answers[0].body == answers[2].body == answers[6].body and b"kite" in answers[0].body
        assert f"{page}.md" in app.paths and other in app.paths


def test_every_change_shows_at_the_next_request(site_data, data):
    """Commits by another connection (an operator's command, an import) are seen at once."""
    settings = site_data[1]
    path = f"/t/{data.kite_id}"
    with serving(settings) as (_, port):
        conn = Connection(port)
        first = conn.ask("GET", path)
        assert conn.ask("GET", path).body == first.body
        store = Store.open(settings.database_url)
        def settled():  # SQLite: at the next request; PostgreSQL: within 100 ms (a notification)
            if not settings.database_url.startswith("sqlite"):
                time.sleep(0.1)

        try:
            take_down(store, data.kite_id)
            settled()
            assert conn.ask("GET", path).status == 410
            restore(store, data.kite_id)
            settled()
            assert conn.ask("GET", path).comparable == first.comparable
            with store.transaction() as db:
                db.execute(update(authors).where(authors.c.handle == "robin_makes").values(name="Robin Renamed"))
                changes.touch(db, changes.LISTS, *changes.tags_of_threads(db, [data.kite_id]))
            settled()
            renamed = conn.ask("GET", path)
            assert b"Robin Renamed" in renamed.body and renamed.header(b"etag") != first.header(b"etag")
            assert conn.ask("GET", path).body == renamed.body
            take_down(store, data.newer_id)  # a neighbour: the page's "newer" link changes
            settled()
            assert f"/t/{data.newer_id}".encode() not in conn.ask("GET", path).body
        finally:
            store.close()


def test_requests_the_protocol_leaves_to_the_app(site_data, data, monkeypatch):
    settings = site_data[1]
    path = f"/t/{data.kite_id}"
    with serving(settings) as (app, port):
        conn = Connection(port)
        page = conn.ask("GET", path).body
        encoded = "/t/" + "%" + f"{ord(data.kite_id[0]):02X}" + data.kite_id[1:]
        before = len(app.paths)
        assert conn.ask("GET", encoded).body == page and conn.ask("HEAD", path).status == 200
        assert len(app.paths) == before  # the same page, answered by the protocol
        for target, *headers in [(path, "X-Forwarded-Proto: https"), (path, "Forwarded: proto=https"), (f"{path}/print",)]:
            before = len(app.paths)
            answer = conn.ask("GET", target, *headers)
            assert answer.status == 200 and len(app.paths) == before + 1, target
        assert conn.ask("POST", path, "Content-Length: 0").status == 405


def test_a_renamed_uvicorn_internal_turns_the_shortcut_off_and_the_site_answers(site_data, data, monkeypatch, caplog):
    settings = site_data[1]
    path = f"/t/{data.kite_id}"
    # Found at start-up: serve through uvicorn's own protocol, with one warning.
    monkeypatch.setattr(uvicorn_hits, "USED_METHODS", (*uvicorn_hits.USED_METHODS, "on_renamed_callback"))
    with caplog.at_level(logging.WARNING, logger="unspool.web"):
        assert uvicorn_hits.protocol_class() is uvicorn.protocols.http.httptools_impl.HttpToolsProtocol
    assert "on_renamed_callback" in caplog.text
    # Found at run time (an attribute gone): the app answers, from then on, with one warning.
    monkeypatch.setattr(uvicorn_hits, "_disabled", False)  # restored to this after the test
    find_hit = CachedPageProtocol._find_hit

    def renamed(self, cache):
        self.renamed_internal  # noqa: B018 - what a lookup meets when uvicorn renamed something
        return find_hit(self, cache)

    monkeypatch.setattr(CachedPageProtocol, "_find_hit", renamed)
    with serving(settings) as (app, port), caplog.at_level(logging.WARNING, logger="unspool.web"):
        conn = Connection(port)
        answers = [conn.ask("GET", path) for _ in range(3)]
        assert {a.status for a in answers} == {200} and answers[0].body == answers[2].body
        assert app.paths.count(path) == 3 and Connection(port).ask("GET", "/healthz").status == 200
    assert caplog.text.count("ordinary path from now on") == 1


def test_an_access_log_or_a_root_path_turns_the_shortcut_off(site_data, data, db_url):
    app = create_app(site_data[1])
    for access_log, expected in ((False, True), (True, False)):
        config = uvicorn.Config(app, access_log=access_log, http=CachedPageProtocol)
        protocol = CachedPageProtocol(config=config, server_state=uvicorn.server.ServerState(), app_state={})
        assert (protocol._cache is not None) == expected, access_log
    logging.getLogger("uvicorn.access").handlers.clear()
    with serving(site_data[1], root_path="/unspool") as (app, port):
        conn = Connection(port)
        for _ in range(2):
            assert conn.ask("GET", f"/t/{data.kite_id}").status == 200
        assert app.paths.count(f"/unspool/t/{data.kite_id}") == 2
