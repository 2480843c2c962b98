"""Mastodon account exports: the synthetic builder, the reader, and import into a real store."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import lxml.html
import pytest
from conftest import make_png
from fastapi.testclient import TestClient

from unspool.assemble import assemble_chains
from unspool.config import Settings
from unspool.errors import InputError
from unspool.importer import import_archive
from unspool.lookup import find_thread
from unspool.model import Segment, make_thread_id
from unspool.sources import open_archive
from unspool.sources.mastodon_archive import MastodonArchiveReader, local_media_name
from unspool.store import Store
from unspool.synthetic.mastodon_archive import MastodonArchiveBuilder
from unspool.web import create_app

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
    assert reader.author.avatar_url is None and reader.author.avatar_local_name.startswith("avatar-")  # copied on import
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
    assert report.media_copied == 4  # each post of the first thread has a photo; and the avatar
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


# Minimal files of each avatar type: the signature is what the reader checks.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"


def files_under(path):
    return {p for p in path.rglob("*") if p.is_file()} if path.exists() else set()


@pytest.mark.parametrize(
    "name, data, ext",
    [("avatar.png", make_png(48, 48, seed=9), "png"), ("avatar.JPEG", JPEG, "jpg"), ("avatar.jpg", JPEG, "jpg"), ("avatar.gif", GIF, "gif"), ("avatar.webp", WEBP, "webp")],
)
def test_the_archive_avatar_is_copied_and_referenced(builder, tmp_path, store, name, data, ext):
    ids = builder.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    builder.avatar = (name, data)
    media_dir = tmp_path / "media"
    report = import_archive(builder.write(tmp_path / "export.zip"), store, media_dir)
    assert report.media_copied == 1
    (copied,) = files_under(media_dir)
    assert copied.parent == media_dir / "mastodon" and copied.read_bytes() == data
    assert copied.name.startswith("avatar-") and copied.suffix == f".{ext}" and len(copied.stem) == len("avatar-") + 32
    assert find_thread(store, ids[0]).author.avatar_local_name == copied.name
    # The name follows the content: the same avatar again is the same file, not copied twice.
    again = MastodonArchiveBuilder(domain="social.example", username="fern", name="Fern Example")
    again.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    again.avatar = ("avatar-copy" + name[len("avatar"):], data)
    assert import_archive(again.write(tmp_path / "again", zip=False), store, media_dir).media_copied == 0
    assert files_under(media_dir) == {copied}


def test_an_https_avatar_stays_a_link(builder, tmp_path, store):
    ids = builder.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    builder.avatar = ("https://files.social.example/accounts/avatars/1/original/fern.png", None)
    report = import_archive(builder.write(tmp_path / "export.zip"), store, tmp_path / "media")
    assert report.media_copied == 0
    assert find_thread(store, ids[0]).author.avatar_url == "https://files.social.example/accounts/avatars/1/original/fern.png"


PASSWD = b"root:x:0:0:root:/root:/bin/sh\n"


@pytest.mark.parametrize(
    "name, data",
    [
        ("../../etc/passwd", PASSWD),
        ("/etc/passwd", PASSWD),
        ("../avatar.png", make_png(8, 8)),  # an image, but outside the archive's folder
        ("/tmp/avatar.png", make_png(8, 8)),
        ("images/../avatar.png", make_png(8, 8)),
        ("avatar.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("avatar.png", PASSWD),
        ("avatar.gif", make_png(8, 8)),  # the extension and the bytes disagree
        ("avatar.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("avatar.png", make_png(8, 8)[:8] + bytes(5 * 1024 * 1024)),  # over 5 MB
        ("avatar.png", None),  # named in actor.json, missing from the archive
    ],
)
def test_hostile_or_unusable_avatars_are_ignored(builder, tmp_path, store, name, data):
    ids = builder.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    builder.avatar = (name, data)
    archive = builder.write(tmp_path / "in" / "export.zip")
    before = files_under(tmp_path)
    with MastodonArchiveReader(archive) as reader:
        assert reader.author.avatar_url is reader.author.avatar_local_name is None and reader.author_media_files == []
    report = import_archive(archive, store, tmp_path / "out" / "media")
    assert report.media_copied == 0 and report.threads_added == 1
    author = find_thread(store, ids[0]).author
    assert author.avatar_url is author.avatar_local_name is None
    # Nothing was written but the database (SQLite: in tmp_path).
    assert {p.name.split(".")[0] for p in files_under(tmp_path) - before} <= {"unspool"}


def test_an_avatar_symlink_out_of_an_unzipped_export_is_ignored(builder, tmp_path):
    builder.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    builder.avatar = None
    folder = builder.write(tmp_path / "export", zip=False)
    outside = tmp_path / "private.png"
    outside.write_bytes(make_png(8, 8))
    (folder / "avatar.png").symlink_to(outside)
    actor = json.loads((folder / "actor.json").read_text())
    (folder / "actor.json").write_text(json.dumps({**actor, "icon": {"type": "Image", "url": "avatar.png"}}))
    with MastodonArchiveReader(folder) as reader:
        assert reader.author.avatar_url is reader.author.avatar_local_name is None


def test_the_pages_show_the_imported_avatar(builder, tmp_path, db_url):
    ids = builder.thread(["Pressing flowers", "Drying them flat"], start=at(1))
    settings = Settings(data_dir=tmp_path, database_url=db_url, media_dir=tmp_path / "media", public_url="https://unspool.test")
    store = Store.open(db_url)
    import_archive(builder.write(tmp_path / "export.zip"), store, settings.media_dir)
    author = find_thread(store, ids[0]).author
    store.close()
    avatar_url = f"/media/mastodon/{author.avatar_local_name}"
    with TestClient(create_app(settings), base_url="https://unspool.test") as client:
        image = client.get(avatar_url)
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content == make_png(48, 48, seed=7)
        page = lxml.html.fromstring(client.get(f"/t/{make_thread_id('mastodon', ids[0])}").content)
        author_page = lxml.html.fromstring(client.get(f"/a/mastodon/{author.handle}").content)
    (img,) = page.xpath('//div[@class="author-card"]/img[@class="avatar"]')
    assert img.get("src") == avatar_url and img.get("alt") == ""
    # Other sites get it absolute (no photo in the thread: the avatar is the card's image).
    assert page.xpath('//meta[@property="og:image"]/@content') == ["https://unspool.test" + avatar_url]
    assert author_page.xpath('//img[@class="avatar"]/@src') == [avatar_url]
