"""Mastodon account exports: the synthetic builder, the reader, and import into a real store."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import pytest
from conftest import make_png

from unspool.assemble import assemble_chains
from unspool.errors import InputError
from unspool.importer import import_archive
from unspool.lookup import find_thread
from unspool.model import Segment, make_thread_id
from unspool.sources import open_archive
from unspool.sources.mastodon_archive import MastodonArchiveReader, local_media_name
from unspool.store import Store
from unspool.synthetic.mastodon_archive import MastodonArchiveBuilder

MOSS = ("https://other.example/users/moss", "moss@other.example")


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture
def builder() -> MastodonArchiveBuilder:
    return MastodonArchiveBuilder(domain="social.example", username="fern", name="Fern Example")


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


def read_all(path):
    with MastodonArchiveReader(path) as reader:
        nodes = reader.scan()
        posts = {post.id: post for post in reader.read_posts({node.id for node in nodes})}
        return reader, nodes, posts


def test_reader_finds_public_posts_and_skips_boosts_and_private_ones(builder, tmp_path):
    ids = builder.thread(["Kite repair, part one", "Part two", "Part three"], start=at(1))
    builder.post("Followers only aside", at=at(1, 13), reply_to=ids[-1], visibility="private")
    builder.post("A private message", at=at(2), reply_to_account=MOSS, reply_to="https://other.example/users/moss/statuses/5", visibility="direct")
    unlisted = builder.thread(["Unlisted musings", "More musings"], start=at(3), visibility="unlisted")
    builder.boost("https://other.example/users/moss/statuses/9", at=at(4))
    builder.post("Just one post", at=at(5))
    reader, nodes, posts = read_all(builder.write(tmp_path / "export.zip"))
    assert reader.network == "mastodon"
    assert (reader.posts_read, reader.retweets_skipped, reader.private_skipped) == (6, 1, 2)
    assert assemble_chains(nodes) == [ids, unlisted]
    assert all("private" not in post.text.lower() and "followers" not in post.text.lower() for post in posts.values())
    assert reader.author.native_id == reader.author.profile_url == "https://social.example/@fern"
    assert reader.author.handle == "fern@social.example" and reader.author.name == "Fern Example"
    assert reader.author.avatar_url is None  # the archive's avatar is a file, not a URL
    first = posts[ids[0]]
    assert first.url.startswith("https://social.example/@fern/") and first.id == ids[0]
    assert first.created_at == at(1) and first.lang == "en"
    assert posts[ids[1]].reply_to_id == ids[0] and posts[ids[1]].reply_to_handle is None


def test_text_entities_media_cw_poll_and_replies_to_others(builder, tmp_path):
    builder.emojis["kite"] = "https://social.example/system/custom_emojis/images/kite.png"
    png = make_png(64, 40, seed=3)
    url = "https://www.kites.example/guides/tails/how-to-balance-a-diamond-kite"
    first = builder.post(
        "Answering about #Kites :kite:\n\nGuide: " + url + " thanks @sam",
        at=at(1),
        reply_to="https://other.example/users/moss/statuses/77",
        reply_to_account=MOSS,
    )
    second = builder.post(
        "Photos of the tail & more",
        at=at(1, 12, 2),
        reply_to=first,
        content_warning="Kite crash",
        media=[("png", "A torn kite tail", png), ("mp4", "", b"\x00\x00\x00\x18ftypmp42"), ("png", "Missing file", None)],
    )
    third = builder.post("Which tail?", at=at(1, 12, 4), reply_to=second, poll=[("Ribbon", 12), ("Drogue", 30)])
    _, nodes, posts = read_all(builder.write(tmp_path / "export", zip=False))
    assert assemble_chains(nodes) == [[first, second, third]]
    root = posts[first]
    assert root.reply_to_id == "https://other.example/users/moss/statuses/77"
    assert root.reply_to_handle == "moss@other.example"
    assert root.segments == [
        Segment("mention", "@moss", "https://other.example/@moss"),
        Segment("text", " Answering about "),
        Segment("hashtag", "#Kites", "https://social.example/tags/kites"),
        Segment("text", " "),
        Segment("emoji", ":kite:", "https://social.example/system/custom_emojis/images/kite.png"),
        Segment("text", "\n\nGuide: "),
        Segment("link", url, url),
        Segment("text", " thanks "),
        Segment("mention", "@sam", "https://social.example/@sam"),
    ]
    assert root.links == [url]
    photos = posts[second]
    assert photos.text == "Photos of the tail & more" and photos.content_warning == "Kite crash"
    assert [(m.type, m.alt, m.width, m.height) for m in photos.media] == [("image", "A torn kite tail", 64, 40), ("video", "", None, None), ("image", "Missing file", None, None)]
    assert photos.media[0].local_name and photos.media[1].local_name and photos.media[2].local_name is None
    assert photos.media[0].url.startswith("https://social.example/system/media_attachments/files/")
    assert posts[third].text == "Which tail?\n\nPoll: Ribbon — 12 votes · Drogue — 30 votes"
    assert posts[second].reply_to_handle is None


def test_import_into_the_store_finds_threads_and_copies_media(builder, tmp_path, store):
    png = make_png(32, 32, seed=5)
    ids = builder.thread(["Balcony garden, week one", "Week two", "Week three"], start=at(1), media=[("png", "Seedlings", png)])
    other = builder.thread(["Bread notes", "The crumb"], start=at(4))
    builder.post("Single post", at=at(6))
    builder.post("A secret", at=at(6, 13), reply_to=other[-1], visibility="direct", reply_to_account=MOSS)
    builder.boost("https://other.example/users/moss/statuses/9", at=at(7))
    archive = builder.write(tmp_path / "archive-20250310-abc.zip")
    media_dir = tmp_path / "media"
    report = import_archive(archive, store, media_dir)
    assert report.network == "mastodon" and report.author == "fern@social.example"
    assert (report.posts_read, report.retweets_skipped, report.threads_found, report.threads_added) == (6, 1, 2, 2)
    assert report.media_copied == 3  # each post of the first thread has a photo
    thread = find_thread(store, ids[1])
    assert [p.id for p in thread.posts] == ids
    assert thread.id == make_thread_id("mastodon", ids[0])
    assert thread.author.handle == "fern@social.example"
    names = [post.media[0].local_name for post in thread.posts]
    assert len(set(names)) == 3
    assert all((media_dir / "mastodon" / name).read_bytes() == png for name in names)
    assert [p.text for p in find_thread(store, other[0]).posts] == ["Bread notes", "The crumb"]
    # The post's web address finds it too (its uri follows from it on the home server).
    assert find_thread(store, thread.posts[2].url).id == thread.id
    # The same export again changes nothing.
    again = import_archive(archive, store, media_dir)
    assert (again.threads_added, again.threads_updated, again.threads_unchanged, again.media_copied) == (0, 0, 2, 0)


def test_folder_and_nested_zip_and_dispatch(builder, tmp_path):
    ids = builder.thread(["One", "Two"], start=at(1))
    folder = builder.write(tmp_path / "folder", zip=False)
    nested = MastodonArchiveBuilder(domain="social.example", username="fern")
    nested.thread(["One", "Two"], start=at(1))
    nested_zip = nested.write(tmp_path / "nested.zip", folder_in_zip="archive-2025/")
    for path in (folder, nested_zip):
        with open_archive(path) as reader:
            assert isinstance(reader, MastodonArchiveReader)
            assert assemble_chains(reader.scan()) == [ids]


def test_not_an_archive_names_both_formats(tmp_path):
    junk = tmp_path / "photos.zip"
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("cat.txt", "meow")
    with pytest.raises(InputError, match="not an X archive .* nor a Mastodon export") as error:
        open_archive(junk)
    assert "\n" not in str(error.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="Mastodon export"):
        open_archive(empty)


@pytest.mark.parametrize("damage", ["truncated", "not_utf8", "no_actor", "bad_item"])
def test_damaged_exports_are_input_errors(builder, tmp_path, damage):
    builder.thread(["One", "Two"], start=at(1))
    folder = builder.write(tmp_path / "export", zip=False)
    outbox = folder / "outbox.json"
    if damage == "truncated":
        outbox.write_bytes(outbox.read_bytes()[: outbox.stat().st_size // 2])
    elif damage == "not_utf8":
        outbox.write_bytes(outbox.read_bytes().replace(b"One", b"\xe9ne"))
    elif damage == "no_actor":
        (folder / "actor.json").unlink()
    else:
        data = json.loads(outbox.read_text())
        data["orderedItems"][0] = {"type": "Create", "object": {"id": 5}}
        outbox.write_text(json.dumps(data))
    with pytest.raises(InputError) as error:
        if damage == "no_actor":
            MastodonArchiveReader(folder)
        else:
            read_all(folder)
    assert "\n" not in str(error.value)


def test_local_media_names_are_safe_and_stable():
    member = "media_attachments/files/110/123/456/789/012/345/original/0a1b2c3d4e5f6789.png"
    assert local_media_name(member) == "110123456789012345-0a1b2c3d4e5f6789.png"
    odd = local_media_name("media_attachments/files/x/../../évil name.png")
    assert odd.endswith(".png") and "/" not in odd and " " not in odd
    assert local_media_name(member) == local_media_name(member)
