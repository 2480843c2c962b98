"""The Bluesky repository export (.car) reader, and its import into the store."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import Cli, at
from sqlalchemy import select

from unspool.errors import InputError
from unspool.importer import import_archive
from unspool.lookup import find_thread
from unspool.sources import open_archive
from unspool.sources.bluesky_archive import BlueskyArchiveReader
from unspool.store import Store
from unspool.store.schema import posts as posts_table
from unspool.synthetic.bluesky_repo import RepoBuilder, rich, thread
from unspool.synthetic.mastodon_archive import MastodonArchiveBuilder

T0 = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
ROWAN = "did:plc:rowanexample000000000000"
OTHER_POST = f"at://{ROWAN}/app.bsky.feed.post/3lk2abcdefg2a"


def day(n: int, minute: int = 0) -> datetime:
    return T0 + timedelta(days=n, minutes=minute)


@pytest.fixture
def repo() -> RepoBuilder:
    return RepoBuilder(avatar=b"\x89PNG avatar")


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


def read_all(path, **options):
    with BlueskyArchiveReader(path, **options) as reader:
        nodes = reader.scan()
        posts = {post.id: post for post in reader.read_posts({node.id for node in nodes})}
        return reader, nodes, posts


def test_threads_replies_and_text(repo, tmp_path):
    ids = thread(repo, ["1/ Hedge laying 🧵", "2/ Cut the pleachers", "3/ Weave them in"], start=day(1))
    reply = repo.post("Thanks Rowan!", at=day(2), reply_to=OTHER_POST)
    repo.post("A single post", at=day(3))
    repo.repost(OTHER_POST, at=day(4))
    repo.like(OTHER_POST, at=day(4))
    repo.follow(ROWAN, at=day(4))
    reader, nodes, posts = read_all(repo.write(tmp_path / "repo.car"))
    assert reader.posts_read == 5 and reader.retweets_skipped == 1
    parents = {node.id: node.parent_id for node in nodes}
    assert parents[ids[1]] == ids[0] and parents[ids[2]] == ids[1]
    assert parents[reply] is None  # a reply to someone else starts a chain
    post = posts[ids[0]]
    assert post.text == "1/ Hedge laying 🧵" and post.lang == "en"
    assert post.created_at == day(1)
    assert post.url == f"https://bsky.app/profile/{repo.did}/post/{ids[0].rsplit('/', 1)[1]}"
    assert posts[reply].reply_to_id == OTHER_POST and posts[reply].reply_to_handle is None
    author = reader.author
    assert (author.network, author.native_id, author.name) == ("bluesky", repo.did, "Fern Example")
    assert author.handle == repo.did  # nothing in the repository names the handle
    assert author.avatar_url.startswith(f"https://cdn.bsky.app/img/avatar/plain/{repo.did}/bafkrei")


def test_the_handle_comes_from_a_self_mention_or_the_caller(repo, tmp_path):
    repo.post(rich("I am ", ("mention", "@old-fern.example.test", repo.did)), at=day(1))
    repo.post(rich("Now I am ", ("mention", "@Fern.Example.Test", repo.did), " 😀"), at=day(5))
    repo.post(rich("Hi ", ("mention", "@rowan.example.test", ROWAN)), at=day(9))
    path = repo.write(tmp_path / "repo.car")
    reader, _, posts = read_all(path)
    assert reader.author.handle == "fern.example.test"
    assert all(post.url.startswith("https://bsky.app/profile/fern.example.test/post/") for post in posts.values())
    assert read_all(path, handle="given.example.test")[0].author.handle == "given.example.test"


def test_facets_embeds_and_quotes(repo, tmp_path):
    text = rich(
        "Kiln log 😀 早上好 ",
        ("link", "example.org/kiln-log-2025-part…", "https://example.org/kiln-log-2025-part-one"),
        " שלום ",
        ("tag", "#陶芸", "陶芸"),
    )
    root = repo.post(text, at=day(1), embed=repo.images((b"img-1", "Kiln door open", (1600, 1200)), (b"img-2", "")), langs=["ja"])
    second = repo.post("Card", at=day(1, 1), reply_to=root, embed=repo.external("https://example.org/kilns", "Kilns", "All about kilns"))
    third = repo.post("Quoting myself", at=day(1, 2), reply_to=second, embed=repo.quote(root))
    fourth = repo.post("Quoting Rowan", at=day(1, 3), reply_to=third, embed=repo.quote_with_media(OTHER_POST, repo.video(b"mp4", "Opening the kiln", (9, 16))))
    fifth = repo.post("Careful", at=day(1, 4), reply_to=fourth, labels=["graphic-media"])
    _, _, posts = read_all(repo.write(tmp_path / "repo.car"))

    segments = [(s.kind, s.text, s.url) for s in posts[root].segments]
    assert segments == [
        ("text", "Kiln log 😀 早上好 ", None),
        ("link", "https://example.org/kiln-log-2025-part-one", "https://example.org/kiln-log-2025-part-one"),
        ("text", " שלום ", None),
        ("hashtag", "#陶芸", "https://bsky.app/hashtag/%E9%99%B6%E8%8A%B8"),
    ]
    assert posts[root].lang == "ja" and posts[root].links == ["https://example.org/kiln-log-2025-part-one"]
    media = posts[root].media
    assert [(m.type, m.alt, m.width, m.height, m.local_name) for m in media] == [("image", "Kiln door open", 1600, 1200, None), ("image", "", None, None, None)]
    assert media[0].url.startswith(f"https://cdn.bsky.app/img/feed_fullsize/plain/{repo.did}/bafkrei") and media[0].url.endswith("@jpeg")

    assert posts[second].links == ["https://example.org/kilns"]
    assert posts[second].segments[-1].url == "https://example.org/kilns"

    quoted = posts[third].quoted
    assert quoted is not None and quoted.id == root and quoted.text == posts[root].text and len(quoted.media) == 2

    other_url = f"https://bsky.app/profile/{ROWAN}/post/3lk2abcdefg2a"
    assert posts[fourth].quoted is None and posts[fourth].links == [other_url]
    assert posts[fourth].segments[-1].url == other_url
    assert [(m.type, m.alt) for m in posts[fourth].media] == [("video", "Opening the kiln")]
    assert posts[fourth].media[0].url.startswith("https://video.bsky.app/watch/did%3Aplc%3Afernexample")
    assert posts[fifth].content_warning == "graphic media"


def test_deleted_middle_post_splits_the_chain(repo, tmp_path):
    ids = thread(repo, ["one", "two", "three", "four"], start=day(1))
    repo.delete(ids[1])
    _, nodes, _ = read_all(repo.write(tmp_path / "repo.car"))
    parents = {node.id: node.parent_id for node in nodes}
    assert ids[1] not in parents
    assert parents[ids[2]] == ids[1]  # the importer's assembly treats a missing parent as a root


def test_import_into_the_store_and_reimport_changes_nothing(repo, tmp_path, store):
    ids = thread(repo, ["1/ Pond building", "2/ Dig", "3/ Line it 🧵"], start=day(1))
    branch = thread(repo, ["aside"], start=day(1, 30), reply_to=ids[0])
    other = thread(repo, ["Compost notes", "More compost"], start=day(3))
    repo.post("just one", at=day(4))
    path = repo.write(tmp_path / "fern.car")
    report = import_archive(path, store, tmp_path / "media")
    assert (report.network, report.posts_read, report.threads_found, report.threads_added) == ("bluesky", 7, 2, 2)
    thread_one = find_thread(store, ids[1])
    assert [p.id for p in thread_one.posts] == ids and branch[0] not in [p.id for p in thread_one.posts]
    assert thread_one.author.native_id == repo.did and thread_one.title == "Pond building"
    assert [p.id for p in find_thread(store, other[0]).posts] == other
    with store.engine.connect() as conn:
        before = conn.execute(select(posts_table).order_by(posts_table.c.id)).all()
    again = import_archive(path, store, tmp_path / "media")
    assert (again.threads_added, again.threads_updated, again.threads_unchanged) == (0, 0, 2)
    with store.engine.connect() as conn:
        assert conn.execute(select(posts_table).order_by(posts_table.c.id)).all() == before

    # A newer export with the thread grown extends it.
    more = thread(repo, ["4/ Fill it"], start=day(1, 10), reply_to=ids[-1])
    grown = import_archive(repo.write(tmp_path / "fern-2.car"), store, tmp_path / "media")
    assert (grown.threads_added, grown.threads_updated) == (0, 1)
    assert [p.id for p in find_thread(store, ids[0]).posts] == ids + more


def test_open_archive_recognises_car_files(repo, tmp_path):
    thread(repo, ["a", "b"], start=day(1))
    data = repo.car_bytes()
    named = tmp_path / "repo.car"
    named.write_bytes(data)
    unnamed = tmp_path / "download"
    unnamed.write_bytes(data)
    for path in (named, unnamed):
        with open_archive(path) as reader:
            assert isinstance(reader, BlueskyArchiveReader) and len(reader.scan()) == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"not a car at all", b"\x0a\xa2eroots\x80gversion\x01"],  # header only, no commit
)
def test_bad_car_files_are_input_errors(tmp_path, content):
    path = tmp_path / "bad.car"
    path.write_bytes(content)
    with pytest.raises(InputError):
        open_archive(path)


def test_truncated_car_is_an_input_error(repo, tmp_path):
    thread(repo, ["a", "b"], start=day(1))
    data = repo.car_bytes()
    path = tmp_path / "cut.car"
    path.write_bytes(data[: len(data) - 20])
    with pytest.raises(InputError):
        BlueskyArchiveReader(path)


def test_every_record_of_a_deep_tree_is_read(tmp_path):
    repo = RepoBuilder()
    ids = [repo.post(f"post {n}", at=day(0, n)) for n in range(600)]
    for n in range(300):
        repo.like(OTHER_POST, at=day(1, n))
    _, nodes, posts = read_all(repo.write(tmp_path / "big.car"))
    assert {node.id for node in nodes} == set(ids) and len(posts) == 600
    assert posts[ids[123]].text == "post 123"


def test_stored_threads_are_found_by_bsky_app_url(repo, tmp_path, store):
    ids = thread(repo, ["Wool dyeing", "Madder root"], start=day(1))
    import_archive(repo.write(tmp_path / "repo.car"), store, tmp_path / "media")
    rkey = ids[1].rsplit("/", 1)[1]
    for ref in (ids[1], f"https://bsky.app/profile/{repo.did}/post/{rkey}?ref=x"):
        assert [p.id for p in find_thread(store, ref).posts] == ids


@pytest.fixture
def op(tmp_path, db_url) -> Cli:
    return Cli(tmp_path / "cli-data", db_url)


def test_import_handle_option_names_the_author(repo, tmp_path, op, store):
    ids = thread(repo, ["Beekeeping notes", "The smoker"], start=day(1))  # no self-mention
    path = repo.write(tmp_path / "repo.car")
    report = json.loads(op("import", path, "--handle", "@Fern.Example.Test", "--json").stdout)
    assert report["author"] == "fern.example.test"
    stored = find_thread(store, ids[0])
    assert (stored.author.native_id, stored.author.handle) == (repo.did, "fern.example.test")
    assert stored.author.profile_url == "https://bsky.app/profile/fern.example.test"
    assert all(post.url.startswith("https://bsky.app/profile/fern.example.test/post/") for post in stored.posts)
    page = op("unroll", ids[0], "--format", "html").stdout.decode()
    assert 'href="https://bsky.app/profile/fern.example.test"' in page and f"profile/{repo.did}" not in page


def test_import_text_report_names_the_given_handle(repo, tmp_path, op):
    thread(repo, ["Quilting", "Binding"], start=day(1))
    out = op("import", repo.write(tmp_path / "repo.car"), "--handle", "fern.example.test").stdout.decode()
    assert "by @fern.example.test " in out


@pytest.mark.parametrize("handle", ["fern", "not a handle", "@", "did:plc:fernexample0000000000000", "fern..example.test", "-fern.example.test"])
def test_a_bad_handle_is_refused_and_nothing_is_stored(repo, tmp_path, op, store, handle):
    thread(repo, ["Beekeeping notes", "The smoker"], start=day(1))
    result = op("import", repo.write(tmp_path / "repo.car"), "--handle", handle, check=False)
    err = result.stderr.decode().strip()
    assert result.returncode == 1
    assert err.startswith("error: ") and "not a Bluesky handle" in err and len(err.splitlines()) == 1
    assert store.list_threads() == []


def test_handle_is_refused_for_x_and_mastodon_archives(builder, tmp_path, op, store):
    builder.thread(["Birdhouse plans", "The roof"], start=at(1))
    mastodon = MastodonArchiveBuilder()
    mastodon.thread(["Birdhouse plans", "The roof"], start=at(1))
    for path in (builder.write(tmp_path / "x.zip", zip=True), mastodon.write(tmp_path / "mastodon.zip")):
        result = op("import", path, "--handle", "fern.example.test", check=False)
        err = result.stderr.decode().strip()
        assert result.returncode == 1 and len(err.splitlines()) == 1
        assert err == "error: --handle is only for Bluesky .car exports; X and Mastodon archives name their account"
        with pytest.raises(InputError, match="only for Bluesky"):
            open_archive(path, handle="fern.example.test")
    assert store.list_threads() == []
