"""Live unrolls read as ActivityPub JSON-LD from real loopback HTTP servers."""

from __future__ import annotations

import pytest
from fake_fediverse import AS_PUBLIC, actor, note
from loopback import LoopbackServer

from unspool.config import Settings
from unspool.errors import Forbidden, InputError, NotFoundRemote
from unspool.model import Segment
from unspool.sources.activitypub import ActivityPubFetcher, fetch_thread
from unspool.sources.http import make_client


@pytest.fixture
def home():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def other():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def client(home, other, monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", f"{home.netloc},{other.netloc}")
    with make_client(Settings.from_env()) as client:
        yield client


def serve(server, obj: dict, *paths: str) -> dict:
    path = obj["id"].split(server.netloc, 1)[1]
    for p in (path, *paths):
        server.route("GET", p, json=obj, headers={"Content-Type": "application/activity+json; charset=utf-8"})
    return obj


@pytest.fixture
def world(home, other):
    """Fern (on `home`) answers Moss (on `other`) with a five-post thread; Sam (also on `home`)
    and Moss reply in the middle; Fern also wrote a short aside off post 2."""
    h, o = home.origin, other.origin
    serve(home, actor(h, "fern", "Fern Example"))
    serve(home, actor(h, "sam", "Sam Sample"))
    serve(other, actor(o, "moss", "Moss Reader"))
    question = serve(other, note(o, "moss", 1, "How do you balance a kite?"))
    notes = []
    for n in range(1, 6):
        parent = notes[-1]["id"] if notes else question["id"]
        notes.append(note(h, "fern", n, f"Balancing, part {n}", in_reply_to=parent, minutes=n))
    notes[0]["tag"] = [{"type": "Mention", "href": f"{o}/users/moss", "name": f"@moss@{other.netloc}"}]
    aside = note(h, "fern", 50, "An aside", in_reply_to=notes[1]["id"], minutes=20)
    sam_reply = note(h, "sam", 60, "Nice!", in_reply_to=notes[2]["id"], minutes=30)
    moss_reply = note(o, "moss", 70, "Thanks, trying it", in_reply_to=notes[2]["id"], minutes=31)
    for parent, child in zip(notes, notes[1:]):
        parent["replies"]["first"]["items"] = [child["id"]]
    notes[1]["replies"]["first"]["items"].append(aside["id"])
    # Post 3's first page: Fern's own reply, Sam's (same server, a URL) and Moss's (embedded).
    notes[2]["replies"]["first"]["items"] += [sam_reply["id"], moss_reply]
    for obj in (*notes, aside, sam_reply):
        serve(home, obj)
    serve(other, moss_reply)
    serve(home, notes[2], "/@fern/3")  # the post's page, with content negotiation
    return {"notes": notes, "aside": aside, "question": question, "sam": sam_reply, "moss": moss_reply}


def test_note_chain_from_the_middle(home, other, client, world):
    notes = world["notes"]
    fetcher = ActivityPubFetcher(client)
    thread = fetcher.fetch_thread(home.url("/@fern/3"))
    assert [p.id for p in thread.posts] == [n["id"] for n in notes]
    assert [p.text for p in thread.posts] == [f"Balancing, part {n}" for n in range(1, 6)]
    root = thread.posts[0]
    assert root.reply_to_id == world["question"]["id"]
    assert root.reply_to_handle == f"moss@{other.netloc}"
    author = thread.author
    assert author.native_id == author.profile_url == f"{home.origin}/@fern"
    assert author.handle == f"fern@{home.netloc}" and author.name == "Fern Example"
    assert author.avatar_url == f"{home.origin}/system/accounts/avatars/fern.png"
    assert root.url == f"{home.origin}/@fern/1" and root.lang == "en"
    # Someone else's replies are not part of it; Mastodon's page of other accounts' replies is
    # never read; the actor is read once.
    paths = [r.path + ("?" + r.target.split("?", 1)[1] if "?" in r.target else "") for r in home.requests]
    assert not any("only_other_accounts" in p for p in paths)
    assert paths.count("/users/fern") == 1
    assert "/users/sam/statuses/60" in paths  # same server: fetched, then found to be Sam's
    assert not any("statuses/70" in r.path for r in other.requests)  # embedded, another server
    assert all("application/activity+json" in r.headers["accept"] for r in home.requests + other.requests)
    assert fetcher.requests == len(home.requests) + len(other.requests)


def test_branches_and_any_post(home, client, world):
    notes = world["notes"]
    for index in (0, 4):
        thread = fetch_thread(client, notes[index]["id"])
        assert [p.id for p in thread.posts] == [n["id"] for n in notes]
    aside = fetch_thread(client, world["aside"]["id"])
    assert [p.id for p in aside.posts] == [notes[0]["id"], notes[1]["id"], world["aside"]["id"]]


def test_deleted_parent_stops_the_walk_up(home, client, world):
    notes = world["notes"]
    home.reset()
    for obj in notes[2:]:
        serve(home, obj)
    serve(home, actor(home.origin, "fern", "Fern Example"))
    home.route("GET", "/users/fern/statuses/2", status=410, json={"error": "Gone"})
    thread = fetch_thread(client, notes[3]["id"])
    assert [p.id for p in thread.posts] == [n["id"] for n in notes[2:]]
    assert thread.posts[0].reply_to_id == notes[1]["id"]
    assert thread.posts[0].reply_to_handle is None


def test_request_budget(home, client, world):
    fetcher = ActivityPubFetcher(client, max_requests=4)
    thread = fetcher.fetch_thread(world["notes"][2]["id"])
    assert fetcher.requests == 4
    assert world["notes"][2]["id"] in [p.id for p in thread.posts]


def test_content_tags_attachments_and_cw(home, client):
    h = home.origin
    serve(home, actor(h, "fern", "Fern Example"))
    first = note(
        h,
        "fern",
        1,
        f'<p>Hi <span class="h-card"><a href="{h}/@sam" class="u-url mention">@<span>sam</span></a></span> :kite: '
        f'<a href="{h}/tags/kites" class="mention hashtag" rel="tag">#<span>kites</span></a> '
        '<a href="https://kites.example/a/long/path"><span class="invisible">https://</span><span class="ellipsis">kites.example/a/lo</span>'
        '<span class="invisible">ng/path</span></a></p>',
        summary="Kite talk",
        contentMap={"fr": "<p>ignored</p>"},
        attachment=[
            {"type": "Document", "mediaType": "image/png", "url": f"{h}/m/kite.png", "name": "A kite", "width": 800, "height": 600},
            {"type": "Document", "mediaType": "video/mp4", "url": f"{h}/m/flight.mp4", "name": None},
        ],
        tag=[
            {"type": "Mention", "href": f"{h}/users/sam", "name": "@sam"},
            {"type": "Hashtag", "href": f"{h}/tags/kites", "name": "#kites"},
            {"id": f"{h}/emojis/1", "type": "Emoji", "name": ":kite:", "icon": {"type": "Image", "mediaType": "image/png", "url": f"{h}/emoji/kite.png"}},
        ],
    )
    first["contentMap"] = {"fr": first["content"]}
    poll = note(h, "fern", 2, "Which tail?", in_reply_to=first["id"], minutes=1)
    poll.update(type="Question", oneOf=[
        {"type": "Note", "name": "Ribbon", "replies": {"type": "Collection", "totalItems": 3}},
        {"type": "Note", "name": "Drogue", "replies": {"type": "Collection", "totalItems": 1}},
    ])
    first["replies"]["first"]["items"] = [poll]  # embedded, same server: no request
    serve(home, first)
    thread = fetch_thread(client, first["id"])
    post, question = thread.posts
    assert post.segments == [
        Segment("text", "Hi "),
        Segment("mention", "@sam", f"{h}/@sam"),
        Segment("text", " "),
        Segment("emoji", ":kite:", f"{h}/emoji/kite.png"),
        Segment("text", " "),
        Segment("hashtag", "#kites", f"{h}/tags/kites"),
        Segment("text", " "),
        Segment("link", "https://kites.example/a/long/path", "https://kites.example/a/long/path"),
    ]
    assert post.content_warning == "Kite talk" and post.lang == "fr"
    assert [(m.type, m.url, m.alt, m.width) for m in post.media] == [("image", f"{h}/m/kite.png", "A kite", 800), ("video", f"{h}/m/flight.mp4", "", None)]
    assert question.text == "Which tail?\n\nPoll: Ribbon — 3 votes · Drogue — 1 vote"
    assert [r.path for r in home.requests] == ["/users/fern/statuses/1", "/users/fern"]


def test_replies_collection_by_url_with_pages(home, client):
    h = home.origin
    serve(home, actor(h, "fern", "Fern Example"))
    first = note(h, "fern", 1, "One", replies=f"{h}/users/fern/statuses/1/replies")
    second = note(h, "fern", 2, "Two", in_reply_to=first["id"], minutes=1, replies=None)
    third = note(h, "fern", 3, "Three", in_reply_to=second["id"], minutes=2, replies=None)
    home.route("GET", "/users/fern/statuses/1/replies", json={"id": f"{h}/users/fern/statuses/1/replies", "type": "OrderedCollection", "first": f"{h}/users/fern/statuses/1/replies?page=1"})
    home.route("GET", "/users/fern/statuses/1/replies?page=1", json={"type": "OrderedCollectionPage", "orderedItems": [], "next": f"{h}/users/fern/statuses/1/replies?page=2"})
    home.route("GET", "/users/fern/statuses/1/replies?page=2", json={"type": "OrderedCollectionPage", "orderedItems": [second["id"]]})
    for obj in (first, second, third):
        serve(home, obj)
    thread = fetch_thread(client, first["id"])
    assert [p.text for p in thread.posts] == ["One", "Two"]  # Three is in no collection


def test_an_object_from_another_host_is_fetched_again_from_its_own(home, other, client):
    o = other.origin
    serve(other, actor(o, "moss", "Moss Reader"))
    genuine = note(o, "moss", 1, "The real text")
    serve(other, genuine)
    forged = dict(genuine, content="<p>Forged text</p>", contentMap={"en": "<p>Forged text</p>"})
    home.route("GET", "/forged", json=forged)
    thread = fetch_thread(client, home.url("/forged"))
    assert [p.text for p in thread.posts] == ["The real text"]


def test_create_activity_is_unwrapped(home, client):
    h = home.origin
    serve(home, actor(h, "fern", "Fern Example"))
    obj = note(h, "fern", 1, "Wrapped")
    home.route("GET", "/activity/1", json={"id": f"{h}/users/fern/statuses/1/activity", "type": "Create", "actor": f"{h}/users/fern", "object": obj})
    assert fetch_thread(client, home.url("/activity/1")).posts[0].text == "Wrapped"


def test_errors(home, client):
    h = home.origin
    serve(home, actor(h, "fern", "Fern Example"))
    with pytest.raises(NotFoundRemote):
        fetch_thread(client, home.url("/nothing"))
    home.route("GET", "/person", json=actor(h, "sam", "Sam"))
    with pytest.raises(InputError, match="not a post"):
        fetch_thread(client, home.url("/person"))
    private = note(h, "fern", 9, "Followers only", to=[f"{h}/users/fern/followers"], cc=[])
    serve(home, private)
    with pytest.raises(Forbidden):
        fetch_thread(client, private["id"])


def test_unlisted_counts_as_public(home, client):
    h = home.origin
    serve(home, actor(h, "fern", "Fern Example"))
    unlisted = note(h, "fern", 1, "Unlisted", to=[f"{h}/users/fern/followers"], cc=[AS_PUBLIC])
    serve(home, unlisted)
    assert fetch_thread(client, unlisted["id"]).posts[0].text == "Unlisted"
