#!/usr/bin/env python3
"""Write demo/archive/: the X archive of an invented maker, "Wren Halloway" (@wren_makes).

    python demo/make_demo.py [OUT]        # OUT defaults to demo/archive

Deterministic: running it again gives the same bytes. Everything in it is invented;
links point only at example.org / example.com.
"""

from __future__ import annotations

import math
import re
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:
    from unspool.synthetic import ArchiveBuilder, make_png
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from unspool.synthetic import ArchiveBuilder, make_png

HERE = Path(__file__).resolve().parent

PIP = ("1600000011", "pip_sketches")  # a friend who sketches
BREEZY = ("1600000042", "breezy_kites")  # a kite club
TIDE = ("1600000077", "tidewatcher_jo")  # a rock-pool enthusiast
GARDEN = ("1600000105", "allotment_al")  # a gardener


def utc(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=timezone.utc)


def paint_loaf(x: int, y: int) -> tuple[int, int, int]:
    """A scored round loaf on a wooden board (320x200)."""
    dx, dy = (x - 160) / 105, (y - 105) / 62
    inside = dx * dx + dy * dy
    if inside <= 1:
        if abs(y - (105 - 28 * math.sin((x - 70) / 180 * math.pi))) < 3 and 80 < x < 240:
            return (236, 206, 150)  # the score, paler crumb showing through
        shade = int(40 * inside)
        return (196 - shade, 128 - shade, 58 - shade // 2)
    if y > 140:
        return (150, 104, 62) if (y // 9) % 2 else (138, 95, 55)  # board
    return (244, 238, 226)


def paint_feeder(x: int, y: int) -> tuple[int, int, int]:
    """A little feeder with a pitched roof hanging from a branch (320x200)."""
    if abs(y - (30 + x * 0.12)) < 6:
        return (92, 64, 40)  # branch
    if 158 <= x <= 162 and 48 < y < 80:
        return (60, 60, 60)  # string
    if 80 <= y <= 110 and abs(x - 160) <= (y - 80) * 2.2:
        return (120, 72, 44)  # roof
    if 110 < y <= 165 and 115 <= x <= 205:
        if 130 < y < 150 and 140 <= x <= 180:
            return (40, 30, 20)  # opening
        return (196, 138, 88)  # cedar body
    if 165 < y <= 172 and 105 <= x <= 215:
        return (170, 116, 72)  # tray
    return (200, 226, 244)


_TENTACLES = [
    (160 + dist * math.cos(2 * math.pi * (i + off) / n), 100 + dist * math.sin(2 * math.pi * (i + off) / n), rad, colour)
    for n, dist, rad, off, colour in ((12, 40, 12, 0.0, (200, 40, 60)), (20, 62, 8, 0.5, (232, 96, 110)))
    for i in range(n)
]


def paint_anemone(x: int, y: int) -> tuple[int, int, int]:
    """A red anemone: a disc ringed by rounded tentacle tips, in a rock pool (320x200)."""
    if (x - 160) ** 2 + (y - 100) ** 2 < 26 * 26:
        return (150, 20, 36)
    for cx, cy, rad, colour in _TENTACLES:
        if (x - cx) ** 2 + (y - cy) ** 2 < rad * rad:
            return colour
    if ((x - 40) / 30) ** 2 + ((y - 160) / 18) ** 2 < 1 or ((x - 270) / 36) ** 2 + ((y - 40) / 20) ** 2 < 1:
        return (128, 124, 112)  # pebbles
    return (64, 112 + y // 10, 124)


def check_length(text: str) -> None:
    """Stay within X's 280 characters (a link counts 23)."""
    assert len(re.sub(r"https?://\S+", "x" * 23, text)) <= 280, text


def build() -> ArchiveBuilder:
    b = ArchiveBuilder(
        account_id="1500000001",
        handle="wren_makes",
        name="Wren Halloway",
        avatar_url="https://pbs.twimg.com/profile_images/1500000001/wren_400x400.jpg",
        bio="Home workshop projects, one slow weekend at a time: bread, bikes, kites, shelves "
        "and whatever the garden needs. Notes and plans at example.org.",
    )

    def thread(texts: list[str], **kw) -> list[str]:
        for t in texts:
            check_length(t)
        return b.thread(texts, **kw)

    def tweet(text: str, **kw) -> str:
        check_length(text)
        return b.tweet(text, **kw)

    # 1. Sourdough, numbered, with a photo that has alt text.
    loaf = thread(
        [
            "1/ Six weeks of #sourdough experiments, written up so I stop repeating my mistakes. "
            "The short version: a lively starter matters more than any fancy flour.",
            "2/ Starter: equal weights of flour & water, fed every morning. When it doubles in "
            "4-6 hours it is ready. Mine lives on top of the fridge where it is a little warmer.",
            "3/ Hydration < 70% was my friend while learning. Wetter doughs taste great but "
            "spread flat if your shaping is still shaky (mine was).",
        ],
        start=utc(2024, 1, 14, 10, 5),
        gap=timedelta(minutes=3),
    )
    loaf.append(
        tweet(
            "4/ This week's loaf: open crumb, crackly crust, and only slightly lopsided.",
            at=utc(2024, 1, 14, 10, 14),
            reply_to=loaf[-1],
            media=[
                (
                    "photo",
                    "A round sourdough loaf on a wooden board, scored with a single curved "
                    "line, golden brown with a blistered crust.",
                    make_png(320, 200, painter=paint_loaf),
                )
            ],
        )
    )
    thread(
        [
            "5/ Bake in a lidded pot: 250 °C for 20 minutes with the lid on, then 20 more "
            "without. The steam from the lid is what gives the big rise.",
            "6/ All my notes, timings and the feeding schedule are here: "
            "https://example.org/notes/sourdough-starter-schedule Happy baking!",
        ],
        start=utc(2024, 1, 14, 10, 20),
        gap=timedelta(minutes=3),
        reply_to=loaf[-1],
    )

    # 2. Bird feeder, trailing thread emoji, a link with a long path, a photo.
    feeder = thread(
        [
            "Built a bird feeder from one cedar fence board this weekend. Here is how it went 🧵",
            "The plans I followed (with a few changes): "
            "https://www.example.com/plans/woodworking/simple-cedar-bird-feeder?ref=wren "
            "#woodworking",
            "Changes: a deeper tray so seed doesn't spill, and a roof overhang of 4 cm on "
            "every side so the rain stays out.",
        ],
        start=utc(2024, 3, 2, 15, 30),
        gap=timedelta(minutes=4),
    )
    feeder.append(
        tweet(
            "Finished and hung on the plum tree. The blue tits found it within an hour!",
            at=utc(2024, 3, 2, 15, 45),
            reply_to=feeder[-1],
            media=[("photo", "A small cedar bird feeder with a pitched roof hanging from a plum tree branch.",
                    make_png(320, 200, painter=paint_feeder))],
        )
    )
    tweet(
        "Total cost: one board, a handful of screws & some linseed oil. Total time: an "
        "afternoon, plus an evening of sanding.",
        at=utc(2024, 3, 2, 15, 50),
        reply_to=feeder[-1],
    )

    # 3. Urban sketching with a friend, emoji.
    thread(
        [
            "Went out #urbansketching with @pip_sketches this morning. We sat by the old "
            "bridge for two hours and I filled four pages 🖊️",
            "Lesson of the day from Pip: draw the big shapes first, the shadows second, and "
            "the details only if you still have time. You never still have time.",
            "I tried a water brush for the first time. Messy, but the washes over the river "
            "came out better than anything I have done with a dry pen.",
            "Next month: the market square, if the weather holds ☀️",
        ],
        start=utc(2024, 4, 20, 11, 0),
        gap=timedelta(minutes=6),
    )

    # 4. Bicycle wheel, numbered n/7, no @self prefix (thread composer style).
    thread(
        [
            "1/7 My back wheel had a wobble you could see from across the street, so I "
            "learned to true it myself. #bikerepair",
            "2/7 Tools: a spoke key, zip ties as a makeshift truing gauge, and patience. "
            "Flip the bike upside down and spin the wheel slowly.",
            "3/7 Where the rim rubs the zip tie, loosen the spokes on that side and tighten "
            "the ones on the other, a quarter turn at a time.",
            "4/7 Quarter turns. Really. Half turns took me from a wobble to a hop.",
            "5/7 Check the spoke tension by plucking them like guitar strings: similar notes "
            "on each side is a good sign.",
            "6/7 The guide that finally made it click for me: "
            "https://example.org/guides/bicycle-wheel-truing",
            "7/7 Forty minutes later: a straight wheel, and one very pleased rider 🚲",
        ],
        start=utc(2024, 6, 8, 18, 10),
        gap=timedelta(minutes=2),
        mention_self=False,
    )

    # 5. Houseplant propagation with a branch: the longer chain is the real thread.
    plant = thread(
        [
            "Propagating my pothos: a short guide for anyone with a leggy plant. #houseplants",
            "Cut just below a node (the little bump where a leaf meets the stem) and put the "
            "cutting in a glass of water.",
        ],
        start=utc(2024, 7, 21, 8, 0),
        gap=timedelta(minutes=2),
    )
    tweet("(Sorry, wrong photo in the last one. Ignore that!)", at=utc(2024, 7, 21, 8, 3), reply_to=plant[-1])
    thread(
        [
            "Keep it somewhere bright but out of direct sun, and change the water every few days.",
            "Roots show up after two or three weeks. Once they are a few cm long, pot them "
            "up in ordinary compost.",
            "That's it! Free plants forever 🌱",
        ],
        start=utc(2024, 7, 21, 8, 5),
        gap=timedelta(minutes=2),
        reply_to=plant[-1],
    )

    # 6. A hiking trip, 9 posts, with a short Hebrew phrase.
    thread(
        [
            "Three days on the coast path last week. A thread of small moments. #hiking",
            "Day one: 18 km, two ferries, one very steep staircase cut into the cliff.",
            "Lunch on a rock above a bay where seals were lazing about. We counted eleven.",
            "At the campsite a couple from Haifa greeted us with a cheerful \"שלום\" and "
            "shared their tea. Lovely people.",
            "Day two: fog until noon, then the whole coastline opened up at once.",
            "My boots finally gave up on a muddy descent. Duct tape got me to the next village 🥾",
            "Day three: the shortest stage, so we took it slowly and swam at the end.",
            "The route and campsites we used: https://example.com/trails/coast-path-three-days",
            "Already planning the next section.",
        ],
        start=utc(2024, 9, 14, 19, 0),
        gap=timedelta(minutes=3),
        mention_self=False,
    )

    # 7. Tide pools, with a photo with alt text and a link.
    tide = thread(
        [
            "Low tide this morning was the lowest of the year, so I went rock pooling with "
            "a notebook. #tidepools",
            "Found: three kinds of anemone, a hermit crab in a borrowed periwinkle shell, and "
            "a blenny that refused to be photographed.",
        ],
        start=utc(2024, 10, 26, 7, 30),
        gap=timedelta(minutes=3),
    )
    tide.append(
        tweet(
            "The star of the day: a beadlet anemone, fully open.",
            at=utc(2024, 10, 26, 7, 40),
            reply_to=tide[-1],
            media=[("photo", "A red beadlet anemone with its tentacles open in a shallow rock pool.",
                    make_png(320, 200, painter=paint_anemone))],
        )
    )
    thread(
        [
            "Rule of the shore: put every rock back the way you found it. The underside is "
            "somebody's house.",
            "A good pocket guide to what lives in British rock pools: "
            "https://example.org/shore/rock-pool-guide.pdf",
        ],
        start=utc(2024, 10, 26, 7, 45),
        gap=timedelta(minutes=3),
        reply_to=tide[-1],
    )

    # 8. Ukulele, with a short Arabic phrase.
    thread(
        [
            "Day 30 of learning the ukulele. Honest progress report. #ukulele",
            "C, Am, F and G are fine now. The E chord is still an act of violence against my fingers.",
            "My teacher's warm-up song opens with \"مرحبا\" and I finally sing it without "
            "losing the strum pattern.",
            "Goal for next month: play one song all the way through for my neighbours 🎶",
        ],
        start=utc(2024, 12, 1, 20, 30),
        gap=timedelta(minutes=2),
    )

    # 9. A kite thread that starts as a reply to another account.
    thread(
        [
            "Challenge accepted! I'll build one from garden canes and an old umbrella and "
            "bring it on Saturday.",
            "Frame: two canes lashed in a cross, the spine 90 cm, the spar 75 cm. Notched "
            "ends so the string doesn't slip.",
            "Sail: umbrella fabric, cut with a 2 cm margin and glued over the string outline.",
            "Tail: strips from a worn-out shirt. Longer than you think, it stops the spinning.",
            "First test in the park: it flew! For about eight seconds. Then I added more tail.",
            "Second test: it flew and kept flying 🪁 See you on Saturday, everyone.",
        ],
        start=utc(2025, 2, 15, 12, 0),
        gap=timedelta(minutes=5),
        reply_to_user=BREEZY,
    )

    # 10. Composting, modern thread without @self prefix.
    thread(
        [
            "One year of composting in a small back garden. What worked: #composting",
            "A rough 50/50 of greens (peelings, grass) and browns (cardboard, dry leaves). "
            "Too many greens and it smells, too many browns and nothing happens.",
            "Turning it once a fortnight. The first batch of crumbly compost went on the "
            "tomatoes last week ❤️",
        ],
        start=utc(2025, 4, 5, 9, 15),
        gap=timedelta(minutes=2),
        mention_self=False,
    )

    # 11. A simple bookshelf, numbered, escaped characters.
    thread(
        [
            "1/ A simple bookshelf from two pine boards, no fancy joinery. #woodworking",
            "2/ Shelf depth > 25 cm fits most paperbacks & hardbacks; anything < 20 cm and "
            "the big books hang over the edge.",
            "3/ Sides and shelves joined with glue and screws, holes plugged with dowel and "
            "sanded flush.",
            "4/ Two coats of hard wax oil. It smells of honey for a day.",
            "5/ Full cut list and drawings: https://example.com/projects/pine-bookshelf-cut-list",
        ],
        start=utc(2025, 6, 21, 16, 0),
        gap=timedelta(minutes=3),
    )

    # 12. Stargazing.
    thread(
        [
            "Clear skies at last, so the telescope came out. #stargazing 🌌",
            "Saturn was low but unmistakable: rings tilted almost edge-on this year.",
            "Then the Andromeda galaxy, a faint smudge that is 2.5 million light years away. "
            "Still can't quite believe it.",
            "Planning sheet I use for dark-sky nights: https://example.org/astro/observing-plan",
        ],
        start=utc(2025, 8, 30, 22, 10),
        gap=timedelta(minutes=4),
        mention_self=False,
    )

    # Single tweets.
    singles = [
        (utc(2024, 1, 3, 8, 12), "New year, new workbench. Well, a second-hand one, but it's new to me."),
        (utc(2024, 1, 27, 17, 40), "Question for bakers: does anyone else name their starter? Mine is called Gus."),
        (utc(2024, 2, 11, 13, 5), "Sharpened every chisel in the shop today. Deeply satisfying, mildly tedious."),
        (utc(2024, 2, 24, 10, 30), "Snowdrops are out in the park. Spring is negotiating. 🌱"),
        (utc(2024, 3, 16, 9, 50), "Found a 1970s hand drill at the flea market for the price of a coffee. It works perfectly."),
        (utc(2024, 5, 4, 14, 20), "Today I learned that \"measure twice, cut once\" also applies to fabric & paper."),
        (utc(2024, 5, 25, 19, 0), "Repair café this Saturday: I'll be at the bike table with a pump and a lot of tyre levers. #bikerepair"),
        (utc(2024, 6, 30, 21, 15), "The swifts are back over the rooftops. Best sound of the summer."),
        (utc(2024, 8, 10, 11, 45), "Made jam from the plum tree. The bird feeder tree! The birds got their share first."),
        (utc(2024, 8, 28, 16, 5), "Workshop rule #1: put the tool back where it lives. Workshop rule #2: see rule #1."),
        (utc(2024, 9, 30, 7, 55), "Autumn project list: fix the shed door, sharpen the lawn mower, learn to knit socks."),
        (utc(2024, 11, 9, 15, 30), "Sketchbook tip from a friend: date every page. Future you will want to know."),
        (utc(2024, 12, 21, 16, 0), "Shortest day of the year. The workshop lamp is doing a lot of work."),
        (utc(2025, 1, 11, 10, 10), "Tried a rye loaf for the first time. Dense, dark, and actually very good."),
        (utc(2025, 3, 8, 12, 0), "Seed potatoes chitting on the windowsill. The house is 40% egg boxes now."),
        (utc(2025, 3, 29, 18, 30), "Reminder that the clocks go forward tonight, and that I will forget anyway."),
        (utc(2025, 5, 17, 9, 0), "Oiled every hinge in the house. The back door no longer announces visitors."),
        (utc(2025, 7, 12, 20, 45), "Long evenings mean long workshop sessions. Nothing finished, everything started."),
        (utc(2025, 9, 20, 14, 15), "Wrote up my kit list for day hikes: https://example.org/notes/day-hike-kit #hiking"),
        (utc(2025, 10, 18, 11, 30), "First frost on the allotment this morning. The last tomatoes came indoors to ripen."),
        (utc(2025, 11, 22, 15, 50), "Started a winter project: restoring an old wooden sledge. Before pictures to follow."),
    ]
    for at, text in singles:
        tweet(text, at=at)

    # Replies to other people (not threads).
    tweet("That's gorgeous, the light on the water is perfect!", at=utc(2024, 4, 22, 9, 30),
          reply_to_user=PIP)
    tweet("Count me in for the spring kite day 🪁", at=utc(2024, 5, 12, 18, 0), reply_to_user=BREEZY)
    tweet("Ha, I had the same crab under the same rock, I think. Small world.", at=utc(2024, 10, 27, 8, 15),
          reply_to_user=TIDE)
    tweet("Thanks Al, the comfrey tea tip worked wonders on the tomatoes.", at=utc(2025, 7, 2, 19, 20),
          reply_to_user=GARDEN)

    # Retweets.
    tweet("Sketch meet-up next Sunday at the botanical garden, all welcome, bring any pen you like!",
          at=utc(2024, 4, 28, 10, 0), retweet_of=PIP)
    tweet("Spring low tides this weekend: best rock pooling of the year. Go gently & put rocks back.",
          at=utc(2025, 3, 30, 6, 45), retweet_of=TIDE)
    return b


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else HERE / "archive"
    if out.exists():
        shutil.rmtree(out)
    build().write(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
