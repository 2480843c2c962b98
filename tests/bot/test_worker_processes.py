"""The real worker as separate processes (`python -m unspool bot mastodon`) against the
loopback Mastodon: killed with SIGKILL between "recorded" and "answered" and between "posted"
and "marked", and two processes on one account. The fake counts every POST /api/v1/statuses
per mention, so a duplicate reply (even one the Idempotency-Key would have folded) shows.

The kill points come from the worker's test hook `UNSPOOL_BOT_PAUSE_AT` (bot/worker.py): the
process prints a marker line and sleeps there until the test kills it.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select, update

from unspool.bot import states
from unspool.bot.worker import PAUSE_ENV
from unspool.store import Store
from unspool.store.schema import bot_mentions

from .conftest import PUBLIC
from .fakes import BotMastodon

TIMEOUT = 90.0


@pytest.fixture
def world(server, tmp_path, db_url):
    fake = BotMastodon(server)
    store = Store.open(db_url)  # migrated once here, as a deployment would before starting workers
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}
    env.update({
        "UNSPOOL_DATA_DIR": str(tmp_path / "data"),
        "UNSPOOL_DATABASE_URL": db_url,
        "UNSPOOL_MASTODON_BASE_URL": server.origin,
        "UNSPOOL_MASTODON_TOKEN": BotMastodon.TOKEN,
        "UNSPOOL_ALLOW_HOSTS": server.netloc,
        "UNSPOOL_PUBLIC_URL": PUBLIC,
    })
    yield fake, store, env
    store.close()


def start(env: dict, *args: str, pause_at: str | None = None) -> subprocess.Popen:
    env = {**env, **({PAUSE_ENV: pause_at} if pause_at else {})}
    return subprocess.Popen(
        [sys.executable, "-m", "unspool", "bot", "mastodon", *args],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_for_marker(process: subprocess.Popen, point: str) -> str:
    """Reads the worker's stdout until it says it paused at `point`; returns the mention id."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + TIMEOUT
    buffer = b""
    try:
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            for line in buffer.decode(errors="replace").splitlines():
                if line.startswith(f"UNSPOOL_BOT_PAUSED at={point} "):
                    return line.rsplit("mention=", 1)[1].strip()
    finally:
        selector.close()
    process.kill()
    _out, err = process.communicate()
    raise AssertionError(f"the worker never paused at {point!r}:\n{buffer.decode(errors='replace')}\n{err.decode(errors='replace')}")


def sigkill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.stdout.close()
    process.stderr.close()


def run_once(env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "unspool", "bot", "mastodon", "--once"],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT, check=False,
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


def mentions_of(fake: BotMastodon, n: int) -> list[dict]:
    fern = fake.account("fern", "Fern Example")
    posts = fake.chain(fern, 4, text="Kite repair, part {n}")
    return [fake.mention(fake.account(f"reader{i}", f"Reader {i}"), "unroll please", reply_to=posts[i % 4]) for i in range(n)]


def assert_exactly_once(fake: BotMastodon, store: Store, mentions: list[dict]) -> None:
    assert [fake.posts_for(m) for m in mentions] == [1] * len(mentions)  # POSTs that reached the network
    assert [len(fake.replies_to(m)) for m in mentions] == [1] * len(mentions)
    assert all("/t/" in fake.replies_to(m)[0]["content"] for m in mentions)
    states_by_id = {mid: r["state"] for mid, r in rows(store).items()}
    assert [states_by_id[m["id"]] for m in mentions] == ["answered"] * len(mentions)


@pytest.mark.parametrize("point", ["recorded", "posted"])
@pytest.mark.parametrize("mode", ["once", "forever"])
def test_sigkilled_worker_restarts_without_losing_or_duplicating(world, point, mode):
    fake, store, env = world
    mentions = mentions_of(fake, 3)
    worker = start(env, *(["--once"] if mode == "once" else []), pause_at=point)
    killed_at = wait_for_marker(worker, point)
    sigkill(worker)

    assert killed_at == mentions[0]["id"]
    row = rows(store)[killed_at]
    assert row["state"] == "claimed"  # recorded and claimed, never marked
    assert len(rows(store)) == 3  # every mention recorded (with the cursor) before any reply
    assert fake.posts_for(mentions[0]) == (1 if point == "posted" else 0)
    assert sum(fake.posts_for(m) for m in mentions[1:]) == 0

    expire_leases(store)
    run_once(env)  # the restarted worker
    assert_exactly_once(fake, store, mentions)
    assert rows(store)[killed_at]["attempts"] == 2
    if point == "posted":  # found on the network, not posted again
        assert rows(store)[killed_at]["reply_id"] == fake.replies_to(mentions[0])[0]["id"]
    run_once(env)  # and a further run changes nothing
    assert_exactly_once(fake, store, mentions)


def test_two_worker_processes_answer_twenty_mentions_exactly_once(world):
    fake, store, env = world
    mentions = mentions_of(fake, 20)
    workers = [start(env, "--once") for _ in range(2)]
    outputs = [w.communicate(timeout=TIMEOUT) for w in workers]
    for w, (_out, err) in zip(workers, outputs):
        assert w.returncode == 0, err.decode(errors="replace")
    pending = {mid: (r["state"], r["error"], r["attempts"]) for mid, r in rows(store).items() if r["state"] != "answered"}
    assert not pending, (pending, [err.decode(errors="replace")[-2000:] for _out, err in outputs])
    assert_exactly_once(fake, store, mentions)
    assert states.status(store)["mastodon"]["answered"] == 20
    # Both processes recorded and claimed from the same rows; each answered some or all.
    answered = [int(out.decode().split("answered=")[1].split()[0]) for out, _err in outputs]
    assert sum(answered) == 20, outputs


def test_two_long_running_worker_processes_answer_each_mention_once(world):
    """Both started before the mentions arrive, polling every 15 s: the first poll of each
    happens at once, so the mentions are posted first and the workers then run until done."""
    fake, store, env = world
    mentions = mentions_of(fake, 20)
    workers = [start(env) for _ in range(2)]
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and states.status(store).get("mastodon", {}).get("answered", 0) < 20:
            time.sleep(0.1)
        time.sleep(0.5)  # anything still in flight lands now
    finally:
        for w in workers:
            sigkill(w)
    assert_exactly_once(fake, store, mentions)
