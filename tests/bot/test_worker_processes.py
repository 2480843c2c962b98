"""The real worker as separate processes (`python -m unspool bot NETWORK`) against each
network's loopback fake: killed with SIGKILL between "recorded" and "answered" and between
"posted" and "marked", and two processes on one account. Each fake counts every reply request
per mention (Mastodon: POST /api/v1/statuses; X: POST /2/tweets; Bluesky: createRecord), so a
duplicate reply shows even where the network would have folded it (Mastodon's
Idempotency-Key, Bluesky's taken record key); X has nothing that would.

The kill points come from the worker's test hook `UNSPOOL_BOT_PAUSE_AT` (bot/worker.py): the
process prints a marker line and sleeps there until the test kills it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from unittest import mock

import pytest
from process_output import read_lines_until
from sqlalchemy import select, update

from unspool.bot import states
from unspool.bot.worker import PAUSE_ENV
from unspool.config import Settings
from unspool.store import Store
from unspool.store.schema import bot_mentions

from .conftest import World
from .fakes import BOT, Account, BotMastodon, FakeBlueskyPDS, FakeX

TIMEOUT = 90.0


# --- each network as these tests see it: n mentions that ask to unroll, and what came back ---


class OnMastodon:
    name, args = "mastodon", ()

    def __init__(self, fake: BotMastodon):
        self.fake = fake

    def post_mentions(self, n: int) -> list[str]:
        fern = self.fake.account("fern", "Fern Example")
        posts = self.fake.chain(fern, 4, text="Kite repair, part {n}")
        return [self.fake.mention(self.fake.account(f"reader{i}", f"Reader {i}"), "unroll please", reply_to=posts[i % 4])["id"] for i in range(n)]

    def posts_for(self, mention_id: str) -> int:
        return self.fake.posts_for({"id": mention_id})

    def replies_to(self, mention_id: str) -> list[tuple[str, str]]:
        return [(s["id"], s["content"]) for s in self.fake.replies_to({"id": mention_id})]


class OnX:
    name, args = "x", ("--poll-seconds", "0.5")  # not X's 60 s: a mention left for a later poll would outlast TIMEOUT

    def __init__(self, fake: FakeX):
        self.fake = fake

    def post_mentions(self, n: int) -> list[str]:
        fern = self.fake.user("2001", "fern_writes", "Fern Example")
        posts = self.fake.chain(fern, [f"{k}/ Kite repair, part {k}" for k in range(1, 5)])
        readers = [self.fake.user(str(3000 + i), f"reader{i}", f"Reader {i}") for i in range(n)]
        return [self.fake.tweet(readers[i], "@unspoolbot unroll please", reply_to=posts[i % 4]["id"])["id"] for i in range(n)]

    def posts_for(self, mention_id: str) -> int:
        return self.fake.posts_for({"id": mention_id})

    def replies_to(self, mention_id: str) -> list[tuple[str, str]]:
        return [(t["id"], t["text"]) for t in self.fake.replies_to({"id": mention_id})]


class OnBluesky:
    name, args = "bluesky", ()

    def __init__(self, fake: FakeBlueskyPDS):
        self.fake = fake

    def post_mentions(self, n: int) -> list[str]:
        fern = Account("did:plc:fernexample0000000000000", "fern.example.test", "Fern Example")
        posts = self.fake.appview.chain(fern, [f"Kite repair, part {k}" for k in range(1, 5)])
        # Claimed oldest first, then by URI (which starts with the author's DID): the readers'
        # DIDs sort in their order, for mentions made within the same millisecond.
        readers = [Account(f"did:plc:reader{i:03d}example0000000", f"reader{i}.example.test", f"Reader {i}") for i in range(n)]
        return [self.fake.mention(readers[i], "unroll please", reply_to=posts[i % 4]) for i in range(n)]

    def posts_for(self, mention_id: str) -> int:
        return len(self.fake.creates_for(mention_id))

    def replies_to(self, mention_id: str) -> list[tuple[str, str]]:
        with self.fake.lock:
            records = list(self.fake.records.items())
        return [(f"at://{BOT.did}/app.bsky.feed.post/{rkey}", r["text"]) for rkey, r in records if r["reply"]["parent"]["uri"] == mention_id]


NETWORKS = {"mastodon": OnMastodon, "x": OnX, "bluesky": OnBluesky}


@dataclass
class Bot:
    network: OnMastodon | OnX | OnBluesky
    store: Store  # migrated once (by the world), as a deployment would before starting workers
    env: dict[str, str]  # what `unspool bot NETWORK` reads its settings from


def env_for(settings: Settings) -> dict[str, str]:
    """The environment Settings.from_env reads `settings` from."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}, **settings.to_env()}


@pytest.fixture(params=list(NETWORKS))
def bot(request, db_url) -> Bot:  # db_url named, so that the world's database is parametrized too
    world: World = request.getfixturevalue(f"{request.param}_world")
    env = env_for(world.settings)
    with mock.patch.dict(os.environ, env, clear=True):
        assert Settings.from_env() == world.settings  # the processes see the world's settings
    return Bot(NETWORKS[request.param](world.fake), world.store, env)


def start(bot: Bot, *args: str, pause_at: str | None = None) -> subprocess.Popen:
    env = {**bot.env, **({PAUSE_ENV: pause_at} if pause_at else {})}
    return subprocess.Popen(
        [sys.executable, "-m", "unspool", "bot", bot.network.name, *args],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_for_marker(process: subprocess.Popen, point: str) -> str:
    """Reads the worker's stdout until it says it paused at `point`; returns the mention id."""
    marker = f"UNSPOOL_BOT_PAUSED at={point} "
    found, read = read_lines_until(process, TIMEOUT, lambda line: line.rsplit("mention=", 1)[1].strip() if line.startswith(marker) else None)
    if found is not None:
        return found
    process.kill()
    _out, err = process.communicate()
    raise AssertionError(f"the worker never paused at {point!r}:\n{read.decode(errors='replace')}\n{err.decode(errors='replace')}")


def sigkill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.stdout.close()
    process.stderr.close()


def run_once(bot: Bot) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "unspool", "bot", bot.network.name, "--once"],
        env=bot.env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def rows(store: Store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return {r["mention_id"]: dict(r) for r in conn.execute(select(bot_mentions)).mappings()}


def expire_leases(store: Store) -> None:
    """What waiting out the dead worker's 5-minute lease would do, without the wait."""
    with store.transaction() as conn:
        conn.execute(update(bot_mentions).where(bot_mentions.c.state == "claimed").values(claimed_until_ms=0))


def assert_exactly_once(bot: Bot, mentions: list[str]) -> None:
    network = bot.network
    assert [network.posts_for(m) for m in mentions] == [1] * len(mentions)  # reply requests that reached the network
    assert [len(network.replies_to(m)) for m in mentions] == [1] * len(mentions)
    assert all("/t/" in network.replies_to(m)[0][1] for m in mentions)
    states_by_id = {mid: r["state"] for mid, r in rows(bot.store).items()}
    assert [states_by_id[m] for m in mentions] == ["answered"] * len(mentions)


# Whether the dying worker ran with --once or forever is the same code on every network (cli.py),
# so X and Bluesky die as they are deployed, forever; their --once is the restart.
@pytest.mark.parametrize("point", ["recorded", "posted"])
@pytest.mark.parametrize(("bot", "mode"), [("mastodon", "once"), ("mastodon", "forever"), ("x", "forever"), ("bluesky", "forever")], indirect=["bot"])
def test_sigkilled_worker_restarts_without_losing_or_duplicating(bot, mode, point):
    network, store = bot.network, bot.store
    mentions = network.post_mentions(3)
    worker = start(bot, *(["--once"] if mode == "once" else network.args), pause_at=point)
    killed_at = wait_for_marker(worker, point)
    sigkill(worker)

    assert killed_at == mentions[0]
    row = rows(store)[killed_at]
    assert row["state"] == "claimed"  # recorded and claimed, never marked
    assert len(rows(store)) == 3  # every mention recorded (with the cursor) before any reply
    assert network.posts_for(mentions[0]) == (1 if point == "posted" else 0)
    assert sum(network.posts_for(m) for m in mentions[1:]) == 0

    expire_leases(store)
    run_once(bot)  # the restarted worker
    assert_exactly_once(bot, mentions)
    assert rows(store)[killed_at]["attempts"] == 2
    if point == "posted":  # found on the network, not posted again
        assert rows(store)[killed_at]["reply_id"] == network.replies_to(mentions[0])[0][0]
    run_once(bot)  # and a further run changes nothing
    assert_exactly_once(bot, mentions)


def test_two_worker_processes_answer_twenty_mentions_exactly_once(bot):
    mentions = bot.network.post_mentions(20)
    workers = [start(bot, "--once") for _ in range(2)]
    outputs = [w.communicate(timeout=TIMEOUT) for w in workers]
    for w, (_out, err) in zip(workers, outputs):
        assert w.returncode == 0, err.decode(errors="replace")
    pending = {mid: (r["state"], r["error"], r["attempts"]) for mid, r in rows(bot.store).items() if r["state"] != "answered"}
    assert not pending, (pending, [err.decode(errors="replace")[-2000:] for _out, err in outputs])
    assert_exactly_once(bot, mentions)
    assert states.status(bot.store)[bot.network.name]["answered"] == 20
    # Both processes recorded and claimed from the same rows; each answered some or all.
    answered = [int(out.decode().split("answered=")[1].split()[0]) for out, _err in outputs]
    assert sum(answered) == 20, outputs


def test_two_long_running_worker_processes_answer_each_mention_once(bot):
    """Both started after the mentions are posted: the first poll of each happens at once, and
    both then claim from the same rows until every mention is answered."""
    mentions = bot.network.post_mentions(20)
    workers = [start(bot, *bot.network.args) for _ in range(2)]
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and states.status(bot.store).get(bot.network.name, {}).get("answered", 0) < 20:
            time.sleep(0.1)
        time.sleep(0.5)  # anything still in flight lands now
    finally:
        for w in workers:
            sigkill(w)
    assert_exactly_once(bot, mentions)
