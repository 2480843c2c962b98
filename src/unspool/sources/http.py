"""The one HTTP client every live source uses: timeouts, a size cap, checked redirects, polite
retries, and an SSRF guard that checks every address it connects to.

The guard has two layers. `check_url` runs on every URL before anything is sent (scheme,
plain http, IP literals in any spelling). `GuardedBackend` runs when a TCP connection is opened:
it resolves the host once, refuses the connection if *any* answer is not a public address, and
connects to the checked IP itself (TLS still verifies the original hostname), so a DNS answer
that changes between check and connect (rebinding) cannot redirect it.
"""

from __future__ import annotations

import ipaddress
import json
import random
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .. import __version__
from ..errors import FetchRefused, Forbidden, InputError, NotFoundRemote, RateLimited, RemoteError, UnspoolError

PROJECT_URL = "https://unspool.invalid/"  # placeholder until the project has a public home
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 502, 503, 504}
IDEMPOTENT = {"GET", "HEAD"}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Refused beyond what `is_global` already says (Python 3.11's tables miss some of these).
_BLOCKED = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20",
        "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for outgoing requests. `allow_hosts` entries are "host" (any port) or "host:port"."""

    allow_hosts: frozenset[str] = frozenset()
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 20.0  # per request sent; checked as chunks arrive, so it can overrun by one read timeout
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2  # extra attempts for idempotent requests
    backoff: float = 0.5  # first retry waits about this long, then doubling, with jitter
    max_retry_after: float = 30.0
    user_agent: str = f"Unspool/{__version__} (+{PROJECT_URL})"
    _allowed: frozenset[tuple[str, int | None]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_allowed", frozenset(_parse_allow_entry(e) for e in self.allow_hosts))

    @classmethod
    def from_settings(cls, settings, **overrides) -> FetchPolicy:
        public = getattr(settings, "public_url", None)
        agent = f"Unspool/{__version__} (+{public or PROJECT_URL})"
        return cls(allow_hosts=frozenset(getattr(settings, "allow_hosts", ())), user_agent=agent, **overrides)

    def allows(self, host: str, port: int) -> bool:
        host = _norm_host(host)
        return (host, None) in self._allowed or (host, port) in self._allowed


def _norm_host(host: str) -> str:
    """The host as the allow list compares it: lowercase, IDNA (punycode), no brackets/trailing dot."""
    host = host.strip("[]").rstrip(".").lower()
    if not host.isascii():
        try:
            host = httpx.URL(f"http://{host}/").raw_host.decode("ascii")
        except httpx.InvalidURL:
            pass
    return host


def _parse_allow_entry(entry: str) -> tuple[str, int | None]:
    entry = entry.strip()
    if entry.count(":") > 1 and not entry.startswith("["):
        entry = f"[{entry}]"  # a bare IPv6 address
    try:
        parts = urlsplit(f"http://{entry}")
        host, port = parts.hostname, parts.port
    except ValueError:
        host = None
    if not host or parts.path or parts.username:
        raise InputError(f"UNSPOOL_ALLOW_HOSTS: {entry!r} is not host or host:port; fix the setting")
    return _norm_host(host), port


# --- the guard --------------------------------------------------------------------------


def is_public(ip: IPAddress) -> bool:
    """True for a globally routable unicast address; embedded IPv4 addresses are checked too."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    if any(ip in net for net in _BLOCKED if net.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback)


def _literal_ip(host: str) -> IPAddress | None:
    """The IP a host names literally, in any spelling a resolver accepts (2130706433, 0177.0.0.1, 0x7f.1, 127.1)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _refuse(url: str, why: str) -> FetchRefused:
    return FetchRefused(f"refused to fetch {url}: {why}", url=url)


_NOT_PUBLIC = "a private or local address; Unspool fetches only from public servers (UNSPOOL_ALLOW_HOSTS lists exceptions)"


def check_url(url: str | httpx.URL, policy: FetchPolicy) -> None:
    """Raise FetchRefused unless `url` may be fetched. No DNS here: names are checked on connect."""
    url = str(url)
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname or ""
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        raise _refuse(url, "not a valid URL") from None
    if scheme not in ("http", "https"):
        raise _refuse(url, f"{scheme or 'no'} scheme; give an https:// link")
    if not host:
        raise _refuse(url, "no host; give a full https:// link")
    if policy.allows(host, port):
        return
    ip = _literal_ip(_norm_host(host))
    if ip is not None and not is_public(ip):
        raise _refuse(url, f"{ip} is {_NOT_PUBLIC}")
    if scheme == "http":
        raise _refuse(url, "plain http; use the https:// link")


def resolve_public(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, or FetchRefused if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RemoteError(f"cannot resolve {host}: check the address", url=host) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        if not is_public(ipaddress.ip_address(address)):
            raise FetchRefused(f"refused to connect to {host}: it resolves to {address}, {_NOT_PUBLIC}", url=host)
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to checked addresses, and to exactly the address checked."""

    def __init__(self, policy: FetchPolicy, inner: httpcore.NetworkBackend | None = None):
        self.policy = policy
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if self.policy.allows(host, port):
            addresses = [host]
        else:
            addresses = resolve_public(host, port)
        error: Exception = RemoteError(f"{host} has no address; check the address", url=host)
        for address in addresses:
            try:
                return self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    def connect_unix_socket(self, *args, **kwargs):
        raise FetchRefused("refused: Unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the URL check before each request and GuardedBackend under it."""

    def __init__(self, policy: FetchPolicy, *, backend: httpcore.NetworkBackend | None = None, verify=True):
        super().__init__(trust_env=False)
        self.policy = policy
        # httpx has no public hook for the network backend, so the pool is rebuilt with ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, backend),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_url(request.url, self.policy)
        return super().handle_request(request)


class _CheckedTransport(httpx.BaseTransport):
    """The URL check in front of a caller's transport (tests' MockTransport: nothing leaves the process)."""

    def __init__(self, inner: httpx.BaseTransport, policy: FetchPolicy):
        self.inner, self.policy = inner, policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_url(request.url, self.policy)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class SafeClient(httpx.Client):
    """An httpx.Client from make_client: guarded, with `policy` for fetch() and get_json()."""

    policy: FetchPolicy


def make_client(settings_or_policy, *, transport: httpx.BaseTransport | None = None) -> SafeClient:
    """The client every source uses. `settings_or_policy` is a Settings or a FetchPolicy;
    `transport` replaces the network (tests), still behind the URL check."""
    policy = settings_or_policy if isinstance(settings_or_policy, FetchPolicy) else FetchPolicy.from_settings(settings_or_policy)
    if transport is None:
        transport = GuardedTransport(policy)
    elif not isinstance(transport, GuardedTransport):
        transport = _CheckedTransport(transport, policy)
    client = SafeClient(
        transport=transport,
        timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
        headers={"User-Agent": policy.user_agent},
        follow_redirects=False,  # fetch() follows them itself, checking each hop
        event_hooks={"response": [lambda response: _check_location(response, policy)]},
        trust_env=False,  # no proxies from the environment: the guard must see the real target
    )
    client.policy = policy
    return client


def _check_location(response: httpx.Response, policy: FetchPolicy) -> None:
    """Refuse a redirect to a refused URL as such: httpx would otherwise fail on spellings it
    cannot parse (0177.0.0.1) with a protocol error before fetch() sees the Location."""
    location = response.headers.get("location")
    if response.status_code in REDIRECTS and location:
        check_url(urljoin(str(response.request.url), location.strip()), policy)


# --- requests ---------------------------------------------------------------------------


def fetch(client: SafeClient, url: str, *, method: str = "GET", headers=None, params=None, content: bytes | None = None) -> httpx.Response:
    """Send one request, following up to `max_redirects` checked redirects and retrying idempotent
    requests on connection failures, timeouts, 502/503/504 and 429. The body is read (capped)."""
    if not isinstance(client, SafeClient):
        raise TypeError("fetch() needs a client from make_client()")
    policy = client.policy
    headers = dict(headers or {})
    for _hop in range(policy.max_redirects + 1):
        check_url(url, policy)
        response = _send_with_retries(client, method, url, headers, params, content)
        location = response.headers.get("location")
        if response.status_code not in REDIRECTS or not location:
            return response
        target = urljoin(url, location.strip())
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            method, content = "GET", None
        if _origin(target) != _origin(url):
            headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
        url, params = target, None
    raise RemoteError(f"{url}: more than {policy.max_redirects} redirects; check the link", url=url)


class RetryLater(Exception):
    """Raised instead of sleeping between retries while `waits_deferred()` is on (in a job): the
    queue waits, not the thread. `error` is what to raise when the caller stops retrying;
    `retry_after` the server's own wait (Retry-After), when it gave one."""

    def __init__(self, error: UnspoolError, *, retry_after: float | None, url: str):
        super().__init__(str(error))
        self.error, self.retry_after, self.url = error, retry_after, url


_DEFER_WAITS: ContextVar[bool] = ContextVar("unspool_defer_waits", default=False)


@contextmanager
def waits_deferred() -> Iterator[None]:
    """Within it (in this thread), a request that would be retried after a wait raises
    RetryLater at once instead: job workers hand the wait back to the queue (jobs/)."""
    token = _DEFER_WAITS.set(True)
    try:
        yield
    finally:
        _DEFER_WAITS.reset(token)


def _send_with_retries(client, method, url, headers, params, content) -> httpx.Response:
    policy = client.policy
    attempts = policy.retries + 1 if method.upper() in IDEMPOTENT else 1
    defer = attempts > 1 and _DEFER_WAITS.get()
    host = urlsplit(url).hostname or url
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = _send_once(client, method, url, headers, params, content)
        except httpx.TimeoutException:
            error = RemoteError(f"{host} did not answer in time; try again later", url=url)
            if defer:
                raise RetryLater(error, retry_after=None, url=url) from None
            if last:
                raise error from None
        except httpx.ConnectError:
            error = RemoteError(f"could not connect to {host}; check the address or try again later", url=url)
            if defer:
                raise RetryLater(error, retry_after=None, url=url) from None
            if last:
                raise error from None
        except httpx.InvalidURL as exc:
            raise _refuse(url, f"not a valid URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise RemoteError(f"fetching {url} failed ({exc}); try again later", url=url) from None
        else:
            if response.status_code not in RETRY_STATUSES or attempts == 1:
                return response
            if defer:
                wait = retry_after(response.headers.get("retry-after"))
                raise RetryLater(_status_error(response, url), retry_after=wait, url=url)
            wait = retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > policy.max_retry_after:
                if response.status_code == 429:
                    raise _rate_limited(url, wait)
                return response
            if last:
                return response
            if wait is not None:
                time.sleep(wait)
                continue
        time.sleep(policy.backoff * 2**attempt * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


def _send_once(client, method, url, headers, params, content) -> httpx.Response:
    policy = client.policy
    deadline = time.monotonic() + policy.total_timeout
    request = client.build_request(method, url, headers=headers, params=params, content=content)
    response = client.send(request, stream=True)
    try:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > policy.max_bytes:
            raise _too_large(url, policy)
        body = bytearray()
        for chunk in response.iter_bytes():  # decoded bytes: a compressed bomb counts at full size
            body += chunk
            if len(body) > policy.max_bytes:
                raise _too_large(url, policy)
            if time.monotonic() > deadline:
                raise RemoteError(f"{url} took longer than {policy.total_timeout:g} s to send; try again later", url=url)
    finally:
        response.close()  # mid-body, this drops the connection: the rest is never read
    # A fresh Response holding the decoded body (so no content-encoding any more).
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
    return httpx.Response(response.status_code, headers=kept, content=bytes(body), request=response.request, extensions=response.extensions)


def _too_large(url: str, policy: FetchPolicy) -> RemoteError:
    return RemoteError(f"{url}: the answer is larger than {policy.max_bytes / 1e6:g} MB; not fetched", url=url)


def _rate_limited(url: str, wait: float | None) -> RateLimited:
    host = urlsplit(url).hostname or url
    when = f"in {wait:.0f} s" if wait is not None else "later"
    return RateLimited(f"{host} is rate-limiting Unspool; try again {when}", retry_after=wait, url=url)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or ""), parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date), if it says."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def get_json(client: SafeClient, url: str, *, headers=None, params=None):
    """GET `url` and decode its JSON, or raise an UnspoolError subclass a user can act on."""
    return json_result(fetch(client, url, headers=headers, params=params), url)


def post_json(client: SafeClient, url: str, body, *, headers=None):
    """POST `body` as JSON to `url` (never retried: a POST may not be idempotent) and decode
    the JSON answer, with the same errors as get_json."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return json_result(fetch(client, url, method="POST", headers=headers, content=json.dumps(body).encode()), url)


def _status_error(response: httpx.Response, url: str) -> UnspoolError:
    """The error a retried status ends in when the retries run out (as json_result says it)."""
    try:
        json_result(response, url)
    except UnspoolError as exc:
        return exc
    return RemoteError(f"{urlsplit(url).hostname or url} answered HTTP {response.status_code}; try again later", url=url)


def json_result(response: httpx.Response, url: str):
    """The decoded JSON of a 2xx answer, or the UnspoolError its status means."""
    status, host = response.status_code, urlsplit(url).hostname or url
    if status in (404, 410):
        raise NotFoundRemote(f"{host} has nothing at {url} (HTTP {status}): check the link; the post may be deleted", url=url, status=status)
    if status in (401, 403):
        raise Forbidden(f"{host} refused access to {url} (HTTP {status}): the post is private or deleted, or needs a login", url=url, status=status)
    if status == 429:
        raise _rate_limited(url, retry_after(response.headers.get("retry-after")))
    if not 200 <= status < 300:
        raise RemoteError(f"{host} answered HTTP {status} for {url}; try again later", url=url, status=status)
    try:
        return json.loads(response.content)
    except ValueError:
        raise RemoteError(f"{url} did not return valid JSON; check that it is the right link", url=url, status=status) from None
