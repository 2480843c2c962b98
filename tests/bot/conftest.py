"""Bot worlds: a loopback network fake, a store (SQLite and PostgreSQL) and Settings that let
the guarded client reach the loopback server."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from unspool.bot.worker import Limits, Worker
from unspool.config import Settings
from unspool.sources.http import make_client
from unspool.store import Store

from .fakes import BOT, BotMastodon, FakeBlueskyPDS, FakeX, LoopbackServer

PUBLIC = "https://unspool.example"
FAST = Limits(backoff_seconds=0.05, lease_seconds=60, poll_seconds=0.05, rate_limit_seconds=0.2)


class Crash(BaseException):
    """Stands for the process dying: nothing catches it."""


@dataclass
class World:
    server: LoopbackServer
    fake: object
    store: Store
    settings: Settings
    make_adapter: object

    def worker(self, adapter=None, **options) -> Worker:
        options.setdefault("limits", FAST)
        return Worker(adapter or self.make_adapter(), self.store, self.settings, **options)


def run_and_crash(world: World, adapter, *, after_post: bool, only: str | None = None) -> list[str]:
    """Runs one worker that dies in its post step (before or after the POST reaches the
    network; only for mention `only`, if given), then waits out its lease as a restart would.
    Returns the reply ids the dead worker posted."""
    real_post = adapter.post_reply
    posted: list[str] = []

    def post(mention, reply):
        if only is not None and mention.mention_id != only:
            return real_post(mention, reply)
        if after_post:
            posted.append(real_post(mention, reply))
        raise Crash()

    adapter.post_reply = post
    try:
        world.worker(adapter, limits=Limits(lease_seconds=0.05)).run_once()
    except Crash:
        pass
    adapter.post_reply = real_post
    time.sleep(0.1)
    return posted


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def _settings(server, tmp_path, db_url, **extra) -> Settings:
    return Settings(
        data_dir=tmp_path, database_url=db_url, media_dir=tmp_path / "media", allow_hosts=frozenset({server.netloc}),
        public_url=PUBLIC, **extra,
    )


@pytest.fixture
def mastodon_world(server, tmp_path, db_url):
    from unspool.bot.mastodon import MastodonBot

    fake = BotMastodon(server)
    settings = _settings(server, tmp_path, db_url, mastodon_base_url=server.origin, mastodon_token=BotMastodon.TOKEN)
    store = Store.open(db_url)
    yield World(server, fake, store, settings, lambda: MastodonBot.from_settings(settings, make_client(settings)))
    store.close()


@pytest.fixture
def x_world(server, tmp_path, db_url):
    from unspool.bot.x import XBot

    fake = FakeX(server)
    settings = _settings(
        server, tmp_path, db_url, x_api_base=server.url("/2"), x_bearer_token=FakeX.APP_TOKEN,
        x_user_token=FakeX.USER_TOKEN, x_bot_user_id=fake.bot["id"], x_refresh_token=FakeX.REFRESH_TOKEN, x_client_id=FakeX.CLIENT_ID,
    )
    store = Store.open(db_url)
    yield World(server, fake, store, settings, lambda: XBot.from_settings(settings, make_client(settings), store))
    store.close()


@pytest.fixture
def bluesky_world(server, tmp_path, db_url):
    from unspool.bot.bluesky import BlueskyBot

    fake = FakeBlueskyPDS(server)
    settings = _settings(
        server, tmp_path, db_url, bsky_appview=server.origin, bsky_pds=server.origin, bsky_handle=BOT.handle,
        bsky_app_password=FakeBlueskyPDS.PASSWORD,
    )
    store = Store.open(db_url)
    yield World(server, fake, store, settings, lambda: BlueskyBot.from_settings(settings, make_client(settings)))
    store.close()
