"""Moderation in the store, on SQLite and PostgreSQL: takedowns and blocks hide threads from every
listing, survive re-import, refuse a blocked author's import; reports are rate limited and keyless."""

import json
import shutil

import pytest
from conftest import at
from sqlalchemy import create_engine, inspect, select, text

from unspool.errors import Blocked, InputError, NotFound, RateLimited
from unspool.importer import import_archive
from unspool.lookup import find_thread
from unspool.model import make_thread_id
from unspool.store import Store, moderation
from unspool.store.db import MIGRATIONS
from unspool.store.schema import authors, posts, reports, takedowns, threads
from unspool.synthetic.x_archive import ArchiveBuilder

NOW = 1_750_000_000_000  # a fixed clock for the rate-limit windows
HOUR = moderation.HOUR_MS


def snapshot(store: Store):
    with store.engine.connect() as conn:
        return (
            conn.execute(select(authors).order_by(authors.c.id)).all(),
            conn.execute(select(threads).order_by(threads.c.id)).all(),
            conn.execute(select(posts.c.thread_id, posts.c.position, posts.c.native_id, posts.c.data).order_by(posts.c.id)).all(),
        )


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


@pytest.fixture
def robin(builder, tmp_path, store):
    """Two threads by robin, imported; (archive path, kite thread id, compost thread id)."""
    kite = builder.thread(["Kite frame from bamboo", "The sail", "The tail"], start=at(1))
    compost = builder.thread(["Compost notes", "Turn it weekly"], start=at(3))
    archive = builder.write(tmp_path / "robin")
    import_archive(archive, store, tmp_path / "media")
    return archive, make_thread_id("x", kite[0]), make_thread_id("x", compost[0])


def listed(store: Store) -> set[str]:
    return {summary.id for summary in store.list_threads()}


def test_takedown_hides_from_lists_counts_and_search_until_restored(store, robin):
    _, kite, compost = robin
    assert store.thread_status(kite) == "visible" and store.thread_status("nope") is None
    assert moderation.take_down(store, kite, "copyright claim") is True
    assert moderation.take_down(store, kite) is False  # again: no change, the reason stays
    with store.engine.connect() as conn:
        assert conn.execute(select(takedowns.c.reason)).scalars().all() == ["copyright claim"]
    assert store.thread_status(kite) == "taken_down" and moderation.is_hidden(store, kite)
    assert listed(store) == {compost} and store.count_threads() == 1
    assert [s.id for s in store.list_threads(author_handle="robin_makes")] == [compost]
    assert store.search("bamboo") == [] and [h.id for h in store.search("compost")] == [compost]
    assert store.get_thread(kite) is not None  # raw access stays: the web layer asks thread_status

    assert moderation.restore(store, kite) is True and moderation.restore(store, kite) is False
    assert store.thread_status(kite) == "visible" and listed(store) == {kite, compost}
    assert [h.id for h in store.search("bamboo")] == [kite]


def test_search_pages_stay_full_when_threads_are_hidden(builder, tmp_path, store):
    ids = [builder.thread([f"Pancake recipe {n}", "Flip it"], start=at(1 + n))[0] for n in range(5)]
    import_archive(builder.write(tmp_path / "a"), store, tmp_path / "media")
    for root in ids[:3]:
        moderation.take_down(store, make_thread_id("x", root))
    hits = store.search("pancake", limit=2)
    assert sorted(h.id for h in hits) == sorted(make_thread_id("x", root) for root in ids[3:])


def test_reimport_does_not_resurface_a_taken_down_thread(builder, tmp_path, store, robin):
    archive, kite, compost = robin
    moderation.take_down(store, kite)
    import_archive(archive, store, tmp_path / "media")  # the same archive again
    assert listed(store) == {compost}
    # A newer archive in which the thread grew: it is stored again (same id), still hidden.
    last = find_thread(store, kite).posts[-1].id
    builder.thread(["Flown at the beach"], start=at(1, 14), reply_to=last)
    report = import_archive(builder.write(tmp_path / "newer"), store, tmp_path / "media")
    assert report.threads_updated == 1
    assert len(store.get_thread(kite).posts) == 4
    assert store.thread_status(kite) == "taken_down" and listed(store) == {compost}


def test_takedown_follows_a_thread_joined_under_a_restored_root(builder, tmp_path, store):
    ids = builder.thread(["Root of a houseplant thread", "Cuttings", "Roots after a week"], start=at(1))
    full = builder.write(tmp_path / "full")
    partial = tmp_path / "partial"
    shutil.copytree(full, partial)
    tweets = partial / "data" / "tweets.js"
    prefix, body = tweets.read_text().split("=", 1)
    tweets.write_text(prefix + "= " + json.dumps([i for i in json.loads(body) if i["tweet"]["id_str"] != ids[0]]))
    import_archive(partial, store, tmp_path / "media")
    fragment = make_thread_id("x", ids[1])
    moderation.take_down(store, fragment, "private information")
    import_archive(full, store, tmp_path / "media")  # the root is back: a new, longer thread
    whole = make_thread_id("x", ids[0])
    assert [p.id for p in store.get_thread(whole).posts] == ids
    assert store.thread_status(whole) == "taken_down" and listed(store) == set()


def test_block_author_hides_all_their_threads_and_refuses_their_imports(builder, tmp_path, store, robin):
    archive, kite, compost = robin
    sam = ArchiveBuilder(account_id="800002", handle="sam_bakes", name="Sam Sample")
    sam_ids = sam.thread(["Sourdough starter", "Feed it daily"], start=at(7))
    import_archive(sam.write(tmp_path / "sam"), store, tmp_path / "media")
    with pytest.raises(NotFound, match="no stored author @nobody on x"):
        moderation.block_author(store, "x", "@nobody")

    author, created = moderation.block_author(store, "x", "@Robin_Makes", "opted out by email")
    assert created and author.handle == "robin_makes" and author.native_id == "700001"
    assert store.thread_status(kite) == store.thread_status(compost) == "author_blocked"
    assert listed(store) == {make_thread_id("x", sam_ids[0])} and store.count_threads() == 1
    assert store.search("compost") == []

    # Their import fails with a clear error and changes nothing, even with new threads in it.
    builder.thread(["A brand new thread", "With two posts"], start=at(9))
    before = snapshot(store)
    with pytest.raises(Blocked, match="@robin_makes has opted out or is blocked on this server; nothing was imported"):
        import_archive(builder.write(tmp_path / "robin-new"), store, tmp_path / "media")
    assert snapshot(store) == before

    assert moderation.unblock_author(store, "x", "nobody") is None
    assert moderation.unblock_author(store, "x", "robin_makes") == "robin_makes"
    assert store.thread_status(kite) == "visible"
    assert import_archive(builder.write(tmp_path / "robin-newer"), store, tmp_path / "media").threads_added == 1


def test_reports_are_stored_without_addresses_and_rate_limited(builder, tmp_path, store):
    roots = [builder.thread([f"Thread number {n}", "Second post"], start=at(1 + n))[0] for n in range(8)]
    import_archive(builder.write(tmp_path / "a"), store, tmp_path / "media")
    ids = [make_thread_id("x", root) for root in roots]
    ip = "203.0.113.77"

    first = moderation.add_report(store, ids[0], "spam", "  Buy \x1b[31mcheap\x1b[0m pills\u202e  ", ip, now_ms=NOW)
    with pytest.raises(RateLimited, match="already reported this thread today"):
        moderation.add_report(store, ids[0], "other", "", ip, now_ms=NOW + 1000)
    for n in range(1, moderation.REPORTS_PER_HOUR):
        moderation.add_report(store, ids[n], "other", "", ip, now_ms=NOW + n)
    with pytest.raises(RateLimited, match="in the last hour"):
        moderation.add_report(store, ids[6], "other", "", ip, now_ms=NOW + 10)
    # Another address is counted apart; the same /64 of IPv6 counts as one reporter.
    moderation.add_report(store, ids[6], "harassment", "", "198.51.100.1", now_ms=NOW + 20)
    moderation.add_report(store, ids[6], "other", "", "2001:db8:1:2::1", now_ms=NOW + 30)
    with pytest.raises(RateLimited):
        moderation.add_report(store, ids[6], "other", "", "2001:db8:1:2:ffff::9", now_ms=NOW + 40)
    # An hour later the limit is lifted.
    moderation.add_report(store, ids[7], "copyright", "", ip, now_ms=NOW + HOUR + 1)

    with store.engine.connect() as conn:
        rows = conn.execute(select(reports)).mappings().all()
    assert len(rows) == 8
    stored = json.dumps([dict(row) for row in rows])
    assert "203.0.113" not in stored and "198.51.100" not in stored and "2001:db8" not in stored
    assert all(len(row["reporter_key"]) == 32 for row in rows)

    items = moderation.list_reports(store)
    assert [r.id for r in items][-1] == first and len(items) == 8
    (spam,) = [r for r in items if r.id == first]
    assert (spam.reason, spam.details, spam.title, spam.status) == ("spam", "Buy [31mcheap[0m pills", "Thread number 0", "open")


def test_reporter_keys_change_daily_and_are_erased_after_two_days(builder, tmp_path, store, robin):
    _, kite, compost = robin
    ip = "203.0.113.5"
    moderation.add_report(store, kite, "spam", "", ip, now_ms=NOW)
    moderation.add_report(store, kite, "spam", "", ip, now_ms=NOW + moderation.DAY_MS)  # a new day, a new key
    moderation.add_report(store, compost, "spam", "", ip, now_ms=NOW + 3 * moderation.DAY_MS + 1)
    with store.engine.connect() as conn:
        keys = conn.execute(select(reports.c.reporter_key).order_by(reports.c.id)).scalars().all()
    assert keys[0] is None and keys[1] is None and keys[2] is not None


def test_report_validation_and_hidden_threads(store, robin):
    _, kite, compost = robin
    with pytest.raises(InputError, match="unknown report reason"):
        moderation.add_report(store, kite, "boring", "", "203.0.113.1")
    with pytest.raises(InputError, match="too long"):
        moderation.add_report(store, kite, "other", "x" * 1001, "203.0.113.1")
    with pytest.raises(NotFound):
        moderation.add_report(store, "nope", "spam", "", "203.0.113.1")
    moderation.add_report(store, kite, "spam", "x" * 1000, "203.0.113.1")
    moderation.add_report(store, compost, "spam", "", "203.0.113.2")
    # A takedown resolves the thread's open reports; a taken-down thread takes no new ones.
    moderation.take_down(store, kite)
    assert [r.thread_id for r in moderation.list_reports(store)] == [compost]
    assert {r.status for r in moderation.list_reports(store, None) if r.thread_id == kite} == {"resolved"}
    with pytest.raises(NotFound):
        moderation.add_report(store, kite, "spam", "", "203.0.113.3")
    (open_report,) = moderation.list_reports(store)
    assert moderation.resolve_report(store, open_report.id) and not moderation.resolve_report(store, 10_000)
    assert moderation.list_reports(store) == []


def test_an_existing_database_upgrades_to_the_moderation_tables(db_url):
    from alembic import command
    from alembic.config import Config

    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            salt = conn.execute(text("SELECT value FROM site_keys WHERE name = 'report_salt'")).scalar_one()
        assert {"takedowns", "blocked_authors", "reports", "site_keys"} <= names and len(bytes.fromhex(salt)) == 32
    finally:
        store.close()
