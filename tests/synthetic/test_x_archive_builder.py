"""The synthetic X archive matches the real export's shapes."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from unspool.synthetic import ArchiveBuilder, make_png, snowflake_time

AT = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
OTHER = ("2244994945", "pip_sketches")


def builder() -> ArchiveBuilder:
    return ArchiveBuilder(account_id="1500000001", handle="wren_makes", name="Wren Halloway", bio="workshop")


def load_js(data: bytes) -> tuple[str, object]:
    head, _, body = data.decode("utf-8").partition(" = ")
    return head, json.loads(body)


def tweets_of(root: Path, name: str = "tweets.js") -> dict[str, dict]:
    _, items = load_js((root / "data" / name).read_bytes())
    return {item["tweet"]["id_str"]: item["tweet"] for item in items}


def unescape(full_text: str) -> str:
    return full_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def span(tweet: dict, entity: dict) -> str:
    start, end = (int(i) for i in entity["indices"])
    return unescape(tweet["full_text"])[start:end]


def test_indices_count_code_points_of_unescaped_text(tmp_path: Path) -> None:
    b = builder()
    text = "שלום 😀 A&B <ok> #sourdough with @pip_sketches, see https://example.org/bread?x=1&y=2. $ACME 🧵"
    tid = b.tweet(text, at=AT)
    t = tweets_of(b.write(tmp_path / "a"))[tid]
    ents = t["entities"]
    assert [span(t, h) for h in ents["hashtags"]] == ["#sourdough"]
    assert [span(t, m) for m in ents["user_mentions"]] == ["@pip_sketches"]
    assert [span(t, s) for s in ents["symbols"]] == ["$ACME"]
    assert [h["text"] for h in ents["hashtags"]] == ["sourdough"]
    assert ents["symbols"][0]["text"] == "ACME"
    (url,) = ents["urls"]
    assert span(t, url) == url["url"]
    # An emoji is one code point: the hashtag starts where Python (not UTF-16) puts it.
    visible = unescape(t["full_text"])
    assert int(ents["hashtags"][0]["indices"][0]) == visible.index("#sourdough")
    assert visible.encode("utf-16-le").find("#sourdough".encode("utf-16-le")) // 2 != visible.index("#sourdough")
    assert t["display_text_range"] == ["0", str(len(visible))]
    # All numbers are strings.
    assert all(isinstance(i, str) for i in url["indices"]) and isinstance(t["favorite_count"], str)


def test_urls_become_tco_links(tmp_path: Path) -> None:
    b = builder()
    tid = b.tweet(
        "Read https://www.example.org/guides/bird-feeder/plans.html and (https://example.com/a).", at=AT
    )
    t = tweets_of(b.write(tmp_path / "a"))[tid]
    long_url, short_url = t["entities"]["urls"]
    assert long_url["expanded_url"] == "https://www.example.org/guides/bird-feeder/plans.html"
    assert long_url["display_url"] == "example.org/guides/bird-fe…"  # host + 15 chars of path
    assert short_url["expanded_url"] == "https://example.com/a"
    assert short_url["display_url"] == "example.com/a"
    for u in (long_url, short_url):
        assert re.fullmatch(r"https://t\.co/[A-Za-z0-9]{10}", u["url"])
        assert len(u["url"]) == 23
        assert int(u["indices"][1]) - int(u["indices"][0]) == 23
    assert "example.org" not in t["full_text"]
    assert t["full_text"].endswith(short_url["url"] + ").")
    assert long_url["url"] != short_url["url"]
    assert t["possibly_sensitive"] is False


def test_only_amp_lt_gt_are_escaped(tmp_path: Path) -> None:
    b = builder()
    text = 'Salt & flour <3 -> "bread": [] it\'s done'
    tid = b.tweet(text, at=AT)
    root = b.write(tmp_path / "a")
    t = tweets_of(root)[tid]
    assert t["full_text"] == 'Salt &amp; flour &lt;3 -&gt; "bread": [] it\'s done'
    assert unescape(t["full_text"]) == text
    assert t["display_text_range"] == ["0", str(len(text))]
    raw = (root / "data" / "tweets.js").read_text("utf-8")
    assert '\\"bread\\": [] it' in raw  # text inside strings is left alone by the formatter


def test_exporter_formatting(tmp_path: Path) -> None:
    b = builder()
    b.tweet("plain 😀 text", at=AT)
    raw = (b.write(tmp_path / "a") / "data" / "tweets.js").read_text("utf-8")
    assert raw.startswith('window.YTD.tweets.part0 = [\n  {\n    "tweet" : {\n      "edit_info" : {\n')
    assert '"hashtags" : [ ],' in raw
    assert '"retweeted" : false,' in raw
    assert "😀" in raw and "\\u" not in raw
    assert '": ' not in raw.replace('" : ', "")


def test_reply_prefixes_and_display_range(tmp_path: Path) -> None:
    b = builder()
    root_id = b.tweet("Starting a thread", at=AT, reply_to_user=OTHER)
    second = b.tweet("second post", at=AT + timedelta(minutes=1), reply_to=root_id)
    third = b.tweet("third, no self prefix", at=AT + timedelta(minutes=2), reply_to=second, mention_self=False)
    alone = b.tweet("own thread start", at=AT + timedelta(minutes=3))
    self_reply = b.tweet("self reply", at=AT + timedelta(minutes=4), reply_to=alone)
    pic = b.tweet(
        "with a picture",
        at=AT + timedelta(minutes=5),
        reply_to=self_reply,
        media=[("photo", "A loaf of bread", make_png(8, 6))],
    )
    rt = b.tweet("nice loaf", at=AT + timedelta(minutes=6), retweet_of=OTHER)
    ts = tweets_of(b.write(tmp_path / "a"))

    t = ts[root_id]
    assert t["full_text"] == "@pip_sketches Starting a thread"
    assert t["display_text_range"] == ["14", "31"]
    assert t["in_reply_to_user_id_str"] == OTHER[0]
    assert t["in_reply_to_screen_name"] == "pip_sketches"
    assert snowflake_time(t["in_reply_to_status_id_str"]) < AT

    t = ts[second]
    assert t["full_text"] == "@wren_makes @pip_sketches second post"
    assert t["display_text_range"] == ["26", "37"]
    assert t["in_reply_to_status_id_str"] == root_id
    assert t["in_reply_to_user_id_str"] == "1500000001"
    assert t["in_reply_to_screen_name"] == "wren_makes"
    assert [m["screen_name"] for m in t["entities"]["user_mentions"]] == ["wren_makes", "pip_sketches"]
    assert t["entities"]["user_mentions"][0]["name"] == "Wren Halloway"

    assert ts[third]["full_text"] == "@pip_sketches third, no self prefix"
    assert ts[self_reply]["full_text"] == "@wren_makes self reply"
    assert ts[self_reply]["display_text_range"] == ["12", "22"]

    t = ts[pic]
    code = t["extended_entities"]["media"][0]["url"]
    assert t["full_text"] == "@wren_makes with a picture " + code
    assert t["display_text_range"] == ["12", "26"]
    assert t["entities"]["media"][0]["indices"] == ["27", "50"]

    t = ts[rt]
    assert t["full_text"] == "RT @pip_sketches: nice loaf"
    assert t["retweeted"] is False
    assert t["display_text_range"] == ["0", str(len(t["full_text"]))]
    assert [span(t, m) for m in t["entities"]["user_mentions"]] == ["@pip_sketches"]
    assert "in_reply_to_status_id_str" not in t


def test_ids_are_snowflakes_of_created_at(tmp_path: Path) -> None:
    b = builder()
    at = datetime(2025, 3, 9, 7, 6, 5, 432000, tzinfo=timezone.utc)
    tid = b.tweet("hello", at=at)
    t = tweets_of(b.write(tmp_path / "a"))[tid]
    assert snowflake_time(tid) == at
    assert t["created_at"] == "Sun Mar 09 07:06:05 +0000 2025"
    assert t["id"] == t["id_str"] == tid
    assert t["edit_info"]["initial"]["editTweetIds"] == [tid]


def test_media_files_alt_text_and_types(tmp_path: Path) -> None:
    b = builder()
    png = make_png(32, 20)
    tid = b.tweet(
        "Feeder done",
        at=AT,
        media=[("photo", "A cedar bird feeder", png), ("photo", "", None)],
    )
    vid = b.tweet("clip", at=AT + timedelta(hours=1), media=[("video", "", b"\x00\x00\x00\x18ftypmp42")])
    gif = b.tweet("", at=AT + timedelta(hours=2), media=[("animated_gif", "loop", None)])
    root = b.write(tmp_path / "a")
    ts = tweets_of(root)
    assert make_png(32, 20) == png and png.startswith(b"\x89PNG\r\n\x1a\n")

    t = ts[tid]
    first, second = t["extended_entities"]["media"]
    assert first["ext_alt_text"] == "A cedar bird feeder" and "ext_alt_text" not in second
    assert first["url"] == second["url"] and first["indices"] == second["indices"]
    assert first["display_url"] == "pic.twitter.com/" + first["url"].rsplit("/", 1)[1]
    assert first["expanded_url"] == f"https://twitter.com/wren_makes/status/{tid}/photo/1"
    assert first["type"] == "photo" and first["sizes"]["large"] == {"w": "32", "h": "20", "resize": "fit"}
    assert [m["id_str"] for m in t["entities"]["media"]] == [first["id_str"]]
    media_file = root / "data" / "tweets_media" / f"{tid}-{first['media_url_https'].rsplit('/', 1)[1]}"
    assert media_file.read_bytes() == png
    assert sorted(p.name for p in (root / "data" / "tweets_media").iterdir()) == sorted(
        [media_file.name, f"{vid}-" + ts[vid]["extended_entities"]["media"][0]["video_info"]["variants"][0]["url"].split("/")[-1].split("?")[0]]
    )

    v = ts[vid]["extended_entities"]["media"][0]
    assert v["type"] == "video" and v["expanded_url"].endswith("/video/1")
    assert ts[vid]["entities"]["media"][0]["type"] == "photo"
    g = ts[gif]
    assert g["full_text"] == g["extended_entities"]["media"][0]["url"]
    assert g["display_text_range"] == ["0", "0"]
    assert g["extended_entities"]["media"][0]["type"] == "animated_gif"


def test_parts_and_manifest(tmp_path: Path) -> None:
    b = builder()
    ids = b.thread([f"post {i}" for i in range(10)], start=AT)
    root = b.write(tmp_path / "a", parts=3, shuffle_seed=7)
    data = root / "data"
    names = ["tweets.js", "tweets-part1.js", "tweets-part2.js"]
    assert sorted(p.name for p in data.glob("tweets*.js")) == sorted(names)
    seen: list[str] = []
    for i, name in enumerate(names):
        head, items = load_js((data / name).read_bytes())
        assert head == f"window.YTD.tweets.part{i}"
        seen += [item["tweet"]["id_str"] for item in items]
    assert sorted(seen) == sorted(ids) and seen != sorted(ids, reverse=True)
    head, manifest = load_js((data / "manifest.js").read_bytes())
    assert head == "window.__THAR_CONFIG"
    files = manifest["dataTypes"]["tweets"]["files"]
    assert [f["fileName"] for f in files] == [f"data/{n}" for n in names]
    assert [f["globalName"] for f in files] == [f"YTD.tweets.part{i}" for i in range(3)]
    assert sum(int(f["count"]) for f in files) == 10
    assert manifest["userInfo"] == {"accountId": "1500000001", "userName": "wren_makes", "displayName": "Wren Halloway"}
    _, account = load_js((data / "account.js").read_bytes())
    assert account[0]["account"]["username"] == "wren_makes"
    _, profile = load_js((data / "profile.js").read_bytes())
    assert profile[0]["profile"]["description"]["bio"] == "workshop"


def test_newest_first_order(tmp_path: Path) -> None:
    b = builder()
    ids = b.thread(["a", "b", "c"], start=AT)
    assert list(tweets_of(b.write(tmp_path / "new"))) == ids[::-1]
    assert list(tweets_of(b.write(tmp_path / "old", newest_first=False))) == ids


def test_legacy_name(tmp_path: Path) -> None:
    b = builder()
    tid = b.tweet("old style", at=AT, media=[("photo", "", b"\xff\xd8\xff\xe0jpeg")])
    root = b.write(tmp_path / "a", legacy_name=True)
    data = root / "data"
    assert not (data / "tweets.js").exists()
    head, _ = load_js((data / "tweet.js").read_bytes())
    assert head == "window.YTD.tweet.part0"
    assert tid in tweets_of(root, "tweet.js")
    assert len(list((data / "tweet_media").iterdir())) == 1
    _, manifest = load_js((data / "manifest.js").read_bytes())
    assert manifest["dataTypes"]["tweet"]["files"][0]["globalName"] == "YTD.tweet.part0"


def test_zip_matches_folder(tmp_path: Path) -> None:
    b = builder()
    b.thread(["one #a", "two", "three"], start=AT)
    b.tweet("pic", at=AT + timedelta(days=1), media=[("photo", "alt", make_png(4, 4))])
    folder = b.write(tmp_path / "folder", parts=2)
    zpath = b.write(tmp_path / "archive.zip", parts=2, zip=True)
    with zipfile.ZipFile(zpath) as zf:
        names = zf.namelist()
        assert all(n.startswith("data/") for n in names)
        assert set(names) >= {"data/manifest.js", "data/account.js", "data/profile.js", "data/tweets.js", "data/tweets-part1.js"}
        for n in names:
            assert zf.read(n) == (folder / n).read_bytes()


def test_deterministic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    outputs = []
    for name in ("x", "y"):
        b = builder()
        b.thread(["a https://example.org/1", "b"], start=AT, reply_to_user=OTHER)
        b.tweet("c", at=AT + timedelta(days=2), media=[("video", "", None)])
        outputs.append((b.write(tmp_path / name) / "data" / "tweets.js").read_bytes())
    assert outputs[0] == outputs[1]
    with pytest.raises(FileExistsError):
        b.write(tmp_path / "y")


def _entity_texts_match(t: dict) -> None:
    ents = t["entities"]
    for h in ents["hashtags"]:
        assert span(t, h) == "#" + h["text"]
    for s in ents["symbols"]:
        assert span(t, s) == "$" + s["text"]
    for m in ents["user_mentions"]:
        assert span(t, m).lower() == "@" + m["screen_name"].lower()
    for u in ents["urls"]:
        assert span(t, u) == u["url"]
    for m in t.get("extended_entities", {}).get("media", []):
        assert span(t, m) == m["url"]
    start, end = (int(i) for i in t["display_text_range"])
    assert 0 <= start <= end <= len(unescape(t["full_text"]))


def test_demo_archive_is_current_and_consistent(tmp_path: Path) -> None:
    """demo/archive is what demo/make_demo.py writes, and every index in it is right."""
    import runpy

    repo = Path(__file__).resolve().parents[2]
    committed = repo / "demo" / "archive"
    if not committed.exists():
        pytest.skip("demo/archive not present")
    runpy.run_path(str(repo / "demo" / "make_demo.py"))["main"]([str(tmp_path / "demo")])
    fresh = sorted(p.relative_to(tmp_path / "demo") for p in (tmp_path / "demo").rglob("*") if p.is_file())
    assert fresh == sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    for rel in fresh:
        assert (tmp_path / "demo" / rel).read_bytes() == (committed / rel).read_bytes(), rel
    tweets = tweets_of(committed)
    for t in tweets.values():
        _entity_texts_match(t)
        assert snowflake_time(t["id_str"]).replace(microsecond=0).strftime("%a %b %d %H:%M:%S +0000 %Y") == t["created_at"]
    assert any("ext_alt_text" in m for t in tweets.values() for m in t.get("extended_entities", {}).get("media", []))
