"""The bot on a loopback Mastodon: one reply per mention, with the right link, whatever happens."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from unspool.bot import states
from unspool.bot.mastodon import idempotency_key
from unspool.bot.worker import Limits
from unspool.model import make_thread_id
from unspool.store.moderation import block_author
from unspool.store.schema import bot_mentions
from unspool.web import create_app

from .conftest import PUBLIC, run_and_crash
from .fakes import Reply


def kite_thread(world, n=4):
    fern = world.fake.account("fern", "Fern Example")
    return fern, world.fake.chain(fern, n, text="Kite repair, part {n}")


def thread_id_of(status) -> str:
    return make_thread_id("mastodon", status["uri"])


def row(world, mention) -> dict:
    with world.store.engine.connect() as conn:
        return dict(conn.execute(select(bot_mentions).where(bot_mentions.c.mention_id == mention["id"])).mappings().one())


def test_mention_gets_one_reply_with_the_link_and_the_page_renders(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    alice = world.fake.account("alice", "Alice")
    mention = world.fake.mention(alice, "please unroll", reply_to=posts[2], visibility="unlisted")
    counts = world.worker().run_once()
    assert counts["answered"] == 1
    [reply] = world.fake.replies_to(mention)
    link = f"{PUBLIC}/t/{thread_id_of(posts[0])}"
    assert link in reply["content"] and "Kite repair, part 1" in reply["content"]
    assert reply["content"].startswith("<p>@alice ") and reply["visibility"] == "unlisted"
    [(body, key)] = world.fake.posts_received
    assert key == idempotency_key(states.Claimed("mastodon", mention["id"], "", "", "", None, {}, 1, "", 0))
    assert body["in_reply_to_id"] == mention["id"]
    assert row(world, mention)["state"] == "answered" and row(world, mention)["thread_id"] == thread_id_of(posts[0])
    # A second run reads nothing new and posts nothing.
    assert world.worker().run_once() == {"recorded": 0, "answered": 0, "deferred": 0, "failed": 0}
    assert len(world.fake.posts_received) == 1
    with TestClient(create_app(world.settings, store=world.store)) as client:
        page = client.get(f"/t/{thread_id_of(posts[0])}")
        assert page.status_code == 200 and "Kite repair, part 4" in page.text


def test_keyword_in_caps_mid_sentence_and_in_a_quote_post(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    alice = world.fake.account("alice", "Alice")
    caps = world.fake.mention(alice, "could you Unroll this for me?", reply_to=posts[0])
    quote = world.fake.mention(alice, "UNROLL!", quote=posts[1])
    world.worker().run_once()
    for mention in (caps, quote):
        [reply] = world.fake.replies_to(mention)
        assert f"/t/{thread_id_of(posts[0])}" in reply["content"]


def test_no_keyword_is_ignored_and_never_answered(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    alice = world.fake.account("alice", "Alice")
    mention = world.fake.mention(alice, "nice kite!", reply_to=posts[0])
    world.worker().run_once()
    world.worker().run_once()
    assert world.fake.posts_received == [] and row(world, mention)["state"] == "ignored"


def test_direct_mention_is_answered_directly(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0], visibility="direct")
    world.worker().run_once()
    [reply] = world.fake.replies_to(mention)
    assert reply["visibility"] == "direct" and "@alice" in reply["content"]


def test_already_unrolled_thread_answers_with_the_existing_link(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    alice, bob = world.fake.account("alice", "Alice"), world.fake.account("bob", "Bob")
    first = world.fake.mention(alice, "unroll", reply_to=posts[1])
    world.worker().run_once()
    second = world.fake.mention(bob, "unroll please", reply_to=posts[3])
    world.worker().run_once()
    link = f"{PUBLIC}/t/{thread_id_of(posts[0])}"
    assert all(link in world.fake.replies_to(m)[0]["content"] for m in (first, second))
    assert world.store.count_threads() == 1


def test_single_post_still_gets_a_page(mastodon_world):
    world = mastodon_world
    fern = world.fake.account("fern", "Fern Example")
    lone = world.fake.post(fern, "Just one thought about kites")
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=lone)
    world.worker().run_once()
    [reply] = world.fake.replies_to(mention)
    assert "single post" in reply["content"] and f"/t/{thread_id_of(lone)}" in reply["content"]


def test_blocked_author_gets_a_polite_refusal(mastodon_world):
    world = mastodon_world
    fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    world.worker().run_once()  # stored once, then the author opts out
    block_author(world.store, "mastodon", f"fern@{world.server.netloc}", "opted out")
    again = world.fake.mention(world.fake.account("bob", "Bob"), "unroll", reply_to=posts[1])
    world.worker().run_once()
    [reply] = world.fake.replies_to(again)
    assert "opted out" in reply["content"] and "/t/" not in reply["content"]
    assert len(world.fake.replies_to(mention)) == 1


def test_deleted_target_gets_a_polite_message(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[2])
    world.fake.delete(posts[2])
    world.worker().run_once()
    [reply] = world.fake.replies_to(mention)
    assert "private or deleted" in reply["content"]
    assert row(world, mention)["state"] == "answered"


def test_mention_without_a_target_explains_how(mastodon_world):
    world = mastodon_world
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "how do I unroll things?")
    world.worker().run_once()
    [reply] = world.fake.replies_to(mention)
    assert "in a reply to" in reply["content"]


def test_crash_before_posting_is_answered_once_after_restart(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    run_and_crash(world, world.make_adapter(), after_post=False)
    assert row(world, mention)["state"] == "claimed" and world.fake.posts_received == []
    world.worker().run_once()
    assert len(world.fake.replies_to(mention)) == 1 and world.fake.posts_for(mention) == 1
    assert row(world, mention)["state"] == "answered" and row(world, mention)["attempts"] == 2


def test_crash_after_posting_does_not_post_again(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    [posted] = run_and_crash(world, world.make_adapter(), after_post=True)
    world.worker().run_once()
    assert world.fake.posts_for(mention) == 1 and len(world.fake.replies_to(mention)) == 1
    assert row(world, mention)["state"] == "answered" and row(world, mention)["reply_id"] == posted


def test_idempotency_key_alone_prevents_a_second_status(mastodon_world):
    """Even when the context check misses the reply (say, a remote server's lag), Mastodon
    gives back the first status for the same Idempotency-Key."""
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    adapter = world.make_adapter()
    adapter.find_reply = lambda _mention: None
    [posted] = run_and_crash(world, adapter, after_post=True)
    world.worker(adapter).run_once()
    assert world.fake.posts_for(mention) == 2 and len(world.fake.replies_to(mention)) == 1
    assert row(world, mention)["reply_id"] == posted


def test_two_workers_answer_twenty_mentions_exactly_once(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    people = [world.fake.account(f"reader{i}", f"Reader {i}") for i in range(20)]
    mentions = [world.fake.mention(person, "unroll", reply_to=posts[i % 4]) for i, person in enumerate(people)]
    workers = [world.worker() for _ in range(2)]
    errors = []

    def run(worker):
        try:
            for _ in range(3):
                worker.run_once()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [world.fake.posts_for(m) for m in mentions] == [1] * 20
    assert all(len(world.fake.replies_to(m)) == 1 for m in mentions)
    assert states.status(world.store)["mastodon"]["answered"] == 20


def test_429_keeps_mentions_pending_and_answers_later(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    world.fake.post_failures.append(Reply(status=429, headers={"Retry-After": "1"}, json={"error": "Too many requests"}))
    worker = world.worker()
    counts = worker.run_once()
    assert counts["deferred"] == 1 and row(world, mention)["state"] == "received"
    assert row(world, mention)["attempts"] == 0
    assert worker.run_once()["answered"] == 0  # still backing off
    time.sleep(1.1)
    assert worker.run_once()["answered"] == 1
    assert len(world.fake.replies_to(mention)) == 1


def test_network_errors_retry_then_fail_politely(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    adapter = world.make_adapter()
    worker = world.worker(adapter)

    def unreachable(*_args, **_kw):
        from unspool.errors import RemoteError

        raise RemoteError("social.example did not answer in time; try again later")

    worker.unroll = unreachable
    for _ in range(3):
        worker.run_once()
        time.sleep(0.25)
    assert row(world, mention)["state"] == "failed" and row(world, mention)["attempts"] == 3
    [reply] = world.fake.replies_to(mention)
    assert "try again later" in reply["content"].lower() or "mention me again later" in reply["content"]


def test_per_requester_rate_limit_defers_the_rest(mastodon_world):
    world = mastodon_world
    _fern, posts = kite_thread(world)
    alice = world.fake.account("alice", "Alice")
    mentions = [world.fake.mention(alice, "unroll", reply_to=posts[0]) for _ in range(4)]
    worker = world.worker(limits=Limits(per_requester=2))
    counts = worker.run_once()
    assert counts["answered"] == 2 and counts["deferred"] >= 1
    assert sum(len(world.fake.replies_to(m)) for m in mentions) == 2
    status = states.status(world.store)["mastodon"]
    assert status["pending"] == 2 and status["answered"] == 2
