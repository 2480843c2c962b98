"""End to end against a real local Bluesky network (PDS + AppView from @atproto/dev-env):
a live unroll in authenticated mode (createSession, then reads through the PDS with
`atproto-proxy`), and the unroll bot answering a mention exactly once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unspool.config import Settings
from unspool.model import Segment
from unspool.store import Store
from unspool.unroll import unroll_url

from .conftest import Account, BskyNetwork

PUBLIC = "https://unspool.example"

# Multi-byte text before and between the facets, so UTF-8 byte offsets and character offsets differ.
THREAD = [
    "1/ Glaze notes from the studio 🧵",
    "2/ Crème brûlée glaze 🍮 recipe at https://example.org/glaze — thanks @{reader}! #pottery",
    "3/ Fire to cone 6 ✓ and let it cool slowly (ünïcödé survives)",
    "4/ That's all: questions welcome.",
]


def _env(network: BskyNetwork, tmp_path: Path, login: Account) -> dict[str, str]:
    return {
        "UNSPOOL_DATA_DIR": str(tmp_path / "data"),
        "UNSPOOL_DATABASE_URL": f"sqlite:///{tmp_path / 'unspool.db'}",
        "UNSPOOL_BSKY_PDS": network.pds,
        "UNSPOOL_BSKY_HANDLE": login.handle,
        "UNSPOOL_BSKY_APP_PASSWORD": login.app_password,
        "UNSPOOL_BSKY_APPVIEW_DID": network.appview_did,
        "UNSPOOL_ALLOW_HOSTS": network.allow_hosts,
        "UNSPOOL_PUBLIC_URL": PUBLIC,
    }


def _post_thread(network: BskyNetwork, author: Account, reader: Account) -> list[dict]:
    posts: list[dict] = []
    for text in THREAD:
        posts.append(network.post(author, text.format(reader=reader.handle), reply_to=posts[-1] if posts else None))
    return posts


def test_unroll_a_middle_post_through_the_pds(bsky_network: BskyNetwork, tmp_path, monkeypatch):
    author = bsky_network.create_account("glazer.test", display_name="Gwen Glazer")
    reader = bsky_network.create_account("fernreads.test")
    posts = _post_thread(bsky_network, author, reader)
    # Someone else's reply in the middle of the thread is not part of it.
    bsky_network.post(reader, "Lovely, which clay?", reply_to=posts[1])
    bsky_network.process_all()
    # The mention, link and tag facets really are on the record, as UTF-8 byte ranges.
    kinds = [feature["$type"].rsplit("#", 1)[1] for facet in posts[1]["facets"] for feature in facet["features"]]
    assert kinds == ["link", "mention", "tag"]

    for key, value in _env(bsky_network, tmp_path, reader).items():
        monkeypatch.setenv(key, value)
    settings = Settings.from_env()
    store = Store.open(settings.database_url)
    try:
        second = posts[1]["url"]  # https://bsky.app/profile/glazer.test/post/<rkey>
        assert second.startswith("https://bsky.app/profile/glazer.test/post/")
        thread = unroll_url(second, store, settings)
    finally:
        store.close()

    assert [post.id for post in thread.posts] == [post["uri"] for post in posts]
    assert thread.author.handle == "glazer.test"
    assert thread.author.name == "Gwen Glazer"
    assert thread.author.native_id == author.did
    assert "".join(segment.text for segment in thread.posts[2].segments) == THREAD[2]
    assert thread.posts[1].segments == [
        Segment("text", "2/ Crème brûlée glaze 🍮 recipe at "),
        Segment("link", "https://example.org/glaze", "https://example.org/glaze"),
        Segment("text", " — thanks "),
        Segment("mention", "@fernreads.test", f"https://bsky.app/profile/{reader.did}"),
        Segment("text", "! "),
        Segment("hashtag", "#pottery", "https://bsky.app/hashtag/pottery"),
    ]
    assert thread.posts[0].url == posts[0]["url"]


def test_unroll_cli_prints_the_thread(bsky_network: BskyNetwork, tmp_path):
    author = bsky_network.create_account("potter.test")
    reader = bsky_network.create_account("samreads.test")
    posts = _post_thread(bsky_network, author, reader)
    bsky_network.process_all()

    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}
    env.update(_env(bsky_network, tmp_path, reader))
    result = subprocess.run(
        [sys.executable, "-m", "unspool", "unroll", posts[1]["url"], "--format", "md"],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # All four posts, in order, numbering hidden; the facets became Markdown links.
    positions = [out.find(marker) for marker in ("Glaze notes from the studio", "Crème brûlée glaze", "Fire to cone 6", "That's all")]
    assert -1 not in positions and positions == sorted(positions), out
    assert "https://example.org/glaze" in out
    assert f"https://bsky.app/profile/{reader.did}" in out


def _bot_replies(network: BskyNetwork, mention_uri: str, bot: Account, viewer: Account) -> list[dict]:
    view = network.thread(mention_uri, viewer=viewer, depth=5)
    return [reply["post"] for reply in view.get("replies", []) if reply.get("post", {}).get("author", {}).get("did") == bot.did]


def _run_bot(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unspool", "bot", "bluesky", "--once"],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=180, check=False,
    )


def test_bot_answers_a_mention_exactly_once(bsky_network: BskyNetwork, tmp_path):
    if not Path(__file__).resolve().parents[2].joinpath("src/unspool/bot/bluesky.py").exists():
        pytest.skip("no Bluesky bot in this tree")
    author = bsky_network.create_account("kiln.test", display_name="Kim Kiln")
    # "bot.test" is a reserved handle on the PDS; any other name will do.
    bot = bsky_network.create_account("unrollbot.test")
    requester = bsky_network.create_account("tamasks.test")
    posts = _post_thread(bsky_network, author, requester)
    mention = bsky_network.post(requester, f"@{bot.handle} unroll please", reply_to=posts[2])
    assert mention["facets"] and mention["facets"][0]["features"][0]["did"] == bot.did
    bsky_network.process_all()

    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}
    env.update(_env(bsky_network, tmp_path, bot))
    first = _run_bot(env)
    assert first.returncode == 0, first.stderr
    bsky_network.process_all()

    replies = _bot_replies(bsky_network, mention["uri"], bot, requester)
    assert len(replies) == 1, (replies, first.stdout, first.stderr)
    record = replies[0]["record"]
    match = re.search(re.escape(PUBLIC) + r"/t/([a-z2-7]{16})", record["text"])
    assert match, record["text"]
    link = match.group(0)
    assert record["reply"]["parent"]["uri"] == mention["uri"]
    assert record["reply"]["root"]["uri"] == posts[0]["uri"]
    # The link is a facet over exactly its UTF-8 bytes.
    data = record["text"].encode()
    facets = [(f["index"], f["features"][0]) for f in record.get("facets", [])]
    assert any(
        feature["$type"] == "app.bsky.richtext.facet#link" and feature["uri"] == link
        and data[index["byteStart"]:index["byteEnd"]].decode() == link
        for index, feature in facets
    ), record

    second = _run_bot(env)
    assert second.returncode == 0, second.stderr
    bsky_network.process_all()
    assert len(_bot_replies(bsky_network, mention["uri"], bot, requester)) == 1
    assert len(bsky_network.records(bot)) == 1  # on the PDS too: one post in the bot's repository

    # Even a bot that lost its database (a fresh one sees the mention as new) does not answer
    # twice: the reply's record key comes from the mention, and the PDS already holds it.
    amnesiac = _run_bot({**env, "UNSPOOL_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"})
    assert amnesiac.returncode == 0, amnesiac.stderr
    bsky_network.process_all()
    assert len(_bot_replies(bsky_network, mention["uri"], bot, requester)) == 1
    assert len(bsky_network.records(bot)) == 1

    # The linked page renders the whole thread.
    from unspool.web import create_app

    settings = Settings(
        data_dir=tmp_path / "data", database_url=env["UNSPOOL_DATABASE_URL"], media_dir=tmp_path / "data" / "media",
        public_url=PUBLIC,
    )
    with TestClient(create_app(settings, public_url=PUBLIC)) as client:
        page = client.get(f"/t/{match.group(1)}")
    assert page.status_code == 200
    for marker in ("Glaze notes from the studio", "Crème brûlée glaze", "Fire to cone 6", "questions welcome"):
        assert marker in page.text, marker
