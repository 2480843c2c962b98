"""The shared HTTP client: SSRF guard (schemes, addresses in every spelling, DNS answers,
redirects, rebinding), the allow list, size cap, timeouts, retries and error mapping.

"Nothing reaches a refused address" is shown twice over: a FakeNetwork under the guard records
every TCP connect it is asked for, and loopback servers count every connection they accept.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpcore
import httpx
import pytest
from loopback import LoopbackServer, Reply

from unspool import __version__
from unspool.config import Settings
from unspool.errors import FetchRefused, Forbidden, InputError, NotFoundRemote, RateLimited, RemoteError, UnspoolError
from unspool.sources.http import (
    FetchPolicy,
    GuardedBackend,
    GuardedTransport,
    check_url,
    fetch,
    get_json,
    is_public,
    RetryLater,
    make_client,
    retry_after,
    waits_deferred,
)

PUBLIC_IP = "93.184.216.34"

# Hosts as written in a URL (port added by the tests), every one of them private or local.
REFUSED_HOSTS = [
    "127.0.0.1", "localhost", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
    "[::1]", "[fc00::1]", "[fd12::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0",
    "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.1", "127.1", "100.64.0.1",
    "[::]", "[fe80::1]", "[::127.0.0.1]", "[64:ff9b::a00:1]", "[2002:7f00:1::1]", "224.0.0.1",
    "255.255.255.255", "192.0.2.7", "[2001:db8::1]", "[ff02::1]", "240.0.0.1",
]
# Addresses a DNS name may answer with, every one of them refused.
REFUSED_ANSWERS = [
    "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "::1", "fc00::1", "fd12::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "::",
    "224.0.0.1", "198.51.100.1", "203.0.113.9", "2001:db8::1",
]


class FakeNetwork(httpcore.NetworkBackend):
    """Under the guard: records each connect; reaches loopback directly and the public
    addresses in `routes` via a loopback port; everything else is unreachable."""

    def __init__(self, routes: dict[tuple[str, int], int] | None = None):
        self.connects: list[tuple[str, int]] = []
        self.routes = routes or {}
        self.real = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connects.append((host, port))
        if (host, port) in self.routes:
            host, port = "127.0.0.1", self.routes[(host, port)]
        elif host not in ("127.0.0.1", "localhost", "::1"):
            raise httpcore.ConnectError(f"test network: {host} unreachable")
        return self.real.connect_tcp(host, port, timeout=timeout, local_address=local_address, socket_options=socket_options)


def policy(*allow: str, **kw) -> FetchPolicy:
    kw.setdefault("backoff", 0.01)
    return FetchPolicy(allow_hosts=frozenset(allow), **kw)


def client_on(net: FakeNetwork, pol: FetchPolicy, **transport_kw) -> httpx.Client:
    return make_client(pol, transport=GuardedTransport(pol, backend=net, **transport_kw))


@pytest.fixture
def srv():
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def other():
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def fake_dns(monkeypatch):
    """`fake_dns[name] = [ip, ...]` (or a callable returning them) answers for `name`; calls are in `fake_dns.calls`."""

    class Table(dict):
        calls: list[str] = []

    table = Table()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in table:
            return real(host, port, family, type, proto, flags)
        table.calls.append(host)
        answer = table[host]
        ips = answer() if callable(answer) else answer
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)) if ":" in ip else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in ips
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


# --- addresses --------------------------------------------------------------------------


@pytest.mark.parametrize("address", REFUSED_ANSWERS + ["::127.0.0.1", "2002:a00:1::1", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.8", "ff02::1", "3fff::1"])
def test_non_public_addresses_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC_IP, "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_are_public(address):
    assert is_public(ipaddress.ip_address(address))


# --- the refusal matrix -----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["https", "http"])
@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_private_hosts_are_refused_before_any_connection(srv, host, scheme):
    net = FakeNetwork()
    client = client_on(net, policy())
    url = f"{scheme}://{host}:{srv.port}/api"
    with pytest.raises(FetchRefused) as refused:
        get_json(client, url)
    with pytest.raises((FetchRefused, httpx.InvalidURL)):  # httpx itself rejects 0177.0.0.1
        client.get(url)  # the bare client is guarded too, not just the helpers
    assert "\n" not in str(refused.value)
    assert net.connects == [] and srv.connections == 0 and srv.requests == []


@pytest.mark.parametrize("host", [h.strip("[]") for h in REFUSED_HOSTS])
def test_connect_layer_alone_refuses_every_spelling(srv, host):
    """Even past the URL check, the connect step resolves the spelling and refuses the result."""
    net = FakeNetwork()
    with pytest.raises(FetchRefused):
        GuardedBackend(policy(), net).connect_tcp(host, srv.port, timeout=1)
    assert net.connects == [] and srv.connections == 0


def test_ipv6_loopback_server_is_never_reached():
    try:
        server6 = LoopbackServer("::1").start()
    except OSError:
        pytest.skip("no IPv6 loopback")
    with server6:
        client = make_client(policy())
        for url in (server6.url("/"), f"http://[::1]:{server6.port}/", f"https://localhost:{server6.port}/"):
            with pytest.raises(FetchRefused):
                get_json(client, url)
        assert server6.connections == 0


@pytest.mark.parametrize("answer", REFUSED_ANSWERS)
def test_dns_names_resolving_to_private_addresses_are_refused(srv, fake_dns, answer):
    fake_dns["evil.test"] = [answer]
    net = FakeNetwork()
    with pytest.raises(FetchRefused) as refused:
        get_json(client_on(net, policy()), f"https://evil.test:{srv.port}/")
    assert answer in str(refused.value)
    assert net.connects == [] and srv.connections == 0


def test_metadata_names_are_refused(fake_dns):
    fake_dns["metadata.google.internal"] = ["169.254.169.254"]
    net = FakeNetwork()
    with pytest.raises(FetchRefused):
        get_json(client_on(net, policy()), "https://metadata.google.internal/computeMetadata/v1/")
    assert net.connects == []


@pytest.mark.parametrize("answers", [[PUBLIC_IP, "10.0.0.1"], ["127.0.0.1", PUBLIC_IP], [PUBLIC_IP, "::1"]])
def test_one_private_answer_among_public_ones_refuses_the_name(fake_dns, answers):
    fake_dns["mixed.test"] = answers
    net = FakeNetwork()
    with pytest.raises(FetchRefused):
        get_json(client_on(net, policy()), "https://mixed.test/")
    assert net.connects == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:{port}/_GET", "data:text/plain,hi", "//example.org/x", "https:///nohost"])
def test_other_schemes_are_refused(srv, url):
    net = FakeNetwork()
    client = client_on(net, policy(srv.netloc))  # even with the loopback server allowed
    with pytest.raises(FetchRefused):
        get_json(client, url.format(port=srv.port))
    assert net.connects == [] and srv.connections == 0


def test_plain_http_to_a_public_host_is_refused_without_resolving_or_connecting(fake_dns):
    fake_dns["public.test"] = [PUBLIC_IP]
    net = FakeNetwork()
    with pytest.raises(FetchRefused, match="plain http"):
        get_json(client_on(net, policy()), "http://public.test/api")
    assert net.connects == [] and fake_dns.calls == []


def test_https_to_a_public_host_connects_to_the_checked_address(fake_dns):
    fake_dns["public.test"] = [PUBLIC_IP]
    net = FakeNetwork()  # the public address is unreachable here: a connect error, retried
    with pytest.raises(RemoteError, match="could not connect to public.test"):
        get_json(client_on(net, policy()), "https://public.test/api")
    assert net.connects == [(PUBLIC_IP, 443)] * 3


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_connected(srv, fake_dns):
    answers = iter([[PUBLIC_IP]])
    fake_dns["rebind.test"] = lambda: next(answers, ["127.0.0.1"])
    net = FakeNetwork()
    with pytest.raises(FetchRefused):  # the retry resolves again, gets 127.0.0.1 and is refused
        get_json(client_on(net, policy()), f"https://rebind.test:{srv.port}/")
    assert net.connects == [(PUBLIC_IP, srv.port)]  # an IP, the one checked; never the name
    assert srv.connections == 0


def test_the_mock_transport_is_behind_the_url_check_too():
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, json={"ok": True})

    client = make_client(policy(), transport=httpx.MockTransport(handler))
    assert get_json(client, "https://mastodon.example/api/v1/statuses/1") == {"ok": True}  # no DNS needed
    for url in ("https://10.0.0.1/", "https://2130706433/", "http://mastodon.example/", "file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            get_json(client, url)
    assert seen == ["https://mastodon.example/api/v1/statuses/1"]


def test_helpers_need_a_guarded_client():
    with pytest.raises(TypeError):
        get_json(httpx.Client(), "https://example.org/")


# --- redirects --------------------------------------------------------------------------


def redirect_targets(port: int) -> list[str]:
    return [f"http://{h}:{port}/" for h in REFUSED_HOSTS] + [
        f"https://evil.test:{port}/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"gopher://127.0.0.1:{port}/",
    ]


def test_redirects_to_refused_targets_are_not_followed(srv, other, fake_dns):
    fake_dns["evil.test"] = ["127.0.0.1"]
    targets = redirect_targets(other.port)
    for i, target in enumerate(targets):
        srv.redirect(f"/r{i}", target)
    client = make_client(policy(srv.netloc))  # the real network: `other` counts what reaches it
    for i, target in enumerate(targets):
        with pytest.raises(FetchRefused):
            get_json(client, srv.url(f"/r{i}"))
    assert len(srv.requests) == len(targets)
    assert other.connections == 0 and other.requests == []


def test_a_port_specific_allow_entry_does_not_allow_the_same_host_on_another_port(srv, other):
    srv.redirect("/hop", other.url("/"))
    client = make_client(policy(srv.netloc))
    with pytest.raises(FetchRefused):
        get_json(client, srv.url("/hop"))
    with pytest.raises(FetchRefused):
        get_json(client, other.url("/"))
    assert other.connections == 0


def test_redirects_within_allowed_hosts_are_followed(srv):
    srv.redirect("/a", "/b", status=301)
    srv.redirect("/b", srv.url("/c"), status=308)
    srv.route("GET", "/c", json={"here": True})
    assert get_json(make_client(policy(srv.netloc)), srv.url("/a")) == {"here": True}
    assert [r.path for r in srv.requests] == ["/a", "/b", "/c"]


def test_more_than_five_redirects_is_an_error(srv):
    srv.redirect("/loop", "/loop")
    with pytest.raises(RemoteError, match="more than 5 redirects"):
        get_json(make_client(policy(srv.netloc)), srv.url("/loop"))
    assert len(srv.requests) == 6


def test_credentials_are_not_sent_to_another_origin(srv, other):
    srv.redirect("/out", other.url("/in"))
    other.route("GET", "/in", json={})
    client = make_client(policy(srv.netloc, other.netloc))
    get_json(client, srv.url("/out"), headers={"Authorization": "Bearer secret", "Accept": "application/json"})
    assert srv.requests[0].headers["authorization"] == "Bearer secret"
    assert other.requests[0].headers["authorization"] is None
    assert other.requests[0].headers["accept"] == "application/json"


def test_see_other_turns_a_post_into_a_get(srv):
    srv.route("POST", "/submit", status=303, headers={"Location": "/result"})
    srv.route("GET", "/result", json={"done": True})
    response = fetch(make_client(policy(srv.netloc)), srv.url("/submit"), method="POST", content=b"x=1")
    assert response.json() == {"done": True}
    assert [(r.method, r.path) for r in srv.requests] == [("POST", "/submit"), ("GET", "/result")]


# --- the allow list ---------------------------------------------------------------------


def test_an_allowed_loopback_server_works_over_http(srv):
    srv.route("GET", "/api/v1/statuses/1", json={"id": "1"})
    assert get_json(make_client(policy(srv.netloc)), srv.url("/api/v1/statuses/1"), params={"x": "y"}) == {"id": "1"}
    request = srv.requests[0]
    assert request.query == {"x": ["y"]}
    assert request.headers["user-agent"] == f"Unspool/{__version__} (+https://unspool.invalid/)"


def test_an_allow_entry_without_port_allows_every_port(srv, other):
    client = make_client(policy("127.0.0.1"))
    for server in (srv, other):
        server.route("GET", "/", json=server.port)
        assert get_json(client, server.url("/")) == server.port


def test_allow_entries_match_the_host_as_written(srv):
    srv.route("GET", "/", json={})
    client = make_client(policy(f"LOCALHOST:{srv.port}"))
    assert get_json(client, f"http://localhost:{srv.port}/") == {}
    with pytest.raises(FetchRefused):
        get_json(client, f"http://127.0.0.1:{srv.port}/")
    assert policy("bücher.example").allows("xn--bcher-kva.example", 443)
    assert policy("[::1]:8080").allows("::1", 8080) and not policy("[::1]:8080").allows("::1", 8081)
    assert policy("::1").allows("::1", 1234)


def test_the_allow_list_comes_from_the_environment(srv, monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", f" {srv.netloc} , Example.ORG")
    monkeypatch.setenv("UNSPOOL_PUBLIC_URL", "https://unspool.example")
    settings = Settings.from_env()
    assert settings.allow_hosts == {srv.netloc, "example.org"}
    srv.route("GET", "/", json={"ok": 1})
    assert get_json(make_client(settings), srv.url("/")) == {"ok": 1}
    assert srv.requests[0].headers["user-agent"] == f"Unspool/{__version__} (+https://unspool.example)"


def test_a_malformed_allow_entry_is_a_clear_error():
    with pytest.raises(InputError, match="UNSPOOL_ALLOW_HOSTS"):
        policy("example.org/path")


# --- TLS to a checked address -------------------------------------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """A CA and a certificate for unspool.test and rebind.test, made with the openssl tool."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl tool")
    d = tmp_path_factory.mktemp("tls")

    def run(*args):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Unspool test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=unspool.test")
    (d / "ext.cnf").write_text("subjectAltName=DNS:unspool.test,DNS:rebind.test\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(d / "leaf.pem", d / "leaf.key")
    client_ctx = ssl.create_default_context(cafile=str(d / "ca.pem"))
    return server_ctx, client_ctx


@pytest.fixture
def tls_srv(tls):
    server_ctx, _ = tls
    names = []
    server_ctx.sni_callback = lambda sock, name, ctx: names.append(name)
    with LoopbackServer(ssl_context=server_ctx) as server:
        server.sni = names
        yield server


def test_tls_uses_the_hostname_while_connecting_to_the_checked_ip(tls, tls_srv, fake_dns):
    fake_dns["unspool.test"] = [PUBLIC_IP]
    tls_srv.route("GET", "/hello", json={"tls": True})
    net = FakeNetwork(routes={(PUBLIC_IP, 443): tls_srv.port})
    client = client_on(net, policy(), verify=tls[1])
    assert get_json(client, "https://unspool.test/hello") == {"tls": True}
    assert net.connects == [(PUBLIC_IP, 443)]
    assert tls_srv.sni == ["unspool.test"] and tls_srv.requests[0].headers["host"] == "unspool.test"


def test_a_certificate_for_another_name_is_rejected(tls, tls_srv, fake_dns):
    fake_dns["other.test"] = [PUBLIC_IP]
    net = FakeNetwork(routes={(PUBLIC_IP, 443): tls_srv.port})
    with pytest.raises(RemoteError):
        get_json(client_on(net, policy(retries=0), verify=tls[1]), "https://other.test/hello")
    assert tls_srv.requests == []


def test_a_rebinding_name_is_connected_at_the_address_checked(tls, tls_srv, fake_dns):
    """First answer public, every later one 127.0.0.1: the connection goes to the checked IP."""
    answers = iter([[PUBLIC_IP]])
    fake_dns["rebind.test"] = lambda: next(answers, ["127.0.0.1"])
    tls_srv.route("GET", "/", json={"where": "checked"})
    net = FakeNetwork(routes={(PUBLIC_IP, 443): tls_srv.port})
    assert get_json(client_on(net, policy(), verify=tls[1]), "https://rebind.test/") == {"where": "checked"}
    assert net.connects == [(PUBLIC_IP, 443)] and fake_dns.calls == ["rebind.test"]


# --- size, time ---------------------------------------------------------------------------


def test_a_body_over_the_cap_with_a_declared_length_is_refused(srv):
    srv.route("GET", "/big", body=b"x" * 6_000_000)
    with pytest.raises(RemoteError, match="larger than 5 MB"):
        get_json(make_client(policy(srv.netloc)), srv.url("/big"))


def test_a_streamed_body_over_the_cap_stops_being_read(srv):
    total = 200 * 1024 * 1024
    srv.route("GET", "/six", stream=lambda: (b"x" * 65536 for _ in range(96)))  # 6 MB, no length
    srv.route("GET", "/endless", stream=lambda: (b"x" * 65536 for _ in range(total // 65536)))
    client = make_client(policy(srv.netloc))
    with pytest.raises(RemoteError, match="larger than 5 MB"):
        get_json(client, srv.url("/six"))
    with pytest.raises(RemoteError, match="larger than 5 MB"):
        get_json(client, srv.url("/endless"))
    srv.wait_done()
    endless = srv.requests[1]
    assert endless.aborted and endless.bytes_sent < 50 * 1024 * 1024


def test_the_cap_counts_decompressed_bytes():
    bomb = gzip.compress(b"0" * 20_000_000)
    assert len(bomb) < 100_000
    client = make_client(policy(), transport=httpx.MockTransport(lambda r: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)))
    with pytest.raises(RemoteError, match="larger than"):
        get_json(client, "https://example.org/")


def test_a_server_slower_than_the_read_timeout_fails_quickly(srv):
    srv.route("GET", "/slow", json={}, delay=3)
    client = make_client(policy(srv.netloc, read_timeout=0.2, retries=0))
    start = time.monotonic()
    with pytest.raises(RemoteError, match="did not answer in time"):
        get_json(client, srv.url("/slow"))
    assert time.monotonic() - start < 1.5


def test_timeouts_are_retried_for_gets(srv):
    srv.route("GET", "/slow", json={}, delay=3)
    with pytest.raises(RemoteError):
        get_json(make_client(policy(srv.netloc, read_timeout=0.2)), srv.url("/slow"))
    assert len(srv.requests) == 3


def test_a_trickling_body_hits_the_total_timeout(srv):
    def trickle():
        for _ in range(100):
            yield b"x"
            time.sleep(0.05)

    srv.route("GET", "/trickle", stream=trickle)
    start = time.monotonic()
    with pytest.raises(RemoteError, match="took longer than"):
        get_json(make_client(policy(srv.netloc, total_timeout=0.5, retries=0)), srv.url("/trickle"))
    assert time.monotonic() - start < 2


# --- retries and errors -------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried(srv, status):
    srv.route("GET", "/flaky", status=status, times=2)
    srv.route("GET", "/flaky", json={"ok": True})
    assert get_json(make_client(policy(srv.netloc)), srv.url("/flaky")) == {"ok": True}
    assert len(srv.requests) == 3


def test_gateway_errors_give_up_after_the_retries(srv):
    srv.route("GET", "/down", status=503)
    with pytest.raises(RemoteError, match="HTTP 503"):
        get_json(make_client(policy(srv.netloc)), srv.url("/down"))
    assert len(srv.requests) == 3


@pytest.mark.parametrize(("status", "error"), [(404, NotFoundRemote), (410, NotFoundRemote), (401, Forbidden), (403, Forbidden), (500, RemoteError), (400, RemoteError)])
def test_other_statuses_are_not_retried_and_map_to_errors(srv, status, error):
    srv.route("GET", "/x", status=status)
    with pytest.raises(error) as raised:
        get_json(make_client(policy(srv.netloc)), srv.url("/x"))
    assert raised.value.status == status and "\n" not in str(raised.value)
    assert len(srv.requests) == 1


def test_posts_are_never_retried(srv):
    srv.route("POST", "/x", status=503)
    response = fetch(make_client(policy(srv.netloc)), srv.url("/x"), method="POST", content=b"{}")
    assert response.status_code == 503 and len(srv.requests) == 1


def test_connect_errors_are_retried_for_gets_only():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens there
    for method, attempts in (("GET", 3), ("POST", 1)):
        net = FakeNetwork()
        with pytest.raises(RemoteError, match="could not connect"):
            fetch(client_on(net, policy("127.0.0.1")), f"http://127.0.0.1:{port}/", method=method)
        assert net.connects == [("127.0.0.1", port)] * attempts


def test_429_with_a_short_retry_after_waits_and_retries(srv):
    srv.route("GET", "/x", status=429, headers={"Retry-After": "1"}, times=1)
    srv.route("GET", "/x", json={"ok": True})
    start = time.monotonic()
    assert get_json(make_client(policy(srv.netloc)), srv.url("/x")) == {"ok": True}
    assert 0.9 <= time.monotonic() - start < 5
    assert len(srv.requests) == 2


@pytest.mark.parametrize("status, error", [(429, RateLimited), (503, RemoteError)])
def test_in_a_job_a_retry_after_is_handed_back_instead_of_slept(srv, status, error):
    srv.route("GET", "/x", status=status, headers={"Retry-After": "20"}, json={"error": "busy"})
    start = time.monotonic()
    with waits_deferred(), pytest.raises(RetryLater) as deferred:
        get_json(make_client(policy(srv.netloc)), srv.url("/x"))
    assert time.monotonic() - start < 0.5 and len(srv.requests) == 1
    assert deferred.value.retry_after == 20 and deferred.value.url == srv.url("/x")
    assert isinstance(deferred.value.error, error) and str(deferred.value.error).startswith("127.0.0.1 ")
    with pytest.raises(error):  # outside a job: the wait is slept as before (short ones) or raised
        get_json(make_client(policy(srv.netloc, max_retry_after=1)), srv.url("/x"))


def test_in_a_job_a_timeout_is_handed_back_at_once(srv):
    srv.route("GET", "/slow", json={}, delay=1.0)
    with waits_deferred(), pytest.raises(RetryLater) as deferred:
        get_json(make_client(policy(srv.netloc, read_timeout=0.2)), srv.url("/slow"))
    assert deferred.value.retry_after is None and "did not answer in time" in str(deferred.value.error)
    assert len(srv.requests) == 1  # not retried here: the queue retries


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_429_with_a_long_retry_after_raises_at_once(srv, form):
    header = "3600" if form == "seconds" else format_datetime(datetime.now(timezone.utc) + timedelta(hours=1), usegmt=True)
    srv.route("GET", "/x", status=429, headers={"Retry-After": header})
    start = time.monotonic()
    with pytest.raises(RateLimited, match="try again in") as limited:
        get_json(make_client(policy(srv.netloc)), srv.url("/x"))
    assert time.monotonic() - start < 0.5
    assert limited.value.retry_after == pytest.approx(3600, abs=5)
    assert isinstance(limited.value, UnspoolError) and len(srv.requests) == 1


def test_429_without_retry_after_backs_off_then_raises(srv):
    srv.route("GET", "/x", status=429)
    with pytest.raises(RateLimited) as limited:
        get_json(make_client(policy(srv.netloc)), srv.url("/x"))
    assert limited.value.retry_after is None and len(srv.requests) == 3


def test_retry_after_values():
    assert retry_after("120") == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after("soon") is None and retry_after(None) is None


def test_invalid_json_is_a_remote_error(srv):
    srv.route("GET", "/x", body="<html>nope</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(RemoteError, match="did not return valid JSON"):
        get_json(make_client(policy(srv.netloc)), srv.url("/x"))


def test_check_url_accepts_public_https():
    check_url("https://mastodon.social/@x/1", policy())
    check_url(f"https://{PUBLIC_IP}/", policy())
    check_url("https://[2606:4700:4700::1111]/", policy())


def test_loopback_server_routes_by_query_and_handler(srv):
    srv.route("GET", "/q?a=1", json="exact")
    srv.route("GET", "/q", handler=lambda req: Reply(json=req.query))
    client = make_client(policy(srv.netloc))
    assert get_json(client, srv.url("/q?a=1")) == "exact"
    assert get_json(client, srv.url("/q"), params={"b": "2"}) == {"b": ["2"]}
    assert get_json(client, srv.url("/q?a=1")) == "exact"
    with pytest.raises(NotFoundRemote):
        get_json(client, srv.url("/unrouted"))
