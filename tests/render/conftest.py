"""Synthetic threads for the renderer tests (invented people and content only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from unspool.model import Author, Media, Post, Segment, Thread

ROBIN = Author(
    network="x",
    native_id="1001",
    handle="robin_makes",
    name="Robin Example",
    avatar_url="https://img.example.com/robin.jpg",
    profile_url="https://x.com/robin_makes",
)
SAM = Author(network="x", native_id="2002", handle="sam_bakes", name="Sam Sample", profile_url="https://x.com/sam_bakes")
START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def make_post(index: int, segments: list[Segment], author: Author = ROBIN, **extra) -> Post:
    post_id = extra.pop("id", f"17{index:03d}")
    return Post(
        network=author.network,
        id=post_id,
        url=extra.pop("url", f"https://x.com/{author.handle}/status/{post_id}"),
        author=author,
        created_at=START + timedelta(minutes=index),
        segments=segments,
        **extra,
    )


def make_thread(posts: list[Post], author: Author = ROBIN) -> Thread:
    return Thread(id="t3stthread", network=posts[0].network, author=author, posts=posts)


@pytest.fixture
def quoted_post() -> Post:
    return make_post(
        90,
        [Segment("text", "Rye starters like a warm spot on top of the fridge.")],
        author=SAM,
        lang="en",
    )


@pytest.fixture
def thread(quoted_post: Post) -> Thread:
    posts = [
        make_post(
            1,
            [
                Segment("text", "1/ Six things I learned growing tomatoes on a balcony "),
                Segment("hashtag", "#gardening", "https://x.com/hashtag/gardening"),
                Segment("text", " 🧵"),
            ],
            lang="en",
            media=[Media("image", "https://img.example.com/tomatoes.jpg", alt="Tomato plants in pots on a balcony")],
        ),
        make_post(
            2,
            [
                Segment("text", "2/ Water in the morning 🌱, not at night.\n\nMulch helps. Thanks "),
                Segment("mention", "@sam_bakes", "https://x.com/sam_bakes"),
                Segment("text", " for the tip! Guide: "),
                Segment("link", "garden.example.org/mulch…", "https://garden.example.org/mulch-guide"),
                Segment("text", "\nSecond line."),
            ],
            lang="en",
            links=["https://garden.example.org/mulch-guide"],
            quoted=quoted_post,
        ),
        make_post(
            3,
            [
                Segment("text", "3/ بذور الطماطم تحتاج إلى الدفء "),
                Segment("cashtag", "$SEED", "https://x.com/search?q=%24SEED"),
            ],
            lang="ar",
            media=[Media("image", "https://img.example.com/seeds.jpg")],
        ),
        make_post(4, [Segment("text", "4/4 Next week: bread! 🍞")], lang="en", content_warning="Food talk"),
    ]
    return make_thread(posts)
