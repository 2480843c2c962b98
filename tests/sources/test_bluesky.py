"""Bluesky: URLs, facets (UTF-8 byte offsets), embeds, and live unrolls against a real loopback
HTTP server that answers in the AppView's exact shapes."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from bluesky_appview import FERN, ROWAN, Account, FakeAppView, fake_cid
from loopback import LoopbackServer

from unspool.config import Settings
from unspool.errors import Forbidden, InputError, NotFoundRemote, RateLimited, RemoteError
from unspool.sources.bluesky import (
    BlueskyFetcher,
    PostRef,
    facet_segments,
    parse_post_url,
    tid_time,
)
from unspool.sources.http import make_client
from unspool.synthetic.bluesky_repo import rich, tid


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def settings(server, monkeypatch, tmp_path) -> Settings:
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", server.netloc)
    monkeypatch.setenv("UNSPOOL_BSKY_APPVIEW", server.url(""))
    for name in ("UNSPOOL_BSKY_HANDLE", "UNSPOOL_BSKY_APP_PASSWORD", "UNSPOOL_BSKY_PDS", "UNSPOOL_BSKY_APPVIEW_DID"):
        monkeypatch.delenv(name, raising=False)
    return Settings.from_env()


@pytest.fixture
def appview(server) -> FakeAppView:
    return FakeAppView(server)


def fetcher(settings, **options) -> BlueskyFetcher:
    return BlueskyFetcher.from_settings(make_client(settings), settings, **options)


def web(uri: str, handle: str = FERN.handle) -> str:
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[1]}"


def kinds(post):
    return [(segment.kind, segment.text, segment.url) for segment in post.segments]


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://bsky.app/profile/fern.example.test/post/3lk2abcdefg2a", PostRef("fern.example.test", "3lk2abcdefg2a")),
        ("https://staging.bsky.app/profile/fern.example.test/post/3lk2abcdefg2a?ref=share#top", PostRef("fern.example.test", "3lk2abcdefg2a")),
        ("https://bsky.app/profile/Fern.Example.TEST/post/3lk2abcdefg2a/", PostRef("fern.example.test", "3lk2abcdefg2a")),
        ("bsky.app/profile/fern.example.test/post/3lk2abcdefg2a", PostRef("fern.example.test", "3lk2abcdefg2a")),
        ("https://bsky.app/profile/did:plc:fernexample0000000000000/post/3lk2abcdefg2a", PostRef(FERN.did, "3lk2abcdefg2a")),
        ("https://bsky.app/profile/did%3Aplc%3Afernexample0000000000000/post/3lk2abcdefg2a", PostRef(FERN.did, "3lk2abcdefg2a")),
        ("at://did:plc:fernexample0000000000000/app.bsky.feed.post/3lk2abcdefg2a", PostRef(FERN.did, "3lk2abcdefg2a")),
        ("at://fern.example.test/app.bsky.feed.post/3lk2abcdefg2a", PostRef("fern.example.test", "3lk2abcdefg2a")),
        ("  https://bsky.app/profile/did:web:fern.example.test/post/3lk2abcdefg2a  ", PostRef("did:web:fern.example.test", "3lk2abcdefg2a")),
    ],
)
def test_post_urls(url, expected):
    assert parse_post_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://bsky.app/profile/fern.example.test",
        "https://bsky.app/profile/fern.example.test/feed/3lk2abcdefg2a",
        "https://evil.example/profile/fern.example.test/post/3lk2abcdefg2a",
        "https://bsky.app.evil.example/profile/fern.example.test/post/3lk2abcdefg2a",
        "at://did:plc:fernexample0000000000000/app.bsky.feed.like/3lk2abcdefg2a",
        "https://bsky.app/profile/not a handle/post/3lk2abcdefg2a",
        "https://x.com/fern/status/1",
        "",
    ],
)
def test_not_post_urls(url):
    assert parse_post_url(url) is None


def test_tid_record_keys_give_their_time():
    moment = datetime(2025, 3, 1, 12, 30, 15, 123456, tzinfo=timezone.utc)
    assert tid_time(tid(moment, 7)) == moment
    assert tid_time("self") is None


# --- facets -------------------------------------------------------------------------------


def test_facets_use_utf8_byte_offsets_with_emoji_cjk_and_rtl_text():
    text, facets = rich(
        "😀 早上好 ",
        ("mention", "@rowan.example.test", ROWAN.did),
        " שלום עולם ",
        ("tag", "#טבע", "טבע"),
        " مرحبا ",
        ("link", "example.org/ga-kiln-log-2025…", "https://example.org/ga-kiln-log-2025/part-two?x=1"),
        " 🧵 ",
        ("tag", "#陶芸", "陶芸"),
    )
    segments = facet_segments(text, facets)
    assert "".join(s.text for s in segments) == text.replace("example.org/ga-kiln-log-2025…", "https://example.org/ga-kiln-log-2025/part-two?x=1")
    assert [(s.kind, s.text, s.url) for s in segments if s.kind != "text"] == [
        ("mention", "@rowan.example.test", f"https://bsky.app/profile/{ROWAN.did}"),
        ("hashtag", "#טבע", "https://bsky.app/hashtag/%D7%98%D7%91%D7%A2"),
        ("link", "https://example.org/ga-kiln-log-2025/part-two?x=1", "https://example.org/ga-kiln-log-2025/part-two?x=1"),
        ("hashtag", "#陶芸", "https://bsky.app/hashtag/%E9%99%B6%E8%8A%B8"),
    ]
    assert segments[0].text == "😀 早上好 "


def test_link_facets_keep_custom_anchor_text():
    text, facets = rich("Read ", ("link", "the glaze notes", "https://example.org/glaze"), " today")
    assert [(s.kind, s.text) for s in facet_segments(text, facets)] == [("text", "Read "), ("link", "the glaze notes"), ("text", " today")]


def test_bad_facets_are_skipped_safely():
    text = "😀 hello world #tag"
    data = text.encode()
    tag_start = data.index(b"#tag")

    def facet(start, end, feature=None):
        return {"index": {"byteStart": start, "byteEnd": end}, "features": [feature or {"$type": "app.bsky.richtext.facet#tag", "tag": "tag"}]}

    facets = [
        facet(tag_start, tag_start + 4),  # good, but listed first: order must not matter
        facet(1, 3),  # inside the emoji's 4 bytes
        facet(0, len(data) + 5),  # past the end
        facet(-1, 2),
        facet(5, 5),  # empty
        facet(True, 4),  # a bool is not an offset
        facet("0", "4"),
        facet(tag_start + 1, tag_start + 3),  # overlaps the good one
        facet(5, 10, {"$type": "app.bsky.richtext.facet#unknown"}),
        facet(5, 10, {"$type": "app.bsky.richtext.facet#mention", "did": "not-a-did"}),
        {"index": None},
        "nonsense",
    ]
    segments = facet_segments(text, facets)
    assert "".join(s.text for s in segments) == text
    assert [(s.kind, s.text) for s in segments] == [("text", "😀 hello world "), ("hashtag", "#tag")]
    assert facet_segments(None, None) == []
    assert [(s.kind, s.text) for s in facet_segments("plain", "not a list")] == [("text", "plain")]


# --- live unrolls -----------------------------------------------------------------------


def test_thread_within_the_depth_limit_takes_two_requests(settings, appview, server):
    uris = appview.chain(FERN, ["1/ Building a kiln 🧵", "2/ Bricks first", "3/ Then the door"])
    appview.add(ROWAN, "nice!", reply_to=uris[1])  # someone else's reply is not part of it
    thread = fetcher(settings).fetch_thread(web(uris[0]))
    assert [p.id for p in thread.posts] == uris
    assert [r.path for r in server.requests] == ["/xrpc/com.atproto.identity.resolveHandle", "/xrpc/app.bsky.feed.getPostThread"]
    root = thread.posts[0]
    assert root.url == web(uris[0])
    assert root.author.native_id == FERN.did and root.author.handle == FERN.handle and root.author.name == "Fern Example"
    assert root.author.profile_url == "https://bsky.app/profile/fern.example.test"
    assert root.author.avatar_url.startswith("https://cdn.bsky.app/img/avatar/")
    assert root.lang == "en" and root.created_at.tzinfo is not None
    assert root.reply_to_id is None and root.reply_to_handle is None
    assert thread.posts[1].reply_to_id == uris[0]
    assert server.requests[0].headers["user-agent"].startswith("Unspool/")


def test_a_did_url_takes_one_request(settings, appview, server):
    uris = appview.chain(FERN, ["Seed saving, a thread", "Dry the pods", "Label the jars"])
    thread = fetcher(settings).fetch_thread(f"https://bsky.app/profile/{FERN.did}/post/{uris[0].rsplit('/', 1)[1]}")
    assert [p.id for p in thread.posts] == uris
    assert len(server.requests) == 1
    call = appview.thread_calls()[0]
    assert call["uri"] == uris[0] and int(call["depth"]) >= 1 and "parentHeight" in call


def test_a_thread_longer_than_the_depth_limit_is_followed_up_from_the_last_post_reached(settings, appview):
    uris = appview.chain(FERN, [f"{n}/ step {n}" for n in range(1, 12)])
    thread = fetcher(settings, depth=4).fetch_thread(uris[0])
    assert [p.id for p in thread.posts] == uris
    calls = appview.thread_calls()
    assert [call["uri"] for call in calls] == [uris[0], uris[4], uris[8]]
    assert all(call["depth"] == "4" for call in calls)


def test_branches_follow_the_longest_chain(settings, appview):
    root = appview.add(FERN, "Sourdough notes")
    short = appview.chain(FERN, ["Side note: flour brands"], reply_to=root)
    long = appview.chain(FERN, ["Day 1: starter", "Day 2: bubbles", "Day 3: bake"], reply_to=root)
    thread = fetcher(settings).fetch_thread(root)
    assert [p.id for p in thread.posts] == [root, *long]
    assert short[0] not in [p.id for p in thread.posts]


def test_a_thread_may_start_as_a_reply_to_someone_else(settings, appview):
    question = appview.add(ROWAN, "How do you fire a kiln?")
    uris = appview.chain(FERN, ["Good question! First, dry everything", "Then go slowly"], reply_to=question)
    appview.add(ROWAN, "thanks", reply_to=uris[1])
    thread = fetcher(settings).fetch_thread(uris[1])
    assert [p.id for p in thread.posts] == uris
    assert thread.posts[0].reply_to_handle == ROWAN.handle
    assert thread.posts[0].reply_to_id == question
    assert thread.posts[1].reply_to_handle is None


def test_unroll_from_a_middle_post(settings, appview, server):
    uris = appview.chain(FERN, ["A", "B", "C", "D", "E"])
    thread = fetcher(settings).fetch_thread(web(uris[2]))
    assert [p.id for p in thread.posts] == uris
    assert len(server.requests) == 2


def test_ancestors_beyond_the_parent_height_are_followed_up(settings, appview):
    uris = appview.chain(FERN, [f"part {n}" for n in range(1, 8)])
    thread = fetcher(settings, parent_height=2).fetch_thread(uris[-1])
    assert [p.id for p in thread.posts] == uris
    calls = appview.thread_calls()
    assert [(call["uri"], call["depth"], call["parentHeight"]) for call in calls] == [(uris[6], "30", "2"), (uris[4], "0", "2"), (uris[2], "0", "2")]


def test_fetch_posts_returns_every_branch_for_the_caller_to_assemble(settings, appview):
    root = appview.add(FERN, "root")
    a = appview.add(FERN, "branch a", reply_to=root)
    b = appview.add(FERN, "branch b", reply_to=root)
    appview.add(ROWAN, "other", reply_to=root)
    posts = fetcher(settings).fetch_posts(root)
    assert {p.id for p in posts} == {root, a, b}


def test_a_single_post_is_not_a_thread(settings, appview):
    uri = appview.add(FERN, "just one thought")
    with pytest.raises(InputError, match="single post"):
        fetcher(settings).fetch_thread(uri)


def test_images_external_card_and_quoted_post(settings, appview):
    quoted_uri = appview.add(ROWAN, "My glaze test tiles")
    images = {
        "$type": "app.bsky.embed.images#view",
        "images": [
            {
                "thumb": f"https://cdn.bsky.app/img/feed_thumbnail/plain/{FERN.did}/bafkreiaaa@jpeg",
                "fullsize": f"https://cdn.bsky.app/img/feed_fullsize/plain/{FERN.did}/bafkreiaaa@jpeg",
                "alt": "A kiln with its door open, glowing orange",
                "aspectRatio": {"width": 1600, "height": 1200},
            },
            {
                "thumb": f"https://cdn.bsky.app/img/feed_thumbnail/plain/{FERN.did}/bafkreibbb@jpeg",
                "fullsize": f"https://cdn.bsky.app/img/feed_fullsize/plain/{FERN.did}/bafkreibbb@jpeg",
                "alt": "",
            },
        ],
    }
    external = {
        "$type": "app.bsky.embed.external#view",
        "external": {"uri": "https://example.org/kilns", "title": "Kilns", "description": "All about kilns", "thumb": "https://cdn.bsky.app/img/feed_thumbnail/plain/x/y@jpeg"},
    }
    quote_media = {
        "$type": "app.bsky.embed.recordWithMedia#view",
        "media": {
            "$type": "app.bsky.embed.video#view",
            "cid": "bafkreivid",
            "playlist": f"https://video.bsky.app/watch/{FERN.did}/bafkreivid/playlist.m3u8",
            "thumbnail": f"https://video.bsky.app/watch/{FERN.did}/bafkreivid/thumbnail.jpg",
            "alt": "Opening the kiln",
            "aspectRatio": {"width": 1080, "height": 1920},
        },
        "record": {
            "$type": "app.bsky.embed.record#view",
            "record": {
                "$type": "app.bsky.embed.record#viewRecord",
                "uri": quoted_uri,
                "cid": fake_cid(quoted_uri),
                "author": ROWAN.view(),
                "value": appview.posts[quoted_uri]["record"],
                "labels": [],
                "indexedAt": "2025-03-01T12:00:00.000Z",
                "embeds": [
                    {
                        "$type": "app.bsky.embed.images#view",
                        "images": [{"thumb": "https://cdn.bsky.app/t@jpeg", "fullsize": "https://cdn.bsky.app/f@jpeg", "alt": "Tiles in a row"}],
                    }
                ],
            },
        },
    }
    text, facets = rich("Firing day, see ", ("link", "example.org/kilns", "https://example.org/kilns"))
    root = appview.add(FERN, "Firing day 🔥", embed_view=images)
    second = appview.add(FERN, "Background reading", embed_view=external, reply_to=root)
    third = appview.add(FERN, text, facets=facets, embed_view=external, reply_to=second)
    fourth = appview.add(FERN, "Compare with Rowan's", embed_view=quote_media, reply_to=third)
    posts = {p.id: p for p in fetcher(settings).fetch_thread(root).posts}

    media = posts[root].media
    assert [(m.type, m.url, m.alt, m.width, m.height) for m in media] == [
        ("image", images["images"][0]["fullsize"], "A kiln with its door open, glowing orange", 1600, 1200),
        ("image", images["images"][1]["fullsize"], "", None, None),
    ]
    assert posts[second].links == ["https://example.org/kilns"]
    assert kinds(posts[second]) == [("text", "Background reading\n", None), ("link", "https://example.org/kilns", "https://example.org/kilns")]
    # the card's link is already in the text: no second copy
    assert posts[third].links == ["https://example.org/kilns"]
    assert [s.kind for s in posts[third].segments].count("link") == 1

    assert [(m.type, m.alt, m.width, m.height) for m in posts[fourth].media] == [("video", "Opening the kiln", 1080, 1920)]
    quoted = posts[fourth].quoted
    assert quoted is not None and quoted.id == quoted_uri and quoted.author.handle == ROWAN.handle
    assert quoted.text == "My glaze test tiles" and quoted.url == web(quoted_uri, ROWAN.handle)
    assert [(m.url, m.alt) for m in quoted.media] == [("https://cdn.bsky.app/f@jpeg", "Tiles in a row")]


def test_quoted_post_not_found_or_blocked_is_left_out(settings, appview):
    missing = {"$type": "app.bsky.embed.record#view", "record": {"$type": "app.bsky.embed.record#viewNotFound", "uri": f"at://{ROWAN.did}/app.bsky.feed.post/3zzz", "notFound": True}}
    blocked = {
        "$type": "app.bsky.embed.record#view",
        "record": {"$type": "app.bsky.embed.record#viewBlocked", "uri": f"at://{ROWAN.did}/app.bsky.feed.post/3yyy", "blocked": True, "author": {"did": ROWAN.did}},
    }
    root = appview.add(FERN, "one", embed_view=missing)
    second = appview.add(FERN, "two", embed_view=blocked, reply_to=root)
    posts = fetcher(settings).fetch_thread(root).posts
    assert [p.quoted for p in posts] == [None, None]
    assert [p.text for p in posts] == ["one", "two"] and posts[1].id == second


def test_facets_from_the_appview_land_on_the_right_characters(settings, appview):
    text, facets = rich("🌱🌱 ", ("mention", "@rowan.example.test", ROWAN.did), " שלום ", ("tag", "#庭", "庭"), " end")
    root = appview.add(FERN, text, facets=facets, langs=["he", "ja"])
    appview.add(FERN, "more", reply_to=root)
    post = fetcher(settings).fetch_thread(root).posts[0]
    assert post.text == text and post.lang == "he"
    assert ("mention", "@rowan.example.test", f"https://bsky.app/profile/{ROWAN.did}") in kinds(post)
    assert ("hashtag", "#庭", "https://bsky.app/hashtag/%E5%BA%AD") in kinds(post)


def test_deleted_middle_post_ends_the_chain(settings, appview):
    uris = appview.chain(FERN, ["one", "two", "three", "four", "five"])
    appview.delete(uris[2])
    from_root = fetcher(settings).fetch_thread(uris[0])
    assert [p.id for p in from_root.posts] == uris[:2]
    from_after = fetcher(settings).fetch_thread(uris[4])
    assert [p.id for p in from_after.posts] == uris[3:]
    assert from_after.posts[0].reply_to_handle is None


def test_not_found_and_blocked_posts_are_clear_errors(settings, appview, server):
    with pytest.raises(NotFoundRemote, match="deleted or never existed"):
        fetcher(settings).fetch_thread(f"at://{FERN.did}/app.bsky.feed.post/3lkzzzzzzzz2a")
    uri = appview.add(FERN, "hidden")
    appview.blocked.add(uri)
    with pytest.raises(Forbidden, match="not visible"):
        fetcher(settings).fetch_thread(uri)
    with pytest.raises(NotFoundRemote, match="no Bluesky account has the handle @nobody.example.test"):
        fetcher(settings).fetch_thread("https://bsky.app/profile/nobody.example.test/post/3lk2abcdefg2a")


def test_a_not_found_post_node_is_not_found(settings, server):
    uri = f"at://{FERN.did}/app.bsky.feed.post/3lk2abcdefg2a"
    server.route("GET", "/xrpc/app.bsky.feed.getPostThread", json={"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": True}})
    with pytest.raises(NotFoundRemote):
        fetcher(settings).fetch_thread(uri)


@pytest.mark.parametrize(
    "status, headers, error",
    [(404, {}, NotFoundRemote), (410, {}, NotFoundRemote), (401, {}, Forbidden), (403, {}, Forbidden), (429, {"Retry-After": "120"}, RateLimited), (500, {}, RemoteError)],
)
def test_http_errors_map_to_clear_errors(settings, server, status, headers, error):
    server.route("GET", "/xrpc/app.bsky.feed.getPostThread", status=status, headers=headers, json={"error": "Whatever", "message": "x"})
    with pytest.raises(error) as caught:
        fetcher(settings).fetch_thread(f"at://{FERN.did}/app.bsky.feed.post/3lk2abcdefg2a")
    if status == 429:
        assert caught.value.retry_after == 120
    assert len(server.requests) == 1


def test_answers_that_are_not_threads_are_remote_errors(settings, server):
    server.route("GET", "/xrpc/app.bsky.feed.getPostThread", body="<html>oops</html>")
    with pytest.raises(RemoteError):
        fetcher(settings).fetch_thread(f"at://{FERN.did}/app.bsky.feed.post/3lk2abcdefg2a")
    server.reset()
    server.route("GET", "/xrpc/app.bsky.feed.getPostThread", json={"thread": {"$type": "app.bsky.feed.defs#somethingNew"}})
    with pytest.raises(RemoteError):
        fetcher(settings).fetch_thread(f"at://{FERN.did}/app.bsky.feed.post/3lk2abcdefg2a")


def test_not_a_bluesky_url_is_an_input_error(settings):
    with pytest.raises(InputError):
        fetcher(settings).fetch_thread("https://example.org/profile/a/post/b")


def test_authenticated_mode_logs_in_and_proxies_reads_through_the_pds(server, monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", server.netloc)
    monkeypatch.setenv("UNSPOOL_BSKY_APPVIEW", "https://appview.invalid")  # must not be used
    monkeypatch.setenv("UNSPOOL_BSKY_PDS", server.url("/pds"))
    monkeypatch.setenv("UNSPOOL_BSKY_HANDLE", "reader.example.test")
    monkeypatch.setenv("UNSPOOL_BSKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    monkeypatch.setenv("UNSPOOL_BSKY_APPVIEW_DID", "did:web:appview.example.test")
    settings = Settings.from_env()
    assert "abcd-efgh" not in repr(settings)
    appview = FakeAppView(server, prefix="/pds")
    server.route(
        "POST",
        "/pds/xrpc/com.atproto.server.createSession",
        json={"accessJwt": "access-token-1", "refreshJwt": "refresh-token-1", "handle": "reader.example.test", "did": "did:plc:reader", "active": True},
    )
    uris = appview.chain(FERN, ["Logged-in thread", "part two"])
    thread = fetcher(settings).fetch_thread(web(uris[0]))
    assert [p.id for p in thread.posts] == uris
    login, *reads = server.requests
    assert login.method == "POST" and login.path == "/pds/xrpc/com.atproto.server.createSession"
    assert json.loads(login.body) == {"identifier": "reader.example.test", "password": "abcd-efgh-ijkl-mnop"}
    assert [r.path for r in reads] == ["/pds/xrpc/com.atproto.identity.resolveHandle", "/pds/xrpc/app.bsky.feed.getPostThread"]
    for request in reads:
        assert request.headers["authorization"] == "Bearer access-token-1"
        assert request.headers["atproto-proxy"] == "did:web:appview.example.test#bsky_appview"


def log_in_with(monkeypatch, tmp_path, server, password: str) -> None:
    """Settings for the authenticated mode: reads through the PDS on `server`, as reader.example.test."""
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", server.netloc)
    monkeypatch.setenv("UNSPOOL_BSKY_PDS", server.url(""))
    monkeypatch.setenv("UNSPOOL_BSKY_HANDLE", "reader.example.test")
    monkeypatch.setenv("UNSPOOL_BSKY_APP_PASSWORD", password)


def test_authenticated_mode_with_a_wrong_password_is_forbidden(server, monkeypatch, tmp_path):
    log_in_with(monkeypatch, tmp_path, server, "wrong")
    server.route("POST", "/xrpc/com.atproto.server.createSession", status=401, json={"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
    with pytest.raises(Forbidden, match="UNSPOOL_BSKY_APP_PASSWORD"):
        fetcher(Settings.from_env()).fetch_thread(f"at://{FERN.did}/app.bsky.feed.post/3lk2abcdefg2a")


def test_an_expired_session_logs_in_again_once(server, monkeypatch, tmp_path):
    log_in_with(monkeypatch, tmp_path, server, "pw")
    server.route("POST", "/xrpc/com.atproto.server.createSession", json={"accessJwt": "old", "refreshJwt": "r", "handle": "reader.example.test", "did": "did:plc:reader"}, times=1)
    server.route("POST", "/xrpc/com.atproto.server.createSession", json={"accessJwt": "new", "refreshJwt": "r", "handle": "reader.example.test", "did": "did:plc:reader"})
    server.route("GET", "/xrpc/app.bsky.feed.getPostThread", status=400, json={"error": "ExpiredToken", "message": "Token has expired"}, times=1)
    appview = FakeAppView(server)
    uris = appview.chain(Account(FERN.did, FERN.handle), ["a", "b"])
    thread = fetcher(Settings.from_env()).fetch_thread(uris[0])
    assert len(thread.posts) == 2
    assert [r.headers.get("authorization") for r in server.requests if r.method == "GET"] == ["Bearer old", "Bearer new"]


def test_live_unrolls_in_one_process_share_one_login(server, monkeypatch, tmp_path):
    """Each live unroll makes a new fetcher; createSession is rate-limited, so they share a session."""
    log_in_with(monkeypatch, tmp_path, server, "shared-pw")
    server.route("POST", "/xrpc/com.atproto.server.createSession", json={"accessJwt": "shared", "refreshJwt": "r", "handle": "reader.example.test", "did": "did:plc:reader"})
    appview = FakeAppView(server)
    settings = Settings.from_env()
    for n in range(3):
        uris = appview.chain(Account(FERN.did, FERN.handle), [f"Thread {n}", "more"])
        assert len(fetcher(settings).fetch_thread(uris[0]).posts) == 2
    logins = [r for r in server.requests if r.path.endswith("createSession")]
    assert len(logins) == 1
    assert {r.headers.get("authorization") for r in server.requests if r.method == "GET"} == {"Bearer shared"}
