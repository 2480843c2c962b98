"""Mention -> reply latency of the unroll bot: Mastodon and X against the loopback fakes of
the tests, Bluesky against a REAL local network (PLC, PDS and AppView from @atproto/dev-env,
started by tests/bsky_network/network.js, which needs PostgreSQL and Redis).

A bot worker runs its poll loop in a thread (poll every --poll seconds) on a fresh SQLite
store; mentions arrive one at a time at random moments, each asking for a thread nobody has
unrolled yet (so every reply includes a live fetch and a store write). Latency runs from the
moment the network holds the mention to the moment it holds the bot's reply.

    python benchmarks/bench_bot.py                 # Mastodon and X, 30 mentions each, poll 1 s
    python benchmarks/bench_bot.py --mentions 50 --poll 0.5 --json
    python benchmarks/bench_bot.py --check         # exit 1 if a p95 is above 2 s (the issue's floor)
    scripts/with-postgres python benchmarks/bench_bot.py --networks mastodon,x,bluesky
                                                   # Bluesky needs node, the node modules
                                                   # (scripts/bsky-network-setup), PostgreSQL and Redis
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "sources"), str(ROOT / "tests"), str(ROOT)]

from bot.fakes import BotMastodon, FakeX, LoopbackServer  # noqa: E402

from unspool.bot.worker import Limits, Worker  # noqa: E402
from unspool.config import Settings  # noqa: E402
from unspool.sources.http import make_client  # noqa: E402
from unspool.store import Store  # noqa: E402

FLOOR_SECONDS = 2.0


def run_network(network: str, mentions: int, poll: float, workdir: Path) -> dict:
    with LoopbackServer() as server:
        settings = Settings(
            data_dir=workdir, database_url=f"sqlite:///{workdir / f'{network}.db'}", media_dir=workdir / "media",
            allow_hosts=frozenset({server.netloc}), public_url="https://unspool.example",
        )
        if network == "mastodon":
            from unspool.bot.mastodon import MastodonBot

            fake = BotMastodon(server)
            adapter = MastodonBot(make_client(settings), server.origin, BotMastodon.TOKEN)
            reader = fake.account("reader", "Reader")

            def new_mention(i: int) -> str:
                author = fake.account(f"author{i}", f"Author {i}")
                posts = fake.chain(author, 5, text=f"Thread {i}, part {{n}}")
                return fake.mention(reader, "please unroll", reply_to=posts[-1])["id"]
        else:
            from unspool.bot.x import XBot

            fake = FakeX(server)
            settings = Settings(**{**settings.__dict__, "x_api_base": server.url("/2"), "x_bearer_token": FakeX.APP_TOKEN})
            adapter = XBot(make_client(settings), user_token=FakeX.USER_TOKEN, user_id=fake.bot["id"], api_base=server.url("/2"))
            reader = fake.user("5000", "reader", "Reader")

            def new_mention(i: int) -> str:
                author = fake.user(str(6000 + i), f"author{i}", f"Author {i}")
                posts = fake.chain(author, [f"{n}/ Thread {i}, part {n}" for n in range(1, 6)])
                return fake.tweet(reader, "@unspoolbot unroll", reply_to=posts[-1]["id"])["id"]

        arrived = fake.arrivals  # the fake notes when each reply's POST arrives
        store = Store.open(settings.database_url)
        try:
            latencies = measure(adapter, store, settings, mentions, poll, new_mention, lambda mention_id: arrived.get(mention_id))
        finally:
            store.close()
    return summary(network, mentions, poll, latencies)


def measure(adapter, store: Store, settings: Settings, mentions: int, poll: float, new_mention, arrival) -> list[float]:
    """Runs a worker's poll loop in a thread; posts `mentions` mentions one at a time at a
    random point of the poll cycle and waits for each reply. `new_mention(i)` returns the
    mention's id once the network holds it; `arrival(id)` the perf_counter time the reply
    reached the network, or None while it has not."""
    limits = Limits(poll_seconds=poll, per_requester=10_000, global_replies=10_000)
    worker = Worker(adapter, store, settings, limits=limits)
    worker.run_once()  # the first poll sets the cursor
    stop = threading.Event()
    loop = threading.Thread(target=worker.run_forever, args=(stop,), daemon=True)
    loop.start()
    latencies = []
    rng = random.Random(7)
    try:
        for i in range(mentions):
            time.sleep(rng.uniform(0, poll))  # arrive at a random point of the poll cycle
            mention_id = new_mention(i)
            created = time.perf_counter()
            deadline = created + 30
            while arrival(mention_id) is None and time.perf_counter() < deadline:
                time.sleep(0.005)
            arrived = arrival(mention_id)
            latencies.append(arrived - created if arrived is not None else float("inf"))
    finally:
        stop.set()
        loop.join(timeout=5)
    return latencies


def summary(network: str, mentions: int, poll: float, latencies: list[float]) -> dict:
    latencies = sorted(latencies)
    return {
        "network": network,
        "mentions": mentions,
        "poll_seconds": poll,
        "median_s": round(statistics.median(latencies), 3),
        "p95_s": round(latencies[max(0, int(len(latencies) * 0.95) - 1)], 3),
        "max_s": round(latencies[-1], 3),
    }


def run_bluesky(mentions: int, poll: float, workdir: Path) -> dict:
    """The real local network: accounts and posts through network.js's control API, the bot
    through the PDS exactly as in production (createSession, listNotifications proxied to the
    AppView, createRecord). The mention counts as held once the PDS has committed it (the
    control call returned); the reply once it is listed in the bot's repository on the PDS,
    watched by a second thread every 20 ms (the resolution of these numbers)."""
    import httpx

    from tests.bsky_network.conftest import running_network
    from unspool.bot.bluesky import BlueskyBot

    with running_network(workdir) as net:
        author = net.create_account("benchauthor.test", display_name="Bench Author")
        reader = net.create_account("benchreader.test")
        bot = net.create_account("benchbot.test")
        settings = Settings(
            data_dir=workdir, database_url=f"sqlite:///{workdir / 'bluesky.db'}", media_dir=workdir / "media",
            allow_hosts=frozenset(net.allow_hosts.split(",")), public_url="https://unspool.example",
            bsky_pds=net.pds, bsky_handle=bot.handle, bsky_app_password=bot.app_password, bsky_appview_did=net.appview_did,
        )
        adapter = BlueskyBot.from_settings(settings, make_client(settings))
        arrived: dict[str, float] = {}  # mention uri -> when the reply was first seen on the PDS
        stop = threading.Event()

        def watch() -> None:
            with httpx.Client(base_url=net.pds, timeout=10, trust_env=False) as pds:
                params = {"repo": bot.did, "collection": "app.bsky.feed.post", "limit": 10}
                while not stop.is_set():
                    for record in pds.get("/xrpc/com.atproto.repo.listRecords", params=params).json().get("records", []):
                        parent = (record["value"].get("reply") or {}).get("parent", {}).get("uri")
                        if parent:
                            arrived.setdefault(parent, time.perf_counter())
                    stop.wait(0.02)

        def new_mention(i: int) -> str:
            posts: list[dict] = []
            for n in range(1, 6):
                posts.append(net.post(author, f"{n}/ Thread {i}, part {n}", reply_to=posts[-1] if posts else None))
            net.process_all()  # the thread is on the AppView before the mention is made (untimed)
            return net.post(reader, f"@{bot.handle} please unroll", reply_to=posts[-1])["uri"]

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        store = Store.open(settings.database_url)
        try:
            latencies = measure(adapter, store, settings, mentions, poll, new_mention, lambda uri: arrived.get(uri))
        finally:
            stop.set()
            watcher.join(timeout=5)
            store.close()
        replies = [r for r in net.records(bot) if r["value"].get("reply")]
        assert len(replies) == mentions, f"{len(replies)} replies on the PDS for {mentions} mentions"
    return summary("bluesky", mentions, poll, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=30)
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between polls of the notifications (default 1)")
    parser.add_argument("--networks", default="mastodon,x")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a p95 is above {FLOOR_SECONDS:g} s")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for network in args.networks.split(","):
            workdir = Path(tmp) / network
            workdir.mkdir()
            if network == "bluesky":
                results.append(run_bluesky(args.mentions, args.poll, workdir))
            else:
                results.append(run_network(network, args.mentions, args.poll, workdir))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("| network | mentions | poll s | median s | p95 s | max s | p95 <= 2 s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in results:
            verdict = "PASS" if r["p95_s"] <= FLOOR_SECONDS else "FAIL"
            print(f"| {r['network']} | {r['mentions']} | {r['poll_seconds']:g} | {r['median_s']:.3f} | {r['p95_s']:.3f} | {r['max_s']:.3f} | {verdict} |")
    return 1 if args.check and any(r["p95_s"] > FLOOR_SECONDS for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
