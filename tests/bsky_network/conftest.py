"""A real local Bluesky network (PLC, PDS, AppView from @atproto/dev-env) for end-to-end tests.

`network.js` beside this file starts it and serves a small JSON control API on a loopback port
(accounts, posts, `processAll`, reads); `bsky_network` starts it once per session in its own
PostgreSQL database (on the cluster `scripts/with-postgres` starts) and its own Redis, and stops
it afterwards. Setup: `scripts/bsky-network-setup` (npm ci + the native sqlite module); `make
test` runs it. Without Node, the node modules, PostgreSQL or Redis the tests are skipped (and
fail under CI).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import string
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from process_output import read_lines_until
from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
POSTGRES_URL = os.environ.get("UNSPOOL_TEST_POSTGRES_URL")
REDIS_HOST = os.environ.get("UNSPOOL_TEST_REDIS_HOST")
START_TIMEOUT = 120.0


def _unavailable(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"the local Bluesky network cannot start: {why}")
    pytest.skip(f"no local Bluesky network: {why}")


@dataclass
class Account:
    did: str
    handle: str
    password: str
    app_password: str


class BskyNetwork:
    """The running network: its URLs and DIDs, and the control API."""

    def __init__(self, ready: dict, process: subprocess.Popen, log_path: Path):
        self.pds: str = ready["pds"]
        self.pds_did: str = ready["pdsDid"]
        self.appview: str = ready["appview"]
        self.appview_did: str = ready["appviewDid"]
        self.plc: str = ready["plc"]
        self.start_ms: int = ready["startMs"]
        self.process = process
        self.log_path = log_path
        self._control = httpx.Client(base_url=ready["control"], timeout=60.0, trust_env=False)

    @property
    def allow_hosts(self) -> str:
        """`UNSPOOL_ALLOW_HOSTS` for the PDS and the AppView (plain http on localhost)."""
        return ",".join(urlsplit(url).netloc for url in (self.pds, self.appview, self.plc))

    def _call(self, method: str, path: str, **kwargs) -> dict:
        response = self._control.request(method, path, **kwargs)
        if response.status_code != 200:
            raise AssertionError(f"{method} {path} -> {response.status_code}: {response.text}\n{self.log_tail()}")
        return response.json()

    def create_account(self, handle: str, *, display_name: str | None = None) -> Account:
        body = {"handle": handle, **({"displayName": display_name} if display_name else {})}
        data = self._call("POST", "/accounts", json=body)
        return Account(data["did"], data["handle"], data["password"], data["appPassword"])

    def post(self, account: Account, text: str, *, reply_to: dict | str | None = None, facets: list | None = None) -> dict:
        """Posts as `account`; facets are detected (mentions, links, tags) unless given.
        Returns {uri, cid, url, facets}."""
        body: dict = {"as": account.handle, "text": text}
        if reply_to is not None:
            body["replyTo"] = reply_to["uri"] if isinstance(reply_to, dict) else reply_to
        if facets is not None:
            body["facets"] = facets
        return self._call("POST", "/posts", json=body)

    def process_all(self) -> None:
        """Waits until the AppView has indexed every write so far."""
        self._call("POST", "/process", json={})

    def records(self, account: Account) -> list[dict]:
        """The account's app.bsky.feed.post records, straight from its repository on the PDS."""
        return self._call("GET", "/records", params={"actor": account.did})["records"]

    def thread(self, uri: str, *, viewer: Account, depth: int = 30) -> dict:
        """getPostThread as the AppView answers it (read through the PDS as `viewer`)."""
        return self._call("GET", "/thread", params={"uri": uri, "as": viewer.handle, "depth": depth})["thread"]

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "network log:\n" + "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def close(self) -> None:
        self._control.close()


def _database_url(name: str, postgres_url: str | None = None) -> str:
    base = (postgres_url or POSTGRES_URL).replace("postgresql+psycopg://", "postgresql://", 1)
    return base.rsplit("/", 1)[0] + "/" + name


def _read_ready(process: subprocess.Popen, timeout: float) -> dict | None:
    ready, _ = read_lines_until(process, timeout, lambda line: json.loads(line) if line.startswith('{"ready"') else None)
    return ready


class NetworkUnavailable(Exception):
    """Node, the node modules, PostgreSQL or Redis is missing."""


@contextmanager
def running_network(log_dir: Path, *, postgres_url: str | None = None, redis_host: str | None = None):
    """Starts network.js in a PostgreSQL database of its own and yields the BskyNetwork; stops
    it and drops the database afterwards. Used by the fixture below and by
    benchmarks/bench_bot.py (run under scripts/with-postgres)."""
    postgres_url = postgres_url or POSTGRES_URL
    redis_host = redis_host or REDIS_HOST
    node = shutil.which("node")
    if node is None:
        raise NetworkUnavailable("node is not installed (scripts/install-system-deps)")
    if not (HERE / "node_modules" / "@atproto" / "dev-env").is_dir():
        raise NetworkUnavailable("tests/bsky_network/node_modules is missing: run scripts/bsky-network-setup")
    if not postgres_url or not redis_host:
        raise NetworkUnavailable("UNSPOOL_TEST_POSTGRES_URL / UNSPOOL_TEST_REDIS_HOST are not set: run under scripts/with-postgres (`make test`)")

    # A database of its own: other tests drop and recreate the public schema of the test database.
    suffix = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    database = f"bsky_e2e_{suffix}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))

    log_path = log_dir / "network.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")},
        "DB_POSTGRES_URL": _database_url(database, postgres_url),
        "DB_POSTGRES_SCHEMA": "unspool_live",
        "REDIS_HOST": redis_host,
        "NODE_ENV": "test",
    }
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [node, str(HERE / "network.js")], cwd=HERE, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log
        )
    network = None
    try:
        ready = _read_ready(process, START_TIMEOUT)
        if ready is None:
            process.kill()
            process.wait()
            raise RuntimeError(f"the local Bluesky network did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
        network = BskyNetwork(ready, process, log_path)
        yield network
    finally:
        if network is not None:
            network.close()
        if process.poll() is None:
            process.stdin.close()  # network.js closes the network and exits
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.stdout.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def bsky_network(tmp_path_factory) -> BskyNetwork:
    try:
        with running_network(tmp_path_factory.mktemp("bsky-network")) as network:
            yield network
    except NetworkUnavailable as exc:
        _unavailable(str(exc))
    except RuntimeError as exc:
        if "did not start" not in str(exc):
            raise
        pytest.fail(str(exc))
