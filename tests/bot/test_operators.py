"""What operators see: `unspool bot status`, `/healthz`, and a `bot mastodon --once` process."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from unspool.web import create_app

from .fakes import BotMastodon


def test_status_json_and_healthz(mastodon_world, cli):
    world = mastodon_world
    fern = world.fake.account("fern", "Fern Example")
    posts = world.fake.chain(fern, 3, text="Kite repair, part {n}")
    alice = world.fake.account("alice", "Alice")
    world.fake.mention(alice, "unroll", reply_to=posts[0])
    world.fake.mention(alice, "hello")
    world.worker().run_once()
    world.fake.mention(alice, "unroll again", reply_to=posts[1])
    world.worker().poll()
    cli.env["UNSPOOL_DATABASE_URL"] = world.settings.database_url
    counts = json.loads(cli("bot", "status", "--json").stdout)
    assert counts["mastodon"]["answered"] == 1 and counts["mastodon"]["ignored"] == 1 and counts["mastodon"]["pending"] == 1
    assert counts["mastodon"]["lag_seconds"] >= 0
    assert "pending=1" in cli("bot", "status").stdout.decode()
    with TestClient(create_app(world.settings, store=world.store)) as client:
        health = client.get("/healthz")
        assert health.status_code == 200
        body = health.json()
        assert body["status"] == "ok" and body["db"] is True and health.headers["cache-control"] == "no-store"
        strip = lambda entry: {k: v for k, v in entry.items() if k != "lag_seconds"}  # noqa: E731
        assert strip(body["bot"]["mastodon"]) == strip(counts["mastodon"])


def test_bot_command_once_answers_and_needs_public_url(mastodon_world, cli):
    world = mastodon_world
    fern = world.fake.account("fern", "Fern Example")
    posts = world.fake.chain(fern, 3, text="Kite repair, part {n}")
    mention = world.fake.mention(world.fake.account("alice", "Alice"), "unroll", reply_to=posts[0])
    cli.env.update(
        UNSPOOL_DATABASE_URL=world.settings.database_url, UNSPOOL_ALLOW_HOSTS=world.server.netloc,
        UNSPOOL_MASTODON_BASE_URL=world.server.origin, UNSPOOL_MASTODON_TOKEN=BotMastodon.TOKEN,
    )
    missing = cli("bot", "mastodon", "--once", check=False)
    assert missing.returncode == 1 and b"UNSPOOL_PUBLIC_URL" in missing.stderr
    cli.env["UNSPOOL_PUBLIC_URL"] = "https://unspool.example"
    result = cli("bot", "mastodon", "--once")
    assert b"answered=1" in result.stdout and b"event=answered" in result.stderr
    assert len(world.fake.replies_to(mention)) == 1
