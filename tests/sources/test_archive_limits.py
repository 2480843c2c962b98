"""Archives are the user's upload: caps hold, memory stays bounded, the media folder only
receives real images and videos, and a refused import changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, at, make_png

from helpers.memory import run_with_peak_rss
from helpers.zips import folder_members, write_zip
from unspool.errors import InputError
from unspool.media import publish_media
from unspool.sources.archive_files import ArchiveFiles, ArchiveLimits

GB = 1 << 30


def snapshot(cli: Cli) -> tuple:
    data = Path(cli.env["UNSPOOL_DATA_DIR"])
    with sqlite3.connect(data / "unspool.db") as conn:
        rows = conn.execute("SELECT id, post_count, title FROM threads ORDER BY id").fetchall()
        posts = conn.execute("SELECT native_id, data FROM posts ORDER BY native_id").fetchall()
    media = sorted(p.relative_to(data).as_posix() for p in (data / "media").rglob("*")) if (data / "media").exists() else []
    return rows, posts, media


@pytest.fixture
def imported(cli, builder, tmp_path):
    """A first archive already imported: what a refused import must leave as it is."""
    builder.thread(["A thread about kites", "Second post about kites"], start=at(1), media=[("photo", "", make_png(20, 10))])
    cli("import", builder.write(tmp_path / "first"))
    before = snapshot(cli)
    assert before[0] and before[2]
    return before


def grown_archive(builder, tmp_path, name: str, **media) -> Path:
    """The same account's archive with one more thread (which must not land)."""
    builder.thread(["A new thread about tide pools", "It must not be stored"], start=at(5), **media)
    return builder.write(tmp_path / name)


@pytest.mark.parametrize("member", ["data/tweets.js", "media"])
def test_a_zip_bomb_is_refused_before_it_is_inflated(cli, builder, tmp_path, imported, member):
    folder = grown_archive(builder, tmp_path, "bomb", media=[("photo", "", make_png(30, 10))])
    members = folder_members(folder)
    size = 2 * GB
    if member == "media":  # under the size cap for one media file: the ratio refuses it
        member = max(name for name in members if name.startswith("data/tweets_media/"))  # the new thread's photo
        size = 190 << 20
    del members[member]
    bomb = write_zip(tmp_path / "bomb.zip", members, {member: size})
    assert bomb.stat().st_size < 5_000_000

    code, err, peak_mb = run_with_peak_rss(["import", bomb], cli.env, address_space=1 * GB)
    err = err.strip()  # the progress bar leaves an empty line
    assert code == 1, err
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    assert "zip bomb" in err and member in err
    assert peak_mb < 180, f"{peak_mb:.0f} MB: the member was inflated"
    assert snapshot(cli) == imported


def test_a_media_file_over_the_cap_fails_the_import_and_copies_nothing(cli, builder, tmp_path, imported):
    photo = make_png(400, 300, seed=3)
    archive = grown_archive(builder, tmp_path, "big-photo", media=[("photo", "", photo), ("photo", "", make_png(8, 8))])
    cli.env["UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES"] = str(len(photo) - 1)
    result = cli("import", archive, check=False)
    err = result.stderr.decode().strip()
    assert result.returncode == 1 and err.startswith("error: ") and len(err.splitlines()) == 1, err
    assert "UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES" in err
    assert snapshot(cli) == imported


def test_the_total_cap_refuses_an_archive_before_reading_it(cli, builder, tmp_path, imported):
    archive = grown_archive(builder, tmp_path, "total")
    cli.env["UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES"] = "1000"
    result = cli("import", archive, check=False)
    assert result.returncode == 1 and "UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES" in result.stderr.decode()
    assert snapshot(cli) == imported


def test_a_page_named_jpg_is_not_published(cli, builder, tmp_path, imported):
    page = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
    archive = grown_archive(builder, tmp_path, "html-photo", media=[("photo", "", page), ("photo", "", make_png(12, 9))])
    cli("import", archive)
    rows, _, media = snapshot(cli)
    assert len(rows) == 2  # the thread is imported: only the file stays out
    published = [Path(cli.env["UNSPOOL_DATA_DIR"], name) for name in media if name.endswith((".jpg", ".png"))]
    assert len(published) == len(imported[2]) + 1
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in published)


@pytest.mark.parametrize(
    "name, data",
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("disguised.svg", make_png(4, 4)),  # an image, but the name would make it served as SVG
        ("fake.jpg", b"<svg onload=alert(1)>"),
        ("fake.mp4", b"#!/bin/sh\necho hello\n"),
    ],
)
def test_only_images_and_videos_by_their_bytes_are_published(tmp_path, name, data):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "real.png").write_bytes(make_png(4, 4))
    files = ArchiveFiles(folder, is_zip=False, limits=ArchiveLimits())
    assert publish_media(files, {name: name, "real.png": "real.png"}, tmp_path / "media") == 1
    assert sorted(p.name for p in (tmp_path / "media").iterdir()) == ["real.png"]


def test_a_huge_image_is_refused_by_its_declared_size_before_copying(tmp_path):
    archive = write_zip(tmp_path / "a.zip", {"small.png": make_png(4, 4)}, {"huge.jpg": 1 * GB})
    files = ArchiveFiles(archive, is_zip=True, limits=ArchiveLimits(max_ratio=10**6))
    with pytest.raises(InputError, match="UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES"):
        publish_media(files, {"small.png": "small.png", "huge.jpg": "huge.jpg"}, tmp_path / "media")
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").iterdir())


def test_a_large_single_tweets_file_imports_in_bounded_memory(cli, builder, tmp_path):
    # Two archives with the same tweets, the second's tweets.js made ~40 MB larger by a field
    # the reader skips (exports carry many): the reply graph and the database are the same, so
    # any memory beyond them is the parse holding the file.
    filler = " ".join(["about kites and tide pools and bread"] * 6)
    for n in range(1500):
        builder.thread([f"{n} {filler}", f"{n} second {filler}"], start=at(2 + n % 20, n % 24, n % 60))
    for n in range(2000):
        builder.tweet(f"single {n} {filler}", at=at(2 + n % 20, n % 24, n % 60))
    plain = builder.write(tmp_path / "plain")
    padded = tmp_path / "padded"
    shutil.copytree(plain, padded)
    tweets = padded / "data" / "tweets.js"
    tweets.write_bytes(tweets.read_bytes().replace(b'"tweet" : {', b'"tweet" : {\n      "skipped" : "' + b"x" * 8000 + b'",'))
    added_mb = (tweets.stat().st_size - (plain / "data" / "tweets.js").stat().st_size) / 1e6
    assert added_mb > 30

    peaks = []
    for archive in (plain, padded):
        cli.env["UNSPOOL_DATA_DIR"] = str(tmp_path / f"data-{archive.name}")
        code, err, peak_mb = run_with_peak_rss(["import", archive, "--json"], cli.env)
        assert code == 0, err
        assert len(snapshot(cli)[0]) == 1500
        peaks.append(peak_mb)
    assert peaks[1] - peaks[0] < 0.25 * added_mb, f"peak {peaks[0]:.0f} -> {peaks[1]:.0f} MB with {added_mb:.0f} MB more JSON"
