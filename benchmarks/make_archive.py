#!/usr/bin/env python3
"""Write a large, realistic synthetic X archive for the import benchmark.

    python benchmarks/make_archive.py --tweets 200000 --parts 4 --seed 1 OUT

OUT is the archive folder (``OUT/data/...``; with ``--zip``, a .zip file). The mix:

* text of 20-280 characters with hashtags, mentions, example.org/com links, emoji,
  a little Hebrew/Arabic, and ``&``, ``<``, ``>`` that the exporter escapes;
* about half of the tweets in self-reply threads, as a thread writer's archive has them:
  most of 2-3 posts, some of 4-9, about 1 in 150 of 50-120 (some branched, some starting
  as a reply to another account; the ``@self`` prefix only before 2018);
* about 22% replies to other accounts, 8% retweets, the rest single tweets;
* about 10% of tweets with media (photos, some with alt text, videos, GIFs); only
  ``--media-files`` of them ship a file (a tiny PNG), as when the media folder was
  mostly dropped;
* tweets shuffled across the part files (``--seed`` fixes everything).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:
    from unspool.synthetic import ArchiveBuilder, make_png
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from unspool.synthetic import ArchiveBuilder, make_png

WORDS = (
    "the a and of to in is it that for on with as was at by this from but not are or have "
    "bread dough flour starter oven loaf crumb crust water salt yeast rise proof bake "
    "bike wheel spoke rim hub tire tube chain gear brake saddle ride road trail hill "
    "plant leaf root cutting soil pot light window water grow sprout stem node "
    "sketch pen ink paper line shade street corner cafe bridge tree sky cloud colour "
    "kite string wind tail frame spar sail fly beach dune tide pool crab shell rock "
    "star planet moon telescope night orbit comet cluster galaxy dark field "
    "shelf wood board screw glue clamp saw sand oil finish level square joint "
    "today tomorrow yesterday finally again maybe really quite very small big new old "
    "first second next last best worst good great fine slow quick careful simple "
    "think made tried learned found noticed wonder love like need want use build fix"
).split()
HASHTAGS = (
    "sourdough", "bikerepair", "urbansketching", "houseplants", "hiking", "tidepools", "ukulele",
    "kites", "composting", "woodworking", "stargazing", "DIY", "makers", "Inktober", "gardening",
)
EMOJI = ("😀", "🙂", "🔥", "🌱", "🚲", "🍞", "✨", "🪁", "🌊", "⭐", "👍🏽", "🇳🇿", "❤️", "🧵")
RTL = ("שלום", "תודה רבה", "مرحبا", "شكرا")
ESCAPED = ("&", "<3", "A & B", "x < y", "->", "R&D", "<tag>", "3 > 2")
URLS = (
    "https://example.org/",
    "https://example.org/blog/2024/05/notes",
    "https://www.example.com/guides/how-to-true-a-bicycle-wheel-at-home?utm_source=x",
    "http://example.com/a",
    "https://example.org/recipes/sourdough-country-loaf#method",
    "https://sub.example.com/path/to/a/rather/long/resource/name.html",
)


def people(rng: random.Random, n: int = 300) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{i}"[:15]
        out.append((str(rng.randrange(10**8, 10**18)), name))
    return out


class TextMaker:
    def __init__(self, rng: random.Random, users: list[tuple[str, str]]) -> None:
        self.rng = rng
        self.users = users

    def __call__(self) -> str:
        rng = self.rng
        rand = rng.random
        target = int(rng.triangular(20, 280, 90))
        words = rng.choices(WORDS, k=max(2, target // 6))
        n = len(words)
        if rand() < 0.30:
            words[rng.randrange(n)] = "#" + rng.choice(HASHTAGS)
        if rand() < 0.25:
            words.insert(rng.randrange(n), "@" + rng.choice(self.users)[1])
        if rand() < 0.20:
            words.insert(rng.randrange(n + 1), rng.choice(URLS))
        if rand() < 0.25:
            words.insert(rng.randrange(n + 1), rng.choice(EMOJI))
        if rand() < 0.10:
            words.insert(rng.randrange(n), rng.choice(ESCAPED))
        if rand() < 0.03:
            words.insert(rng.randrange(n), rng.choice(RTL))
        if rand() < 0.15:
            words[rng.randrange(n)] += "\n"
        text = " ".join(words).replace("\n ", "\n")
        if len(text) > 280:
            text = text[:280].rsplit(" ", 1)[0]
        return text.strip() or "ok"


def thread_length(rng: random.Random) -> int:
    """Most threads are short; a few run long (the per-thread work is what a thread writer adds)."""
    r = rng.random()
    if r < 0.60:
        return 2
    if r < 0.85:
        return 3
    if r < 0.993:
        return rng.randint(4, 9)
    return rng.randint(50, 120)


def build(tweets: int, seed: int, media_files: int, progress: bool = True) -> ArchiveBuilder:
    rng = random.Random(seed)
    users = people(rng)
    text = TextMaker(rng, users)
    b = ArchiveBuilder(
        account_id="1500000002",
        handle="bench_author",
        name="Bench Author",
        avatar_url="https://pbs.twimg.com/profile_images/1500000002/AbCdEfGh_400x400.jpg",
        bio="A synthetic account for benchmarks.",
    )
    start = datetime(2012, 1, 1, tzinfo=timezone.utc)
    span_s = int((datetime(2025, 6, 1, tzinfo=timezone.utc) - start).total_seconds())
    tiny = make_png(16, 12, seed=seed)
    shipped = 0
    stats = Counter()
    t0 = time.perf_counter()
    step = max(1, tweets // 10)
    next_report = step

    def media() -> list:
        nonlocal shipped
        if rng.random() >= 0.10:
            return []
        stats["with media"] += 1
        r = rng.random()
        if r < 0.80:
            items = []
            for _ in range(rng.choice((1, 1, 1, 2, 3, 4))):
                data = None
                if shipped < media_files:
                    data, shipped = tiny, shipped + 1
                alt = " ".join(rng.choice(WORDS) for _ in range(6)) if rng.random() < 0.3 else ""
                items.append(("photo", alt, data))
            return items
        return [("video" if r < 0.92 else "animated_gif", "", None)]

    def when() -> datetime:
        return start + timedelta(seconds=rng.randrange(span_s), milliseconds=rng.randrange(1000))

    # Event odds chosen so that tweet shares come out near 50% thread posts (mean
    # thread about 3.6 posts with branches), 22% replies, 8% retweets, 20% singles;
    # the measured shares are printed at the end.
    p_thread, p_reply, p_retweet = 0.22, 0.343, 0.125
    while len(b) < tweets:
        left = tweets - len(b)
        r = rng.random()
        at = when()
        if r < p_thread and left >= 2:
            n = min(left, thread_length(rng))
            mention_self = at.year < 2018 or rng.random() < 0.1
            reply_to_user = rng.choice(users) if rng.random() < 0.1 else None
            ids: list[str] = []
            for i in range(n):
                at = at + timedelta(seconds=rng.randrange(20, 900))
                numbered = f"{i + 1}/ " if rng.random() < 0.3 else ""
                ids.append(
                    b.tweet(
                        numbered + text(),
                        at=at,
                        reply_to=ids[-1] if ids else None,
                        reply_to_user=reply_to_user if not ids else None,
                        media=media(),
                        mention_self=mention_self,
                    )
                )
            stats["thread posts"] += n
            stats["threads"] += 1
            if n >= 3 and rng.random() < 0.15 and len(b) < tweets:
                # A branch: a second chain of self-replies to an earlier post.
                parent = ids[rng.randrange(n - 1)]
                k = min(tweets - len(b), rng.randint(1, 3))
                for _ in range(k):
                    at = at + timedelta(seconds=rng.randrange(20, 900))
                    parent = b.tweet(text(), at=at, reply_to=parent, mention_self=mention_self)
                stats["thread posts"] += k
                stats["branches"] += 1
        elif r < p_thread + p_reply:
            b.tweet(text(), at=at, reply_to_user=rng.choice(users), media=media())
            stats["replies to others"] += 1
        elif r < p_thread + p_reply + p_retweet:
            b.tweet(text()[:120], at=at, retweet_of=rng.choice(users))
            stats["retweets"] += 1
        else:
            b.tweet(text(), at=at, media=media())
            stats["single tweets"] += 1
        if progress and len(b) >= next_report:
            print(f"  built {len(b):,}/{tweets:,} tweets ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
            next_report += step
    if progress:
        shares = ", ".join(
            f"{k} {v:,}" + (f" ({v / len(b):.0%})" if k not in ("threads", "branches") else "")
            for k, v in stats.items()
        )
        print(f"  mix: {shares}", file=sys.stderr)
    return b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="archive folder to create (a .zip file with --zip)")
    parser.add_argument("--tweets", type=int, default=200_000)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--media-files", type=int, default=50, help="how many photos ship a (tiny) file")
    parser.add_argument("--zip", action="store_true", help="write a .zip instead of a folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    gc.disable()  # hundreds of thousands of small dicts, no cycles: the collector only costs time
    t0 = time.perf_counter()
    b = build(args.tweets, args.seed, args.media_files, progress=not args.quiet)
    t1 = time.perf_counter()
    if not args.quiet:
        print(f"built {len(b):,} tweets in {t1 - t0:.1f} s; writing {args.out} ...", file=sys.stderr)
    b.write(args.out, parts=args.parts, zip=args.zip, shuffle_seed=args.seed)
    t2 = time.perf_counter()
    if not args.quiet:
        print(f"wrote in {t2 - t1:.1f} s (total {t2 - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
