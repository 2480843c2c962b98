"""Moderation seen from a browser: `unspool takedown` on the server's own database hides the
thread at once, even a page the server has already rendered and cached."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from .conftest import Server, start_demo_server


def cli_has(command: str) -> bool:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "unspool", "--help"], check=False, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL
    )
    return re.search(rf"^\W*{re.escape(command)}\s", result.stdout, re.MULTILINE) is not None


@pytest.fixture
def own_server(tmp_path) -> Iterator[Server]:
    """A server over its own copy of the demo: this test changes the data."""
    server = start_demo_server(tmp_path)
    yield server
    server.stop()


# A string condition: evaluated when the test runs, so collecting the suite spawns nothing.
@pytest.mark.skipif("not cli_has('takedown')", reason="`unspool takedown` is not in this build yet")
def test_takedown_answers_410_and_drops_the_thread_from_lists(open_tab, own_server):
    threads = json.loads(own_server.cli("threads", "--json").stdout)
    victim = threads[1]
    path = f"/t/{victim['id']}"
    thread = json.loads(own_server.cli("unroll", victim["id"], "--format", "json").stdout)
    word = max(re.findall(r"[A-Za-z]{4,}", victim["title"]), key=len).lower()
    tab = open_tab(server=own_server)
    page = tab.page

    def listed(url: str) -> int:
        page.goto(url)
        return page.locator(f"main a[href='{path}']").count()

    # Before: served (so now in the server's page cache), listed on home, found by search.
    assert page.goto(path).status == 200
    assert listed("/") == 1 and page.locator("main a.thread-link").count() == len(threads)
    assert listed(f"/search?q={word}") == 1

    own_server.cli("takedown", victim["id"])

    response = page.goto(path)
    assert response.status == 410
    assert page.locator("main h1").inner_text().strip()
    notice = page.locator("main").inner_text()
    assert notice.strip()
    assert page.locator("article.post").count() == 0
    assert not [post["id"] for post in thread["posts"] if " ".join(post["text"].split()[:6]) in notice]
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert tab.csp_violations() == []
    for copy in (f"{path}/print", f"{path}.json", f"{path}.md"):
        assert page.request.get(copy).status == 410, copy

    assert listed("/") == 0 and page.locator("main a.thread-link").count() == len(threads) - 1
    assert listed(f"/search?q={word}") == 0
