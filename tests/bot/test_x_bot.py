"""The bot on a loopback X API v2: mentions timeline, recent search, POST /2/tweets."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from unspool.bot import states
from unspool.model import make_thread_id
from unspool.web import create_app

from .conftest import PUBLIC, run_and_crash
from .fakes import Reply


def kite_thread(world, n=4):
    fern = world.fake.user("2001", "fern_writes", "Fern Example")
    return world.fake.chain(fern, [f"{i}/ Kite repair, part {i}" for i in range(1, n + 1)])


def reader(world, n=0):
    return world.fake.user(str(3000 + n), f"reader{n}", f"Reader {n}")


def test_mention_gets_one_reply_with_the_link_and_the_page_renders(x_world):
    world = x_world
    posts = kite_thread(world)
    mention = world.fake.tweet(reader(world), "@unspoolbot please Unroll this one", reply_to=posts[2]["id"])
    assert world.worker().run_once()["answered"] == 1
    [reply] = world.fake.replies_to(mention)
    link = f"{PUBLIC}/t/{make_thread_id('x', posts[0]['id'])}"
    assert link in reply["text"] and reply["text"].startswith("@reader0 ") and "Kite repair, part 1" in reply["text"]
    assert world.worker().run_once()["answered"] == 0 and world.fake.posts_for(mention) == 1
    with TestClient(create_app(world.settings, store=world.store)) as client:
        page = client.get(f"/t/{make_thread_id('x', posts[0]['id'])}")
        assert page.status_code == 200 and "Kite repair, part 4" in page.text


def test_quote_post_and_ignored_mentions(x_world):
    world = x_world
    posts = kite_thread(world)
    quote = world.fake.tweet(reader(world, 1), "UNROLL @unspoolbot", quote=posts[1]["id"])
    chatter = world.fake.tweet(reader(world, 2), "@unspoolbot hello there", reply_to=posts[1]["id"])
    world.worker().run_once()
    assert len(world.fake.replies_to(quote)) == 1 and world.fake.replies_to(chatter) == []
    assert states.status(world.store)["x"]["ignored"] == 1


def test_deleted_target_and_crash_after_posting(x_world):
    world = x_world
    posts = kite_thread(world)
    gone = world.fake.tweet(reader(world, 1), "@unspoolbot unroll", reply_to=posts[3]["id"])
    world.fake.deleted.add(posts[3]["id"])
    mention = world.fake.tweet(reader(world, 2), "@unspoolbot unroll", reply_to=posts[0]["id"])
    run_and_crash(world, world.make_adapter(), after_post=True, only=mention["id"])
    world.worker().run_once()
    assert "private or deleted" in world.fake.replies_to(gone)[0]["text"]
    assert world.fake.posts_for(mention) == 1 and len(world.fake.replies_to(mention)) == 1


def test_429_with_retry_after_defers_then_answers(x_world):
    world = x_world
    posts = kite_thread(world)
    mention = world.fake.tweet(reader(world), "@unspoolbot unroll", reply_to=posts[0]["id"])
    world.fake.post_failures.append(Reply(status=429, headers={"Retry-After": "1"}, json={"title": "Too Many Requests", "status": 429}))
    worker = world.worker()
    assert worker.run_once()["deferred"] == 1
    assert states.status(world.store)["x"]["pending"] == 1
    time.sleep(1.1)
    assert worker.run_once()["answered"] == 1 and len(world.fake.replies_to(mention)) == 1


def test_two_workers_twenty_mentions_exactly_once(x_world):
    world = x_world
    posts = kite_thread(world)
    mentions = [world.fake.tweet(reader(world, i), "@unspoolbot unroll", reply_to=posts[i % 4]["id"]) for i in range(20)]
    workers = [world.worker() for _ in range(2)]
    threads = [threading.Thread(target=lambda w=w: [w.run_once() for _ in range(3)]) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [world.fake.posts_for(m) for m in mentions] == [1] * 20


def test_cursor_pages_through_more_than_one_page(x_world):
    world = x_world
    posts = kite_thread(world)
    world.worker().run_once()  # sets the cursor (nothing yet)
    first = world.fake.tweet(reader(world), "@unspoolbot unroll", reply_to=posts[0]["id"])
    worker = world.worker()
    worker.run_once()
    many = [world.fake.tweet(reader(world, i), "@unspoolbot unroll", reply_to=posts[1]["id"]) for i in range(1, 4)]
    from unspool.bot import x as xbot

    old = xbot.MENTION_PARAMS["max_results"]
    xbot.MENTION_PARAMS["max_results"] = "2"
    try:
        worker.run_once()
    finally:
        xbot.MENTION_PARAMS["max_results"] = old
    assert all(world.fake.posts_for(m) == 1 for m in [first, *many])
    since = [r.query.get("since_id") for r in world.server.requests if r.path.endswith("/mentions")]
    assert since[0] is None and since[-1] == [first["id"]]
