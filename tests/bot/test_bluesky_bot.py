"""The bot on a loopback Bluesky PDS + AppView: notifications, createRecord with a link facet."""

from __future__ import annotations

from unspool.model import make_thread_id

from .conftest import PUBLIC, run_and_crash
from .fakes import BOT, Account

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
    adapter = world.make_adapter()
    assert world.fake.sessions_created == 1
    world.fake.expire_access()
    adapter.fetch_mentions(None)
    [refresh] = world.fake.refreshes
    assert refresh.headers.get("authorization") == "Bearer refresh-jwt" and world.fake.sessions_created == 1
    mention = world.fake.mention(ALICE, "unroll", reply_to=posts[1])
    world.fake.expire_access()
    assert world.worker(adapter).run_once()["answered"] == 1 and len(world.fake.creates_for(mention)) == 1
    assert refresh.headers.get("authorization") == "Bearer refresh-jwt"
    assert world.fake.refreshes[-1].headers.get("authorization") == "Bearer refresh-jwt-1"  # the rotated one
    # The refresh JWT is refused too: a new session with the app password.
    sessions = world.fake.sessions_created
    world.fake.expire_access()
    world.fake.refresh_jwts = set()
    adapter.fetch_mentions(None)
    assert world.fake.sessions_created == sessions + 1
