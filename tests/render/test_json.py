import json

from unspool.render import render_json


def test_exact_shape_and_order(thread):
    data = json.loads(render_json(thread))
    assert list(data) == ["id", "network", "title", "url", "created_at", "author", "posts"]
    assert list(data["author"]) == ["handle", "name", "url", "avatar_url"]
    assert data["author"] == {
        "handle": "robin_makes",
        "name": "Robin Example",
        "url": "https://x.com/robin_makes",
        "avatar_url": "https://img.example.com/robin.jpg",
    }
    assert data["created_at"] == "2024-05-01T09:31:00+00:00"
    for post in data["posts"]:
        assert list(post) == ["id", "url", "created_at", "text", "lang", "media", "links", "quoted"]
        for media in post["media"]:
            assert list(media) == ["type", "url", "alt"]


def test_posts_keep_full_text(thread):
    data = json.loads(render_json(thread))
    first, second = data["posts"][0], data["posts"][1]
    assert first["text"] == "1/ Six things I learned growing tomatoes on a balcony #gardening 🧵"
    assert first["media"] == [
        {"type": "image", "url": "https://img.example.com/tomatoes.jpg", "alt": "Tomato plants in pots on a balcony"}
    ]
    assert first["quoted"] is None
    assert second["links"] == ["https://garden.example.org/mulch-guide"]
    assert second["quoted"] == {
        "id": "17090",
        "url": "https://x.com/sam_bakes/status/17090",
        "text": "Rye starters like a warm spot on top of the fridge.",
        "author_handle": "sam_bakes",
    }
    assert data["posts"][2]["lang"] == "ar"
    assert all(post["created_at"].endswith("+00:00") for post in data["posts"])


def test_naive_datetimes_get_utc(thread):
    for post in thread.posts:
        post.created_at = post.created_at.replace(tzinfo=None)
    assert json.loads(render_json(thread))["created_at"] == "2024-05-01T09:31:00+00:00"
