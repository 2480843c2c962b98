"""Live X unrolls against a loopback server answering like the X API v2."""

from datetime import datetime, timedelta, timezone

import pytest
from loopback import LoopbackServer, Reply

from unspool.config import Settings
from unspool.errors import NotFoundRemote, RateLimited, UnspoolError
from unspool.sources.http import make_client
from unspool.sources.x_api import XApiFetcher

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
AUTHOR = {"id": "900001", "username": "fern_writes", "name": "Fern Example", "profile_image_url": "https://pbs.twimg.com/profile_images/1/fern.jpg"}
OTHER = {"id": "900002", "username": "moss_reads", "name": "Moss Reader"}


def snowflake(at: datetime, n: int = 0) -> str:
    return str(((int(at.timestamp() * 1000) - 1288834974657) << 22) | n)


def tweet(tid, text, *, conversation, reply_to=None, reply_user=None, author=AUTHOR, at=None, **extra):
    data = {
        "id": tid,
        "text": text,
        "author_id": author["id"],
        "conversation_id": conversation,
        "created_at": (at or NOW - timedelta(hours=2)).isoformat().replace("+00:00", ".000Z"),
        "edit_history_tweet_ids": [tid],
        "lang": "en",
    }
    if reply_to:
        data["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
        data["in_reply_to_user_id"] = reply_user or author["id"]
    data.update(extra)
    return data


def make_thread(n: int, start: datetime):
    ids = [snowflake(start + timedelta(minutes=i), i) for i in range(n)]
    tweets = [tweet(ids[0], "1/ How I repaired a kite spar #kites", conversation=ids[0])]
    for i in range(1, n):
        tweets.append(tweet(ids[i], f"{i + 1}/ step {i + 1} of the repair", conversation=ids[0], reply_to=ids[i - 1]))
    return ids, tweets


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def fetcher(server, tmp_path):
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", media_dir=tmp_path / "m", allow_hosts=frozenset({server.netloc}))
    return XApiFetcher(make_client(settings), bearer_token="test-token", api_base=server.url("/2"), now=lambda: NOW)


def route_lookup(server, data, includes=None):
    server.route("GET", f"/2/tweets/{data['id']}", json={"data": data, "includes": includes or {"users": [AUTHOR]}})


def route_search(server, pages):
    def handler(request):
        token = request.query.get("next_token", [None])[0]
        index = int(token) if token else 0
        body = {"data": pages[index], "includes": {"users": [AUTHOR]}, "meta": {"result_count": len(pages[index])}}
        if index + 1 < len(pages):
            body["meta"]["next_token"] = str(index + 1)
        return Reply(json=body)

    server.route("GET", "/2/tweets/search/recent", handler=handler)


def test_thread_from_a_middle_post_with_one_search_page_per_100_posts(server, fetcher):
    ids, tweets = make_thread(150, NOW - timedelta(days=1))
    route_lookup(server, tweets[70])
    route_search(server, [list(reversed(tweets))[:100], list(reversed(tweets))[100:]])
    posts = fetcher.fetch_posts(ids[70])
    assert sorted(p.id for p in posts) == sorted(ids)
    searches = [r for r in server.requests if r.path == "/2/tweets/search/recent"]
    assert len(searches) == 2 and len(server.requests) == 3
    assert searches[0].query["query"] == [f"conversation_id:{ids[0]} from:fern_writes"]
    assert all(r.headers["authorization"] == "Bearer test-token" for r in server.requests)
    second = next(p for p in posts if p.id == ids[1])
    assert second.reply_to_id == ids[0] and second.author.handle == "fern_writes"


def test_entities_media_quotes_and_reply_prefix(server, fetcher):
    root = snowflake(NOW - timedelta(hours=3))
    quoted_id = snowflake(NOW - timedelta(hours=5), 1)
    text = "@moss_reads Glue &amp; string 🪁 שלום #kites see https://t.co/abc $KITE https://t.co/pic"
    plain = "@moss_reads Glue & string 🪁 שלום #kites see https://t.co/abc $KITE https://t.co/pic"
    data = tweet(
        root, text, conversation=snowflake(NOW - timedelta(hours=4), 2), reply_to="77", reply_user=OTHER["id"],
        entities={
            "mentions": [{"start": 0, "end": 11, "username": "moss_reads", "id": OTHER["id"]}],
            "hashtags": [{"start": plain.index("#kites"), "end": plain.index("#kites") + 6, "tag": "kites"}],
            "cashtags": [{"start": plain.index("$KITE"), "end": plain.index("$KITE") + 5, "tag": "KITE"}],
            "urls": [
                {"start": plain.index("https://t.co/abc"), "end": plain.index("https://t.co/abc") + 16, "url": "https://t.co/abc",
                 "expanded_url": "https://example.org/kite-glue", "display_url": "example.org/kite-glue"},
                {"start": plain.index("https://t.co/pic"), "end": plain.index("https://t.co/pic") + 16, "url": "https://t.co/pic",
                 "expanded_url": "https://x.com/fern_writes/status/1/photo/1", "display_url": "pic.x.com/pic", "media_key": "3_1"},
            ],
        },
        attachments={"media_keys": ["3_1"]},
    )
    data["referenced_tweets"].append({"type": "quoted", "id": quoted_id})
    includes = {
        "users": [AUTHOR, OTHER],
        "media": [{"media_key": "3_1", "type": "photo", "url": "https://pbs.twimg.com/media/kite.jpg", "alt_text": "A red kite", "width": 800, "height": 600}],
        "tweets": [tweet(quoted_id, "An older note about glue", conversation=quoted_id, author=OTHER)],
    }
    route_lookup(server, data, includes)
    route_search(server, [[]])
    [post] = fetcher.fetch_posts(root)
    assert post.text == "Glue & string 🪁 שלום #kites see https://example.org/kite-glue $KITE"
    kinds = [(s.kind, s.text) for s in post.segments if s.kind != "text"]
    assert kinds == [("hashtag", "#kites"), ("link", "https://example.org/kite-glue"), ("cashtag", "$KITE")]
    assert post.media[0].alt == "A red kite" and post.media[0].url.endswith("kite.jpg")
    assert post.reply_to_handle == "moss_reads"
    assert post.quoted and post.quoted.author.handle == "moss_reads" and post.quoted.text == "An older note about glue"


def test_long_posts_use_note_tweet_text(server, fetcher):
    root = snowflake(NOW - timedelta(hours=1))
    long_text = "A long note " * 40
    route_lookup(server, tweet(root, "A long note A long…", conversation=root, note_tweet={"text": long_text.strip(), "entities": {}}))
    route_search(server, [[]])
    [post] = fetcher.fetch_posts(root)
    assert post.text == long_text.strip()


def test_older_than_the_search_window_suggests_the_archive(server, fetcher):
    old = snowflake(NOW - timedelta(days=30))
    route_lookup(server, tweet(old, "old", conversation=old, at=NOW - timedelta(days=30)))
    with pytest.raises(UnspoolError, match="7-day search window.*unspool import"):
        fetcher.fetch_posts(old)
    assert all(r.path != "/2/tweets/search/recent" for r in server.requests)


def test_deleted_or_protected_post(server, fetcher):
    server.route("GET", "/2/tweets/123", json={"errors": [{"resource_id": "123", "title": "Not Found Error", "detail": "Could not find tweet with id: [123].", "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
    with pytest.raises(NotFoundRemote, match="deleted or from a protected account"):
        fetcher.fetch_posts("123")


def test_rate_limited(server, fetcher):
    server.route("GET", "/2/tweets/55", status=429, headers={"Retry-After": "900"})
    with pytest.raises(RateLimited) as error:
        fetcher.fetch_posts("55")
    assert error.value.retry_after == 900


def test_no_token_is_a_clear_error(tmp_path):
    settings = Settings(data_dir=tmp_path, database_url="sqlite://", media_dir=tmp_path)
    with pytest.raises(UnspoolError, match="UNSPOOL_X_BEARER_TOKEN"):
        XApiFetcher(make_client(settings), bearer_token=None)
