"""A site with imported synthetic archives (two authors, an image, a hostile thread) on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from conftest import at, make_png
from fastapi.testclient import TestClient

from unspool.config import DEFAULT_SITE_HOSTS, Settings
from unspool.importer import import_archive
from unspool.model import Author, Media, Post, Segment, Thread, make_thread_id
from unspool.store import Store
from unspool.synthetic.x_archive import ArchiveBuilder
from unspool.web import create_app

FILLER_THREADS = 23
SITE_HOSTS = DEFAULT_SITE_HOSTS | {"unspool.test"}  # the TestClient's base_url, and servers on loopback
HOSTILE_ID = "9900000000000000001"


@dataclass
class SiteData:
    kite: list[str]  # post ids of the main thread, in order
    kite_id: str
    older_id: str  # robin's thread just before the kite thread
    newer_id: str  # robin's thread just after it
    sam_id: str
    hostile_id: str
    total: int


def hostile_thread() -> Thread:
    mallory = Author(
        network="x", native_id="666", handle="mallory", name='Mallory <img src=x onerror=alert(1)>',
        avatar_url="javascript:alert(1)", profile_url="javascript:alert(2)",
    )
    post = Post(
        network="x",
        id=HOSTILE_ID,
        url="https://x.com/mallory/status/" + HOSTILE_ID,
        author=mallory,
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
        segments=[
            Segment("text", "Evil </script><script>alert('xss')</script> plans "),
            Segment("link", "click me", "javascript:alert(document.cookie)"),
            Segment("text", " and "),
            Segment("link", "data", "data:text/html,<script>alert(3)</script>"),
        ],
        lang='en" onload="alert(4)',
        media=[Media("image", "javascript:alert(5)", alt='"><script>alert(6)</script>')],
    )
    return Thread(id=make_thread_id("x", HOSTILE_ID), network="x", author=mallory, posts=[post])


@pytest.fixture
def site_data(builder, tmp_path, db_url) -> tuple[SiteData, Settings]:
    settings = Settings(data_dir=tmp_path, database_url=db_url, media_dir=tmp_path / "media", site_hosts=SITE_HOSTS)
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    older = builder.thread(["Older thread about pumpkins", "Pumpkin soil"], start=at(2))
    png = make_png(40, 30)
    first = builder.tweet("1/ How I built a kite from scratch 🧵", at=at(5), media=[("photo", "A red kite frame on the lawn", png)])
    second = builder.tweet("2/ The sail is ripstop nylon, cut with a hot knife. See https://kites.example.org/sail", at=at(5, 12, 2), reply_to=first)
    third = builder.tweet("3/ The tail keeps it steady in gusts.", at=at(5, 12, 4), reply_to=second)
    newer = builder.thread(["Newer thread about tomatoes", "Tomato cages"], start=at(9))
    for index in range(FILLER_THREADS):
        builder.thread([f"Filler thread number {index}", "More filler"], start=start + timedelta(days=index))
    import_archive(builder.write(tmp_path / "robin"), (store := Store.open(db_url)), settings.media_dir)

    sam = ArchiveBuilder(account_id="800002", handle="sam_bakes", name="Sam Sample")
    sam_ids = sam.thread(["Sourdough starter basics", "Feed it daily"], start=at(7))
    import_archive(sam.write(tmp_path / "sam"), store, settings.media_dir)

    hostile = hostile_thread()
    with store.transaction() as conn:
        store.add_threads(conn, store.upsert_author(conn, hostile.author), [hostile])
    store.close()
    data = SiteData(
        kite=[first, second, third],
        kite_id=make_thread_id("x", first),
        older_id=make_thread_id("x", older[0]),
        newer_id=make_thread_id("x", newer[0]),
        sam_id=make_thread_id("x", sam_ids[0]),
        hostile_id=hostile.id,
        total=FILLER_THREADS + 3 + 1 + 1,
    )
    return data, settings


@pytest.fixture
def data(site_data) -> SiteData:
    return site_data[0]


@pytest.fixture
def client(site_data):
    app = create_app(site_data[1])
    with TestClient(app, base_url="https://unspool.test") as client:
        yield client


def html(response):
    return lxml.html.fromstring(response.content)
