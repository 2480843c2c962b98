"""Synthetic threads for the renderer tests (invented people and content only)."""

from __future__ import annotations

import re
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
SAM = Author(
    network="x", native_id="2002", handle="sam_bakes", name="Sam Sample", profile_url="https://x.com/sam_bakes"
)
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


HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '<img src=x onerror=alert(1)> "quoted" \'single\'',
    "<b><i>broken",
    "zero\u200bwidth\u200d and \u202eevil override\u202c and \u2066isolate\u2069",
    "[click](javascript:alert(1)) ![x](javascript:alert(2)) <javascript:alert(3)>",
    "# not a heading\n> not a quote\n- not a list\n1. not a list\n    not code\n---",
    "&lt;script&gt; &amp; `code` *bold* _em_ ~~strike~~ | table |",
]


@pytest.fixture
def hostile_thread() -> Thread:
    evil_author = Author(
        network="x",
        native_id="666",
        handle='evil"><script>alert(1)</script>',
        name="<script>alert('name')</script>\u202e",
        avatar_url="javascript:alert(1)",
        profile_url="javascript:alert(1)",
    )
    quoted = make_post(
        50,
        [Segment("text", "<iframe src=javascript:alert(1)></iframe>")],
        author=evil_author,
        url="javascript:alert('quoted')",
    )
    posts = [
        make_post(
            1,
            [Segment("text", text) for text in HOSTILE_TEXT]
            + [
                Segment("link", "totally safe", "javascript:alert(1)"),
                Segment("link", "data link", "data:text/html,<script>alert(1)</script>"),
                Segment("link", "vb", "vbscript:msgbox(1)"),
                Segment("link", "protocol relative", "//evil.example.com/x"),
                Segment("link", "tabbed", "java\tscript:alert(1)"),
                Segment("hashtag", "#<script>", "https://x.com/hashtag/%3Cscript%3E\" onmouseover=\"alert(1)"),
                Segment("mention", "@x", 'javascript:alert("m")'),
            ],
            author=evil_author,
            lang='en" onload="alert(1)',
            media=[
                Media("image", "javascript:alert(1)", alt='" onerror="alert(1)'),
                Media("video", "data:text/html,<script>alert(1)</script>", alt="<script>v</script>"),
                Media("image", "https://img.example.com/ok.jpg", alt="</figure><script>alert(1)</script>"),
            ],
            quoted=quoted,
            content_warning="<script>alert('cw')</script>",
            reply_to_handle="<script>alert('reply')</script>",
            url="javascript:alert('post')",
        ),
        make_post(2, [Segment("text", "bread " * 20_000)], author=evil_author, id='2" onclick="alert(1)'),
    ]
    return Thread(id='t"<script>', network="<script>net", author=evil_author, posts=posts)


_SIMPLE_SELECTOR = re.compile(r'^([a-z0-9]*)(?:\.([\w-]+))?(?:\[(\w+)="([^"]*)"\])?$')


def select(doc, selector: str) -> list:
    """A tiny CSS subset ("tag.class", '[attr="v"]', descendants) as XPath; cssselect is not installed."""
    xpath = "."
    for part in selector.split():
        tag, cls, attr, value = _SIMPLE_SELECTOR.match(part).groups()
        xpath += f"//{tag or '*'}"
        if cls:
            xpath += f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
        if attr:
            xpath += f'[@{attr}="{value}"]'
    return doc.xpath(xpath)
