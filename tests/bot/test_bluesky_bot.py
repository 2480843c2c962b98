"""The bot on a loopback Bluesky PDS + AppView: notifications, createRecord with a link facet, and
the session kept in the database (one login across restarts and workers, one refresh)."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from unspool.bot.bluesky import BlueskyBot
from unspool.errors import AuthFailed
from unspool.model import make_thread_id
from unspool.sources.http import make_client
from unspool.store.schema import bot_tokens

from .conftest import PUBLIC, run_and_crash
from .fakes import BOT, Account, FakeBlueskyPDS

FERN = Account("did:plc:fernexample0000000000000", "fern.example.test", "Fern Example")
ALICE = Account("did:plc:aliceexample00000000000", "alice.example.test", "Alice")


def test_mention_gets_a_reply_with_a_link_facet_and_reply_refs(bluesky_world):
    world = bluesky_world
    posts = world.fake.appview.chain(FERN, ["Kite repair 🪁 part 1", "part 2", "part 3"])
    mention = world.fake.mention(ALICE, "please unroll", reply_to=posts[1])
    quote = world.fake.mention(ALICE, "Unroll", quote=posts[2])
    ignored = world.fake.mention(ALICE, "nice")
    assert world.worker().run_once()["answered"] == 2
    link = f"{PUBLIC}/t/{make_thread_id('bluesky', posts[0])}"
    [create] = world.fake.creates_for(mention)
    record = create["record"]
    facet = record["facets"][0]
    text = record["text"].encode()
    assert text[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode() == link == facet["features"][0]["uri"]
    assert record["reply"]["parent"]["uri"] == mention and record["reply"]["root"]["uri"] == posts[0]
    assert create["repo"] == BOT.did and len(world.fake.creates_for(quote)) == 1 and world.fake.creates_for(ignored) == []
    assert world.worker().run_once()["answered"] == 0 and len(world.fake.creates) == 2


def test_crash_after_posting_does_not_post_again(bluesky_world):
    world = bluesky_world
    posts = world.fake.appview.chain(FERN, ["Kite repair part 1", "part 2"])
    mention = world.fake.mention(ALICE, "unroll", reply_to=posts[1])
    run_and_crash(world, world.make_adapter(), after_post=True)
    assert world.worker().run_once()["answered"] == 1
    assert len(world.fake.creates_for(mention)) == 1 and len(world.fake.records) == 1


def test_deterministic_record_key_refuses_a_second_reply(bluesky_world):
    """Even when the check misses the reply, createRecord cannot make a second one."""
    world = bluesky_world
    posts = world.fake.appview.chain(FERN, ["Kite repair part 1", "part 2"])
    mention = world.fake.mention(ALICE, "unroll", reply_to=posts[1])
    adapter = world.make_adapter()
    adapter.find_reply = lambda _m: None
    [posted] = run_and_crash(world, adapter, after_post=True)
    assert world.worker(adapter).run_once()["answered"] == 1
    assert len(world.fake.creates_for(mention)) == 2 and len(world.fake.records) == 1
    assert posted.endswith("/" + next(iter(world.fake.records)))


def test_expired_session_is_refreshed_before_logging_in_again(bluesky_world):
    world = bluesky_world
    posts = world.fake.appview.chain(FERN, ["Kite repair part 1", "part 2"])
    adapter = world.make_adapter()  # no store: the session lives in memory only
    assert world.fake.sessions_created == 1
    first_refresh = world.fake.issued[0][1]
    world.fake.expire_access()
    adapter.fetch_mentions(None)
    [refresh] = world.fake.refreshes
    assert refresh.headers.get("authorization") == f"Bearer {first_refresh}" and world.fake.sessions_created == 1
    mention = world.fake.mention(ALICE, "unroll", reply_to=posts[1])
    world.fake.expire_access()
    assert world.worker(adapter).run_once()["answered"] == 1 and len(world.fake.creates_for(mention)) == 1
    assert world.fake.refreshes[-1].headers.get("authorization") == f"Bearer {world.fake.issued[1][1]}"  # the rotated one
    # The refresh JWT is refused too: a new session with the app password.
    sessions = world.fake.sessions_created
    world.fake.expire_access()
    world.fake.refresh_jwts = set()
    adapter.fetch_mentions(None)
    assert world.fake.sessions_created == sessions + 1


# --- the session kept in the database ---------------------------------------------------------


def stored_adapter(world, **settings) -> BlueskyBot:
    """A worker's adapter on the world's store (as `unspool bot bluesky` builds it)."""
    changed = dataclasses.replace(world.settings, **settings)
    return BlueskyBot.from_settings(changed, make_client(changed), world.store)


def stored(world) -> dict:
    with world.store.engine.connect() as conn:
        return dict(conn.execute(select(bot_tokens).where(bot_tokens.c.network == "bluesky")).mappings().one())


def exp_ms(token: str) -> int:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"] * 1000


def test_a_restarted_worker_uses_the_stored_session(bluesky_world):
    world = bluesky_world
    # Mentions without a target get the how-to reply: no unroll, whose fetcher logs in on its own.
    first = world.fake.mention(ALICE, "unroll")
    assert world.worker(stored_adapter(world)).run_once()["answered"] == 1
    second = world.fake.mention(ALICE, "unroll please")
    restarted = stored_adapter(world)  # a second run (or a second process): no login
    assert restarted.did == restarted.account == BOT.did  # the DID, from the stored access JWT
    assert world.worker(restarted).run_once()["answered"] == 1
    assert world.fake.sessions_created == 1 and world.fake.refreshes == []
    assert [c["repo"] for c in world.fake.creates_for(first) + world.fake.creates_for(second)] == [BOT.did, BOT.did]
    row = stored(world)
    assert (row["account"], row["access_token"], row["refresh_token"]) == (BOT.handle, *world.fake.issued[0])
    assert row["expires_ms"] == exp_ms(row["access_token"])
    assert FakeBlueskyPDS.PASSWORD not in repr(row)  # only a hash of the login is kept


def test_a_refresh_stores_the_rotated_pair_for_the_next_worker(bluesky_world):
    world = bluesky_world
    adapter = stored_adapter(world)
    world.fake.expire_access()
    adapter.fetch_mentions(None)
    [refresh] = world.fake.refreshes
    assert refresh.headers.get("authorization") == f"Bearer {world.fake.issued[0][1]}"
    rotated = world.fake.issued[1]
    row = stored(world)
    assert (row["access_token"], row["refresh_token"]) == rotated and row["expires_ms"] == exp_ms(rotated[0])
    restarted = stored_adapter(world)  # its first token is the rotated one: no ExpiredToken, no refresh
    restarted.fetch_mentions(None)
    assert restarted.session.access_token == rotated[0]
    assert len(world.fake.refreshes) == 1 and world.fake.sessions_created == 1


def test_a_refused_refresh_logs_in_again_and_stores_that_session(bluesky_world):
    world = bluesky_world
    adapter = stored_adapter(world)
    seed = stored(world)["seed"]
    world.fake.expire_access()
    world.fake.refresh_jwts = set()  # the refresh JWT was revoked
    adapter.fetch_mentions(None)
    assert len(world.fake.refreshes) == 1 and world.fake.sessions_created == 2
    row = stored(world)
    assert (row["access_token"], row["refresh_token"]) == world.fake.issued[1] and row["seed"] == seed
    stored_adapter(world).fetch_mentions(None)
    assert world.fake.sessions_created == 2


def test_a_new_app_password_replaces_the_stored_session(bluesky_world):
    world = bluesky_world
    stored_adapter(world)
    old = stored(world)
    world.fake.password = "new-app-pass-word"  # the operator revoked the old app password
    adapter = stored_adapter(world, bsky_app_password="new-app-pass-word")
    assert world.fake.sessions_created == 2
    row = stored(world)
    assert (row["access_token"], row["refresh_token"]) == world.fake.issued[1] and row["seed"] != old["seed"]
    assert adapter.session.access_token == world.fake.issued[1][0]
    stored_adapter(world, bsky_app_password="new-app-pass-word")
    assert world.fake.sessions_created == 2
    with pytest.raises(AuthFailed, match="UNSPOOL_BSKY_APP_PASSWORD"):  # the old one is refused: no stale session
        stored_adapter(world)


def test_workers_sharing_the_store_refresh_an_expired_session_once(bluesky_world):
    world = bluesky_world
    adapters = [stored_adapter(world), stored_adapter(world)]
    # Both are refused at the same moment and ask for a new token together; the refresh is slow.
    world.fake.expired_barrier = threading.Barrier(2)
    world.fake.refresh_delay = 0.3
    world.fake.expire_access()
    with ThreadPoolExecutor(len(adapters)) as pool:  # (map re-raises what a thread raised)
        list(pool.map(lambda adapter: adapter.fetch_mentions(None), adapters))
    assert len(world.fake.refreshes) == 1 and world.fake.sessions_created == 1
    assert [a.session.access_token for a in adapters] == [world.fake.issued[1][0]] * 2 == [stored(world)["access_token"]] * 2
    # One after the other: the second finds the first one's token in the row and sends no refresh.
    world.fake.expired_barrier, world.fake.refresh_delay = None, 0.0
    world.fake.expire_access()
    adapters[0].fetch_mentions(None)
    adapters[1].fetch_mentions(None)
    assert len(world.fake.refreshes) == 2 and world.fake.sessions_created == 1
    assert adapters[1].session.access_token == world.fake.issued[2][0]


def test_tokens_and_password_never_reach_the_log(bluesky_world, caplog):
    world = bluesky_world
    caplog.set_level(logging.DEBUG)
    adapter = stored_adapter(world)
    world.fake.expire_access()
    adapter.fetch_mentions(None)
    world.fake.expire_access()
    world.fake.refresh_jwts = set()
    adapter.fetch_mentions(None)
    assert "event=session_created" in caplog.text and "event=session_refreshed" in caplog.text
    secrets = [FakeBlueskyPDS.PASSWORD] + [token.split(".")[1] for pair in world.fake.issued for token in pair]
    assert len(world.fake.issued) == 3 and not [s for s in secrets if s in caplog.text]


def test_live_unrolls_read_through_the_bot_session_without_logging_in(bluesky_world):
    """Each answer unrolls a thread nobody stored yet; the reads go to the PDS with the bot's own
    (stored) session, so the whole run logs in once, not once per unroll."""
    world = bluesky_world
    mentions = []
    for n in range(3):
        posts = world.fake.appview.chain(FERN, [f"Seed saving, thread {n}", "part 2"])
        mentions.append(world.fake.mention(ALICE, "unroll please", reply_to=posts[1]))
    adapter = BlueskyBot.from_settings(world.settings, make_client(world.settings), store=world.store)
    assert world.worker(adapter).run_once()["answered"] == 3
    assert all(len(world.fake.creates_for(m)) == 1 for m in mentions)
    assert world.fake.sessions_created == 1
    reads = [r for r in world.server.requests if r.path.endswith("app.bsky.feed.getPostThread")]
    assert len(reads) >= 3
    assert {r.headers.get("authorization") for r in reads} == {f"Bearer {adapter.session.access_token}"}
    assert {r.headers.get("atproto-proxy") for r in reads} == {"did:web:api.bsky.app#bsky_appview"}
