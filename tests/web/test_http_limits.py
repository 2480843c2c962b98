"""`HeadLimits` (web/http_limits.py) on uvicorn's httptools protocol, over real sockets: heads
over the limit get 431, connections that never finish a head are closed, and neither touches a
request whose head is complete (a slow answer, a body, keep-alive)."""

from __future__ import annotations

import asyncio
import socket
import time
from contextlib import contextmanager

import uvicorn
from helpers.servers import uvicorn_in_thread

from unspool.web.http_limits import HEAD_LIMIT_BYTES, LimitedHttpToolsProtocol


class QuickProtocol(LimitedHttpToolsProtocol):
    head_timeout = 0.5


async def slow_echo(scope, receive, send):
    """Answers after 1 s (longer than the head timeout) with the size of the body."""
    if scope["type"] != "http":
        return
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await asyncio.sleep(1.0 if scope["path"] == "/slow" else 0)
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@contextmanager
def serving():
    config = uvicorn.Config(slow_echo, host="127.0.0.1", port=0, http=QuickProtocol, log_level="warning", lifespan="off")
    with uvicorn_in_thread(config) as port:
        yield port


def answer(sock: socket.socket) -> bytes:
    """One response (head and Content-Length body), or what came before the connection closed."""
    data = b""
    while True:
        head, separator, body = data.partition(b"\r\n\r\n")
        if separator:
            lengths = [int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
            if len(body) >= sum(lengths):
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        return sock.recv(65536) == b""
    except TimeoutError:
        return False


def test_heads_over_the_limit_get_431_and_heads_within_it_pass():
    with serving() as port:
        # Counted: the URL, and each header's name and value with ": " and CRLF (4 bytes).
        fits = b"GET / HTTP/1.1\r\nHost: a\r\nX-Pad: %s\r\n\r\n" % (b"p" * (HEAD_LIMIT_BYTES - len("/") - (4 + 1 + 4) - (5 + 4)))
        for head, status in ((fits, b"200"), (fits.replace(b"X-Pad: ", b"X-Pad: pp"), b"431")):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(head)
                response = answer(sock)
                assert response.split(b" ")[1] == status, response[:100]
                if status == b"431":
                    assert b"connection: close" in response and closed_within(sock, 2)
        # One header that never ends: refused once a read's worth past the limit, not read whole.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: ")
            sent = 0
            try:
                while sent < 64 * 1024 * 1024:
                    sock.sendall(b"x" * 65536)
                    sent += 65536
            except (BrokenPipeError, ConnectionResetError):
                pass
            assert sent < 4 * 1024 * 1024, sent


def test_a_head_not_finished_in_time_closes_the_connection():
    with serving() as port:
        with socket.create_connection(("127.0.0.1", port)) as idle:
            assert closed_within(idle, 3)
        with socket.create_connection(("127.0.0.1", port)) as trickle:
            trickle.sendall(b"GET / HTTP/1.1\r\n")
            started = time.monotonic()
            try:
                for i in range(20):  # a header every 0.1 s: each resets nothing
                    trickle.sendall(b"X-%d: 1\r\n" % i)
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            assert closed_within(trickle, 3) and time.monotonic() - started < 2.5


def test_complete_heads_are_not_timed_out():
    with serving() as port, socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")  # answered after 1 s, twice the head timeout
        assert answer(sock).endswith(b"\r\n\r\n0")
        body = b"b" * 100_000
        sock.sendall(b"POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body))
        time.sleep(0.8)  # the body comes late: the head was complete
        sock.sendall(body)
        assert answer(sock).endswith(b"\r\n\r\n100000")
        sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")  # the same connection, kept alive
        assert answer(sock).startswith(b"HTTP/1.1 200")
