"""Live Mastodon unrolls against a real loopback HTTP server answering like the Mastodon API."""

from __future__ import annotations

import pytest
from fake_fediverse import FakeMastodon, actor, note
from loopback import LoopbackServer

from unspool.assemble import assemble_threads, thread_containing
from unspool.config import Settings
from unspool.errors import Forbidden, InputError, NotFoundRemote, RateLimited, RemoteError
from unspool.model import Segment, make_thread_id
from unspool.sources.http import make_client
from unspool.sources.mastodon import MastodonFetcher, MastodonRef, fetch_thread, parse_post_url


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def other_server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def client(server, other_server, monkeypatch, tmp_path):
    # The loopback servers are plain http on 127.0.0.1: only the allow list lets them through.
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", f"{server.netloc},{other_server.netloc}")
    with make_client(Settings.from_env()) as client:
        yield client


@pytest.fixture
def masto(server) -> FakeMastodon:
    return FakeMastodon(server)


@pytest.fixture
def fern(masto):
    return masto.account("fern", "Fern Example")


def api_paths(server) -> list[str]:
    return [request.path for request in server.requests]


# --- URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://social.example/@fern/113456789012345678", MastodonRef("https", "social.example", "113456789012345678", "fern")),
        ("https://Social.Example/@fern/113456789012345678/", MastodonRef("https", "social.example", "113456789012345678", "fern")),
        ("https://social.example/@fern/113456789012345678?utm=x#reply", MastodonRef("https", "social.example", "113456789012345678", "fern")),
        (
            "https://social.example/@moss@other.example/113456789012345678",
            MastodonRef("https", "social.example", "113456789012345678", "moss", "other.example"),
        ),
        ("https://social.example/users/fern/statuses/113456789012345678", MastodonRef("https", "social.example", "113456789012345678", "fern")),
        ("https://pleroma.example/notice/AbCdEf123456", MastodonRef("https", "pleroma.example", "AbCdEf123456", None)),
        ("https://gts.example/@fern/statuses/01HZY3Q7M2W8X5N4K6J9R0T1VB", MastodonRef("https", "gts.example", "01HZY3Q7M2W8X5N4K6J9R0T1VB", "fern")),
        ("http://127.0.0.1:8123/@fern/42", MastodonRef("http", "127.0.0.1:8123", "42", "fern")),
    ],
)
def test_post_url_forms(url, expected):
    assert parse_post_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://social.example/@fern",
        "https://social.example/@fern/with_replies",
        "https://social.example/@fern/media",
        "https://x.com/fern/status/1750000000000000000",
        "https://bsky.app/profile/fern.example/post/3kabc",
        "ftp://social.example/@fern/1",
        "https://user@social.example/@fern/1",
        "https://social.example:99999/@fern/1",
        "not a url",
        "",
    ],
)
def test_not_post_urls(url):
    assert parse_post_url(url) is None


def test_ref_urls():
    ref = parse_post_url("https://social.example/@moss@other.example/42")
    assert ref.status_api == "https://social.example/api/v1/statuses/42"
    assert ref.url == "https://social.example/@moss@other.example/42"


# --- threads --------------------------------------------------------------------------------------


def test_long_thread_from_the_last_post_takes_exactly_two_requests(server, client, masto, fern):
    posts = masto.chain(fern, 40)
    masto.publish()
    fetcher = MastodonFetcher(client)
    thread = fetcher.fetch_thread(masto.url_of(posts[-1]))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    assert thread.id == make_thread_id("mastodon", posts[0]["uri"])
    assert thread.posts[0].text == "Step 1 of the kite repair"
    assert api_paths(server) == [f"/api/v1/statuses/{posts[-1]['id']}", f"/api/v1/statuses/{posts[-1]['id']}/context"]
    assert fetcher.requests == 2
    # Asking for the canonical id afterwards costs nothing.
    assert fetcher.canonical_id(masto.url_of(posts[-1])) == posts[-1]["uri"]
    assert len(server.requests) == 2
    request = server.requests[0]
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("Unspool/")
    assert "authorization" not in request.headers


def test_long_thread_from_the_middle_takes_exactly_two_requests(server, client, masto, fern):
    posts = masto.chain(fern, 40)
    masto.publish()
    thread = fetch_thread(client, masto.url_of(posts[19]))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    assert len(server.requests) == 2


def test_long_thread_from_the_first_post_continues_past_the_depth_limit(server, client, masto, fern):
    # Without a token Mastodon answers descendants only 20 levels deep: one more context
    # request, from the deepest post it returned, gets the rest.
    posts = masto.chain(fern, 40)
    masto.publish()
    fetcher = MastodonFetcher(client)
    thread = fetcher.fetch_thread(masto.url_of(posts[0]))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    assert api_paths(server)[2] == f"/api/v1/statuses/{posts[20]['id']}/context"
    assert fetcher.requests == len(server.requests) == 3


def test_long_thread_continues_past_the_ancestor_limit(server, client, masto, fern):
    posts = masto.chain(fern, 50)
    masto.publish()
    thread = fetch_thread(client, masto.url_of(posts[-1]))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    assert len(server.requests) == 3


def test_author_and_identity(client, masto, fern):
    posts = masto.chain(fern, 2)
    masto.publish()
    thread = fetch_thread(client, masto.url_of(posts[0]))
    author = thread.author
    assert author.network == "mastodon"
    assert author.native_id == author.profile_url == f"{masto.origin}/@fern"
    assert author.handle == f"fern@{masto.domain}"
    assert author.name == "Fern Example"
    assert author.avatar_url == f"{masto.origin}/system/accounts/avatars/fern.png"
    first = thread.posts[0]
    assert first.url == posts[0]["url"] and first.lang == "en"
    assert first.created_at.isoformat() == "2025-03-01T09:01:00+00:00"
    assert thread.posts[1].reply_to_id == posts[0]["uri"]
    assert first.reply_to_id is None and first.reply_to_handle is None


def test_branches_longest_chain_wins_and_any_branch_can_be_unrolled(server, client, masto, fern):
    root = masto.post(fern, "Notes on sourdough")
    second = masto.post(fern, "Feeding schedule", reply_to=root)
    short = masto.post(fern, "A short aside", reply_to=second)
    long_branch = masto.chain(fern, 3, reply_to=second, text="Bake day, part {n}")
    masto.publish()
    expected = [root["uri"], second["uri"], *(s["uri"] for s in long_branch)]

    fetcher = MastodonFetcher(client)
    thread = fetcher.fetch_thread(masto.url_of(root))
    assert [p.id for p in thread.posts] == expected
    # The same thread assembled from the fetched posts, unrolled from any of its posts.
    fetched = fetcher.fetch(masto.url_of(root))
    assert [p.id for p in assemble_threads(fetched.posts)[0].posts] == expected
    for status in long_branch:
        assert [p.id for p in fetch_thread(client, masto.url_of(status)).posts] == expected
    # The branch not followed is still the thread of its own posts, through their root.
    branch = fetch_thread(client, masto.url_of(short))
    assert [p.id for p in branch.posts] == [root["uri"], second["uri"], short["uri"]]
    assert branch.id == thread.id


def test_deleted_middle_starts_a_new_thread_and_does_not_crash(server, client, masto, fern):
    posts = masto.chain(fern, 6)
    masto.delete(posts[2])
    masto.publish()
    below = fetch_thread(client, masto.url_of(posts[4]))
    assert [p.id for p in below.posts] == [s["uri"] for s in posts[3:]]
    # The new root still says what it replied to (the deleted post, by its uri) and is no
    # reply to someone else.
    assert below.posts[0].reply_to_id == posts[2]["uri"]
    assert below.posts[0].reply_to_handle is None
    above = fetch_thread(client, masto.url_of(posts[0]))
    assert [p.id for p in above.posts] == [s["uri"] for s in posts[:2]]


def test_unrolling_a_deleted_post_is_not_found(server, client, masto, fern):
    posts = masto.chain(fern, 3)
    masto.delete(posts[1])
    masto.publish()
    with pytest.raises(NotFoundRemote):
        MastodonFetcher(client, activitypub_fallback=False).fetch_thread(masto.url_of(posts[1]))


def test_thread_that_starts_as_a_reply_to_someone_else(server, other_server, client, masto, fern):
    moss = masto.account("moss", "Moss Reader", origin=other_server.origin)
    question = masto.post(moss, "How do you keep a kite from spinning?")
    posts = masto.chain(fern, 4, reply_to=question, text="Kite tails, part {n}")
    posts[0]["mentions"] = [{"id": moss["id"], "username": "moss", "acct": moss["acct"], "url": moss["url"]}]
    # Someone else's reply in the middle, and a reply to it by the author: neither is the thread.
    aside = masto.post(moss, "Thanks!", reply_to=posts[1])
    masto.post(fern, "You're welcome", reply_to=aside)
    masto.publish()
    thread = fetch_thread(client, masto.url_of(posts[2]))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    root = thread.posts[0]
    assert root.reply_to_id == question["uri"]
    assert root.reply_to_handle == f"moss@{other_server.netloc}"
    assert all(p.reply_to_handle is None for p in thread.posts[1:])
    assert thread.author.handle == f"fern@{masto.domain}"


def test_reply_to_someone_whose_post_is_gone_takes_the_handle_from_the_mentions(server, other_server, client, masto, fern):
    moss = masto.account("moss", "Moss Reader", origin=other_server.origin)
    question = masto.post(moss, "Question?")
    posts = masto.chain(fern, 2, reply_to=question)
    posts[0]["mentions"] = [{"id": moss["id"], "username": "moss", "acct": moss["acct"], "url": moss["url"]}]
    masto.delete(question)
    masto.publish()
    root = fetch_thread(client, masto.url_of(posts[1])).posts[0]
    assert root.reply_to_handle == f"moss@{other_server.netloc}"
    assert root.reply_to_id is not None


def test_boost_url_unrolls_the_boosted_post(server, client, masto, fern):
    posts = masto.chain(fern, 3)
    sam = masto.account("sam", "Sam Sample")
    boost = masto.post(sam, "", reblog=posts[1])
    masto.publish()
    thread = fetch_thread(client, masto.url_of(boost))
    assert [p.id for p in thread.posts] == [s["uri"] for s in posts]
    assert api_paths(server)[1] == f"/api/v1/statuses/{posts[1]['id']}/context"


# --- content ----------------------------------------------------------------------------------------


def test_mentions_hashtags_hidden_link_parts_and_emoji(server, client, masto, fern):
    origin = masto.origin
    content = (
        '<p>Thanks <span class="h-card" translate="no"><a href="https://other.example/@moss" class="u-url mention">'
        '@<span>moss</span></a></span> for the tip :kite_blue: '
        f'<a href="{origin}/tags/kites" class="mention hashtag" rel="tag">#<span>kites</span></a></p>'
        '<p>Guide: <a href="https://www.kites.example/guides/tails/how-to-balance-a-diamond-kite?lang=en" '
        'rel="nofollow noopener noreferrer" translate="no" target="_blank"><span class="invisible">https://www.</span>'
        '<span class="ellipsis">kites.example/guides/tails/how</span><span class="invisible">-to-balance-a-diamond-kite?lang=en'
        '</span></a><br>Second line &amp; more<script>alert(1)</script></p>'
    )
    first = masto.post(
        fern,
        content,
        mentions=[{"id": "99", "username": "moss", "acct": "moss@other.example", "url": "https://other.example/@moss"}],
        tags=[{"name": "kites", "url": f"{origin}/tags/kites"}],
        emojis=[{"shortcode": "kite_blue", "url": f"{origin}/emoji/kite.gif", "static_url": f"{origin}/emoji/kite.png", "visible_in_picker": True}],
        language="de",
    )
    masto.post(fern, "More", reply_to=first)
    masto.publish()
    post = fetch_thread(client, masto.url_of(first)).posts[0]
    url = "https://www.kites.example/guides/tails/how-to-balance-a-diamond-kite?lang=en"
    assert post.segments == [
        Segment("text", "Thanks "),
        Segment("mention", "@moss", "https://other.example/@moss"),
        Segment("text", " for the tip "),
        Segment("emoji", ":kite_blue:", f"{origin}/emoji/kite.png"),
        Segment("text", " "),
        Segment("hashtag", "#kites", f"{origin}/tags/kites"),
        Segment("text", "\n\nGuide: "),
        Segment("link", url, url),
        Segment("text", "\nSecond line & more"),
    ]
    assert post.links == [url]
    assert post.lang == "de"


def test_content_warning_media_poll_and_quote(server, other_server, client, masto, fern):
    moss = masto.account("moss", "Moss Reader", origin=other_server.origin)
    quoted = masto.post(moss, "Kites need tails in strong wind.")
    quote_link = f'<p class="quote-inline">RE: <a href="{quoted["url"]}">{quoted["url"]}</a></p>'
    first = masto.post(
        fern,
        quote_link + "<p>Disagree, mostly.</p>",
        spoiler_text="Kite opinions",
        sensitive=True,
        quote={"state": "accepted", "quoted_status": quoted},
        media_attachments=[
            {
                "id": "22345792",
                "type": "image",
                "url": f"{masto.origin}/system/media_attachments/files/022/345/792/original/57859aede991da25.jpeg",
                "preview_url": f"{masto.origin}/system/media_attachments/files/022/345/792/small/57859aede991da25.jpeg",
                "remote_url": None,
                "text_url": None,
                "meta": {"original": {"width": 640, "height": 480, "size": "640x480", "aspect": 1.33}},
                "description": "A red diamond kite with a long tail",
                "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
            },
            {"id": "2", "type": "gifv", "url": f"{masto.origin}/m/spin.mp4", "preview_url": None, "remote_url": None, "meta": {}, "description": None},
            {"id": "3", "type": "video", "url": f"{masto.origin}/m/launch.mp4", "preview_url": None, "remote_url": None, "meta": {}, "description": "Launch"},
            {"id": "4", "type": "audio", "url": f"{masto.origin}/m/wind.mp3", "preview_url": None, "remote_url": None, "meta": {}, "description": None},
            {"id": "5", "type": "unknown", "url": None, "preview_url": None, "remote_url": "https://other.example/m/clip.webm", "meta": None, "description": None},
        ],
    )
    second = masto.post(
        fern,
        "Which tail do you use?",
        reply_to=first,
        poll={
            "id": "34858",
            "expires_at": "2025-03-02T09:00:00.000Z",
            "expired": True,
            "multiple": False,
            "votes_count": 43,
            "voters_count": 43,
            "options": [{"title": "Ribbon", "votes_count": 12}, {"title": "Drogue", "votes_count": 30}, {"title": "None", "votes_count": 1}],
            "emojis": [],
        },
    )
    third = masto.post(fern, "Hidden totals", reply_to=second, poll={"id": "2", "options": [{"title": "A", "votes_count": None}, {"title": "B", "votes_count": None}], "emojis": []})
    masto.publish()
    posts = fetch_thread(client, masto.url_of(third)).posts
    first_post = posts[0]
    assert first_post.content_warning == "Kite opinions"
    assert first_post.text == "Disagree, mostly."  # the RE: fallback goes when the quote is shown
    assert [(m.type, m.alt, m.width, m.height) for m in first_post.media] == [
        ("image", "A red diamond kite with a long tail", 640, 480),
        ("gif", "", None, None),
        ("video", "Launch", None, None),
        ("audio", "", None, None),
        ("video", "", None, None),
    ]
    assert first_post.media[4].url == "https://other.example/m/clip.webm"
    assert first_post.quoted is not None
    assert first_post.quoted.id == quoted["uri"]
    assert first_post.quoted.text == "Kites need tails in strong wind."
    assert first_post.quoted.author.handle == f"moss@{other_server.netloc}"
    assert posts[1].text == "Which tail do you use?\n\nPoll: Ribbon — 12 votes · Drogue — 30 votes · None — 1 vote"
    assert posts[2].text == "Hidden totals\n\nPoll: A · B"


def test_a_quote_that_is_not_accepted_keeps_the_fallback_link(client, masto, fern):
    quoted_url = "https://other.example/@moss/1"
    first = masto.post(
        fern,
        f'<p class="quote-inline">RE: <a href="{quoted_url}">{quoted_url}</a></p><p>Hm.</p>',
        quote={"state": "pending", "quoted_status": None},
    )
    masto.post(fern, "More", reply_to=first)
    masto.publish()
    post = fetch_thread(client, masto.url_of(first)).posts[0]
    assert post.quoted is None
    assert post.text == f"RE: {quoted_url}\n\nHm."


# --- errors ---------------------------------------------------------------------------------------


def test_not_found(server, client):
    server.route("GET", "/api/v1/statuses/404404", status=404, json={"error": "Record not found"})
    with pytest.raises(NotFoundRemote):
        MastodonFetcher(client, activitypub_fallback=False).fetch_thread(server.url("/@fern/404404"))
    # With the ActivityPub fallback, the URL itself is asked too, and is not there either.
    server.reset()
    server.route("GET", "/api/v1/statuses/404404", status=404, json={"error": "Record not found"})
    with pytest.raises(NotFoundRemote):
        fetch_thread(client, server.url("/@fern/404404"))
    assert api_paths(server) == ["/api/v1/statuses/404404", "/@fern/404404"]


@pytest.mark.parametrize("status", [401, 403])
def test_forbidden(server, client, status):
    server.route("GET", "/api/v1/statuses/7", status=status, json={"error": "This API requires an authenticated user"})
    with pytest.raises(Forbidden, match="private or deleted"):
        fetch_thread(client, server.url("/@fern/7"))
    assert len(server.requests) == 1


def test_rate_limited(server, client):
    server.route("GET", "/api/v1/statuses/7", status=429, json={"error": "Too many requests"}, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        fetch_thread(client, server.url("/@fern/7"))
    assert caught.value.retry_after == 120


def test_server_error(server, client):
    server.route("GET", "/api/v1/statuses/7", status=500, body="oops")
    with pytest.raises(RemoteError):
        fetch_thread(client, server.url("/@fern/7"))


def test_context_error_is_not_hidden(server, client, masto, fern):
    posts = masto.chain(fern, 2)
    server.route("GET", f"/api/v1/statuses/{posts[0]['id']}", json=masto.entity(posts[0]))
    server.route("GET", f"/api/v1/statuses/{posts[0]['id']}/context", status=500, body="oops")
    with pytest.raises(RemoteError):
        fetch_thread(client, masto.url_of(posts[0]))


def test_refused_without_the_allow_list(server, tmp_path, masto, fern):
    from unspool.errors import FetchRefused

    posts = masto.chain(fern, 2)
    masto.publish()
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", media_dir=tmp_path / "m")
    with make_client(settings) as strict, pytest.raises(FetchRefused):
        fetch_thread(strict, masto.url_of(posts[0]))
    assert server.requests == []


def test_not_a_post_url(client):
    with pytest.raises(InputError):
        MastodonFetcher(client, activitypub_fallback=False).fetch_thread("https://social.example/@fern")


# --- ActivityPub fallback -------------------------------------------------------------------------


def test_server_without_the_mastodon_api_is_read_as_activitypub(server, client):
    origin = server.origin
    server.route("GET", "/users/fern", json=actor(origin, "fern", "Fern Example"))
    first = note(origin, "fern", 1, "First of two")
    second = note(origin, "fern", 2, "Second of two", in_reply_to=first["id"], minutes=1)
    first["replies"]["first"]["items"] = [second["id"]]
    for obj, path in ((first, "/users/fern/statuses/1"), (second, "/users/fern/statuses/2")):
        server.route("GET", path, json=obj)
    server.route("GET", "/@fern/2", json=second)  # content negotiation on the post's page
    fetcher = MastodonFetcher(client)
    thread = fetcher.fetch_thread(server.url("/@fern/2"))
    assert [p.id for p in thread.posts] == [first["id"], second["id"]]
    assert api_paths(server)[0] == "/api/v1/statuses/2"
    assert fetcher.canonical_id(server.url("/@fern/2")) == second["id"]


def test_thread_containing_helper():
    assert thread_containing([], "x") is None


def test_likely_uri_and_post_refs():
    from unspool.sources import parse_post_ref

    assert parse_post_url("https://social.example/@fern/42").likely_uri == "https://social.example/users/fern/statuses/42"
    assert parse_post_url("https://social.example/users/fern/statuses/42").likely_uri == "https://social.example/users/fern/statuses/42"
    assert parse_post_url("https://social.example/@moss@other.example/42").likely_uri is None
    assert parse_post_url("https://pleroma.example/notice/AbC1").likely_uri is None
    assert parse_post_ref("https://social.example/@fern/42/") == ("mastodon", "https://social.example/users/fern/statuses/42")
    assert parse_post_ref("https://x.com/fern/status/1750000000000000000") == ("x", "1750000000000000000")


def test_a_web_page_where_the_api_should_be_falls_back_to_activitypub(server, client):
    origin = server.origin
    server.route("GET", "/api/v1/statuses/3", body="<html>a blog</html>", headers={"Content-Type": "text/html"})
    server.route("GET", "/users/fern", json=actor(origin, "fern", "Fern Example"))
    only = note(origin, "fern", 3, "Just one")
    server.route("GET", "/@fern/3", json=only)
    thread = fetch_thread(client, server.url("/@fern/3"))
    assert [p.text for p in thread.posts] == ["Just one"]


def test_private_posts_are_never_unrolled(server, client, masto, fern):
    # Only with a token would a server show these; Unspool publishes public posts only.
    private = masto.post(fern, "Followers only", visibility="private")
    public = masto.chain(fern, 2)
    hidden_reply = masto.post(fern, "Direct", reply_to=public[-1], visibility="direct")
    masto.publish()
    with pytest.raises(Forbidden, match="not public"):
        fetch_thread(client, masto.url_of(private))
    thread = fetch_thread(client, masto.url_of(public[0]))
    assert hidden_reply["uri"] not in [p.id for p in thread.posts] and len(thread.posts) == 2
