"""Import into a real SQLite and a real PostgreSQL: idempotent, extending, all-or-nothing."""

import json
import shutil

import pytest
from conftest import at, make_png
from sqlalchemy import select, text

from unspool.errors import InputError, StoreError
from unspool.importer import import_archive
from unspool.lookup import find_thread
from unspool.store import Store
from unspool.store.schema import posts, threads


def snapshot(store: Store):
    with store.engine.connect() as conn:
        return (
            conn.execute(select(threads).order_by(threads.c.id)).all(),
            conn.execute(select(posts.c.thread_id, posts.c.position, posts.c.native_id, posts.c.data).order_by(posts.c.id)).all(),
        )


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


def test_import_then_reimport_changes_nothing(builder, tmp_path, store):
    ids = builder.thread(["1/ Kite frame", "2/ Sail", "3/ Tail 🧵"], start=at(1))
    builder.thread(["Compost notes", "More compost"], start=at(3))
    builder.tweet("just one", at=at(4))
    archive = builder.write(tmp_path / "a.zip", zip=True)
    first = import_archive(archive, store, tmp_path / "media")
    assert (first.threads_found, first.threads_added, first.posts_read) == (2, 2, 6)
    before = snapshot(store)
    again = import_archive(archive, store, tmp_path / "media")
    assert (again.threads_added, again.threads_updated, again.threads_unchanged) == (0, 0, 2)
    assert snapshot(store) == before
    thread = find_thread(store, ids[1])
    assert [p.id for p in thread.posts] == ids and thread.title == "Kite frame"


def test_newer_archive_extends_grown_threads_and_adds_new_ones(builder, tmp_path, store):
    ids = builder.thread(["Bike wheel truing, part one", "Spoke tension"], start=at(1))
    import_archive(builder.write(tmp_path / "old"), store, tmp_path / "media")
    more = builder.thread(["Final check"], start=at(1, 13), reply_to=ids[-1])
    new_thread = builder.thread(["Stargazing log", "Saw Jupiter"], start=at(9))
    report = import_archive(builder.write(tmp_path / "new"), store, tmp_path / "media")
    assert (report.threads_added, report.threads_updated) == (1, 1)
    assert [p.id for p in find_thread(store, ids[0]).posts] == ids + more
    assert [p.id for p in find_thread(store, new_thread[0]).posts] == new_thread
    assert store.count_threads() == 2


def test_older_archive_fills_in_a_root_deleted_later(builder, tmp_path, store):
    ids = builder.thread(["Root of a houseplant thread", "Cuttings", "Roots after a week"], start=at(1))
    full = builder.write(tmp_path / "full")
    # An archive downloaded after the root was deleted: the remaining posts form a thread of their own.
    partial = tmp_path / "partial"
    shutil.copytree(full, partial)
    tweets = partial / "data" / "tweets.js"
    prefix, body = tweets.read_text().split("=", 1)
    kept = [item for item in json.loads(body) if item["tweet"]["id_str"] != ids[0]]
    tweets.write_text(prefix + "= " + json.dumps(kept, indent=2))
    import_archive(partial, store, tmp_path / "media")
    assert [p.id for p in find_thread(store, ids[1]).posts] == ids[1:]
    import_archive(full, store, tmp_path / "media")
    assert [p.id for p in find_thread(store, ids[2]).posts] == ids
    assert store.count_threads() == 1


def test_media_files_are_copied_once(builder, tmp_path, store):
    png = make_png(32, 32)
    builder.thread(["Bird feeder build", "Finished"], start=at(1), media=[("photo", "A wooden feeder", png)])
    media_dir = tmp_path / "media"
    report = import_archive(builder.write(tmp_path / "a"), store, media_dir)
    assert report.media_copied == 2
    assert sorted(p.read_bytes() for p in (media_dir / "x").iterdir()) == [png, png]


def test_a_media_link_out_of_an_unzipped_folder_is_refused(builder, tmp_path, store):
    """A symlink in an unzipped archive must not copy a private file into the public media folder."""
    builder.thread(["Bird feeder build", "Finished"], start=at(1), media=[("photo", "A wooden feeder", make_png(8, 8))])
    folder = builder.write(tmp_path / "a")
    private = tmp_path / "private.txt"
    private.write_text("not for the web")
    (photo,) = [p for p in (folder / "data" / "tweets_media").iterdir()][:1]
    photo.unlink()
    photo.symlink_to(private)
    before = snapshot(store)
    with pytest.raises(InputError, match="leads outside the archive folder"):
        import_archive(folder, store, tmp_path / "media")
    assert snapshot(store) == before
    copied = list((tmp_path / "media").rglob("*")) if (tmp_path / "media").exists() else []
    assert all(p.is_dir() or p.read_bytes() != private.read_bytes() for p in copied)


def test_failed_import_leaves_the_database_untouched(builder, tmp_path, store):
    builder.thread(["Ukulele chords", "C, G, Am, F"], start=at(1))
    import_archive(builder.write(tmp_path / "good"), store, tmp_path / "media")
    before = snapshot(store)
    builder.thread(["Another thread", "with two posts"], start=at(5))
    bad = builder.write(tmp_path / "bad", parts=2)
    part = bad / "data" / "tweets-part1.js"
    part.write_bytes(part.read_bytes()[:-40])
    with pytest.raises(InputError):
        import_archive(bad, store, tmp_path / "media")
    assert snapshot(store) == before


def test_search_index_holds_thread_text(builder, tmp_path, store):
    builder.thread(["Tide pool anemones", "Hermit crabs everywhere"], start=at(1))
    import_archive(builder.write(tmp_path / "a"), store, tmp_path / "media")
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            hits = conn.execute(text("SELECT thread_id FROM thread_search WHERE thread_search MATCH 'hermit'")).all()
        else:
            hits = conn.execute(text("SELECT thread_id FROM thread_search WHERE document @@ plainto_tsquery('simple', 'hermit')")).all()
    assert len(hits) == 1


def test_bad_database_url_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="invalid database URL"):
        Store.open("not a url")
