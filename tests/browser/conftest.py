"""Real-browser fixtures: a real `unspool serve` process over the imported demo archive, driven by
headless Chromium through Playwright.

The browser is Debian's (/usr/bin/chromium, installed by scripts/install-system-deps), never one
that Playwright downloads. Requests to other hosts (the demo author's avatar is on pbs.twimg.com)
never leave the machine: images get a local stand-in PNG, anything else a 204, and every such
request is recorded in `Tab.external`.

The server, the browser and the Playwright driver live for this package only: the sync API keeps
an asyncio loop marked as running in the main thread while it is started, which must not leak
into the rest of the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DEMO_ARCHIVE, REPO, Cli

from unspool.synthetic.x_archive import make_png

try:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Route,
        sync_playwright,
    )
except ImportError:  # pragma: no cover - reported by the `playwright` fixture
    sync_playwright = None

CHROMIUM = os.environ.get("UNSPOOL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
STAND_IN_PNG = make_png(48, 48, seed=7)

# Runs in every frame before the page's own content, through the DevTools protocol, so the
# page's CSP (which allows no script at all) does not apply to it; `ready` proves it ran.
WATCH_SCRIPT = """
window.__unspool = { ready: true, csp: [] };
document.addEventListener("securitypolicyviolation", (e) => {
  window.__unspool.csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile });
}, true);
"""


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: run the tests with `make test`")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`python -m unspool serve` on a free loopback port, over the data dir given."""

    def __init__(self, data_dir: Path, log_path: Path):
        self.cli = Cli(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "unspool", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env={**self.cli.env, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"unspool serve exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"unspool serve did not answer on {self.url} within {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def start_demo_server(root: Path) -> Server:
    """Import the demo archive into a fresh data dir under `root`, then serve it."""
    data_dir = root / "data"
    Cli(data_dir)("import", DEMO_ARCHIVE)
    return Server(data_dir, root / "server.log")


@pytest.fixture(scope="package")
def server(tmp_path_factory) -> Iterator[Server]:
    server = start_demo_server(tmp_path_factory.mktemp("browser-site"))
    yield server
    server.stop()


@dataclass
class Demo:
    """What the CLI says about the imported demo: the reference the pages are checked against."""

    cli: Cli
    threads: list[dict]  # `unspool threads --json`, newest first
    _unrolled: dict[str, dict] = field(default_factory=dict)

    def thread(self, title_start: str) -> dict:
        found = [t for t in self.threads if t["title"].startswith(title_start)]
        assert len(found) == 1, f"the demo should have one thread starting {title_start!r}"
        return found[0]

    def unroll(self, ref: str) -> dict:
        """`unspool unroll REF --format json`."""
        if ref not in self._unrolled:
            self._unrolled[ref] = json.loads(self.cli("unroll", ref, "--format", "json").stdout)
        return self._unrolled[ref]


@pytest.fixture(scope="package")
def demo(server) -> Demo:
    return Demo(server.cli, json.loads(server.cli("threads", "--json").stdout))


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if sync_playwright is None:
        _unavailable("playwright is not installed (it is in the `test` extra)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (scripts/install-system-deps installs Debian's `chromium`)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page in its own context, with everything that went wrong on it recorded."""

    page: Page
    console: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external: list[tuple[str, str]] = field(default_factory=list)  # (resource type, URL)

    @property
    def console_errors(self) -> list[str]:
        return [f"{m.text} ({m.location.get('url')})" for m in self.console if m.type == "error"]

    def watch_state(self) -> dict:
        """The init script's record for the current document, after queued events were delivered."""
        return self.page.evaluate("() => new Promise((done) => setTimeout(() => done(window.__unspool || null), 50))")

    def load_images(self) -> list[dict]:
        """Scroll each <img> into view (they are lazy), wait until it has loaded or failed, and
        return what the browser made of it."""
        images = self.page.locator("img")
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            image.evaluate(
                "(img) => img.complete || new Promise((done) => {"
                " img.addEventListener('load', done); img.addEventListener('error', done); })"
            )
        self.page.evaluate("() => window.scrollTo(0, 0)")
        return images.evaluate_all(
            "(imgs) => imgs.map((img) => ({src: img.getAttribute('src'), alt: img.getAttribute('alt'),"
            " width: img.naturalWidth, post: img.closest('article.post')?.id || null}))"
        )

    def csp_violations(self) -> list[dict]:
        state = self.watch_state()
        assert state and state["ready"], "the init script did not run: CSP violations would go unseen"
        return state["csp"]


@pytest.fixture
def open_tab(browser, server) -> Iterator[Callable[..., Tab]]:
    """open_tab(server=..., **context_options) -> a Tab in a new browser context whose relative
    URLs go to `server` (the package's demo server unless another is given)."""
    contexts: list[BrowserContext] = []

    def open_tab(server: Server = server, **options) -> Tab:
        context = browser.new_context(base_url=server.url, **options)
        contexts.append(context)
        context.add_init_script(WATCH_SCRIPT)
        tab = Tab(context.new_page())

        def offline(route: Route) -> None:
            request = route.request
            tab.external.append((request.resource_type, request.url))
            if request.resource_type == "image":
                route.fulfill(status=200, content_type="image/png", body=STAND_IN_PNG)
            else:
                route.fulfill(status=204)

        context.route(lambda url: not url.startswith(server.url + "/"), offline)
        tab.page.on("console", lambda message: tab.console.append(message))
        tab.page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
        tab.page.set_default_timeout(10_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab) -> Tab:
    return open_tab()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
