"""X user tokens: refreshed after a 401 and before they run out, the rotated pair kept in the
database (shared by workers, kept across restarts), and a refused refresh leaves mentions
pending with a message telling the operator to authorise again."""

from __future__ import annotations

import base64
import dataclasses
import threading
import time
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from unspool.bot import states
from unspool.bot.x import XBot
from unspool.errors import AuthFailed
from unspool.sources.http import make_client
from unspool.store.schema import bot_tokens

from .fakes import FakeX


def stored(world) -> dict:
    with world.store.engine.connect() as conn:
        return dict(conn.execute(select(bot_tokens).where(bot_tokens.c.network == "x")).mappings().one())


def setup_mention(world):
    fern = world.fake.user("2001", "fern_writes", "Fern Example")
    posts = world.fake.chain(fern, [f"{i}/ Kite repair, part {i}" for i in range(1, 4)])
    reader = world.fake.user("3000", "reader0", "Reader 0")
    return world.fake.tweet(reader, "@unspoolbot unroll", reply_to=posts[1]["id"])


def test_401_refreshes_retries_and_persists_the_rotated_pair(x_world):
    world = x_world
    adapter = world.make_adapter()
    assert stored(world)["refresh_token"] == FakeX.REFRESH_TOKEN and stored(world)["expires_ms"] is None  # seeded from the env
    mention = setup_mention(world)
    world.fake.expire_access()
    assert world.worker(adapter).run_once()["answered"] == 1
    assert len(world.fake.replies_to(mention)) == 1
    [refresh] = world.fake.token_requests
    form = {k: v[0] for k, v in parse_qs(refresh.body.decode()).items()}
    assert form == {"grant_type": "refresh_token", "refresh_token": FakeX.REFRESH_TOKEN, "client_id": FakeX.CLIENT_ID}
    assert refresh.headers.get("content-type") == "application/x-www-form-urlencoded" and refresh.headers.get("authorization") is None
    row = stored(world)
    assert (row["access_token"], row["refresh_token"]) == ("user-token-1", "refresh-1")
    assert abs(row["expires_ms"] - (time.time() + 7200) * 1000) < 60_000
    # The refused request was sent once more after the refresh.
    assert len([r for r in world.server.requests if r.path.endswith("/mentions")]) == 2


def test_a_restarted_worker_uses_the_stored_pair_not_the_stale_env(x_world):
    world = x_world
    world.make_adapter()
    world.fake.expire_access()
    world.make_adapter()  # refreshes while checking the account: refresh-0 is used up
    assert len(world.fake.token_requests) == 1 and world.fake.refresh_tokens == {"refresh-1"}
    mention = setup_mention(world)
    restarted = world.make_adapter()  # the same env (user-token, refresh-0) as at the first start
    assert restarted.tokens.access_token == "user-token-1"
    assert world.worker(restarted).run_once()["answered"] == 1 and len(world.fake.replies_to(mention)) == 1
    assert len(world.fake.token_requests) == 1  # no refresh with the dead env token
    # Several workers on a fresh expiry: one refresh, the others use its token.
    adapters = [world.make_adapter() for _ in range(3)]
    world.fake.expire_access()
    threads = [threading.Thread(target=a.fetch_mentions, args=(None,)) for a in adapters]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(world.fake.token_requests) == 2 and stored(world)["refresh_token"] == "refresh-2"
    assert all(a.tokens.access_token == "user-token-2" for a in adapters)


def test_proactive_refresh_shortly_before_expiry_and_confidential_client(x_world):
    world = x_world
    world.fake.client_secret = "s3cret"
    settings = dataclasses.replace(world.settings, x_client_secret="s3cret")
    world.fake.expires_in = 200  # inside the 5-minute margin: refreshed on the next request
    adapter = XBot.from_settings(settings, make_client(settings), world.store)
    world.fake.expire_access()
    adapter.fetch_mentions(None)  # reactive: the first token refresh
    assert stored(world)["refresh_token"] == "refresh-1"
    before = len(world.server.requests)
    adapter.fetch_mentions(None)  # proactive: no 401 first
    assert len(world.fake.token_requests) == 2 and stored(world)["refresh_token"] == "refresh-2"
    sent = [r.path for r in world.server.requests[before:]]
    assert sent == ["/2/oauth2/token", "/2/users/1000/mentions"]
    basic = "Basic " + base64.b64encode(f"{FakeX.CLIENT_ID}:s3cret".encode()).decode()
    last = world.fake.token_requests[-1]
    assert last.headers.get("authorization") == basic and "client_id" not in parse_qs(last.body.decode())


def test_refused_refresh_tells_the_operator_and_keeps_the_mention_pending(x_world):
    world = x_world
    adapter = world.make_adapter()
    mention = setup_mention(world)
    worker = world.worker(adapter)
    worker.poll()
    world.fake.expire_access()
    world.fake.refresh_tokens = set()  # the refresh token was revoked: 400 invalid_grant
    assert worker.run_once() == {"recorded": 0, "answered": 0, "deferred": 0, "failed": 0}  # the poll failed: paused
    assert worker.paused_until > time.time() + 200
    claimed = states.claim_next(world.store, "x", adapter.account, "w2", lease_ms=60_000)
    assert world.worker(adapter).handle(claimed) == "deferred"  # not failed: the attempt is given back
    status = states.status(world.store)["x"]
    assert status["pending"] == 1 and status["failed"] == 0
    with world.store.engine.connect() as conn:
        error = conn.execute(select(states.bot_mentions.c.error)).scalar()
    assert "invalid_grant" in error and "authorise the bot account again" in error
    assert world.fake.replies_to(mention) == []
    with pytest.raises(AuthFailed, match="authorise the bot account again"):
        world.make_adapter()
