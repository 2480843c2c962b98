"""Reply texts fit every network's limit, whatever the title (property tests)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspool.bot import asks_to_unroll
from unspool.bot.replies import LIMITS, TEMPLATES, Message, compose, length

LINK = "https://unspool.example/t/abcdefghijklmnop"
EMOJI = ["🧵", "👩‍👩‍👧‍👦", "🇫🇷", "👍🏽", "é", "e\u0301", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "中", "ש", "@", "\n", " ", "kite.example", "https://x.y/z"]
titles = st.lists(st.one_of(st.sampled_from(EMOJI), st.text(min_size=1, max_size=30)), max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=titles, kind=st.sampled_from(["thread", "single"]), network=st.sampled_from(sorted(LIMITS)), prefix=st.sampled_from(["", "@alice ", "@a_very_long_name@some.very.long.server.example "]))
def test_reply_fits_and_keeps_the_link_whole(title, kind, network, prefix):
    reply = compose(network, Message(kind, title, LINK), prefix=prefix)
    assert length(network, reply.text) <= LIMITS[network]
    assert reply.text.startswith(prefix) and reply.text.endswith(LINK)
    if network == "bluesky":
        encoded = reply.text.encode("utf-8")
        assert len(reply.text) <= 300 and len(encoded) <= 3000  # code points bound graphemes from above
        assert encoded[reply.byte_start:reply.byte_end].decode("utf-8") == LINK
    body = reply.text[len(prefix):]
    assert "@" not in body.replace(LINK, "")  # titles never mention anyone


def test_shortened_titles_keep_clusters_whole():
    family = "👩‍👩‍👧‍👦"
    reply = compose("bluesky", Message("thread", family * 200, LINK))
    title = reply.text.split("“", 1)[1].split("”", 1)[0]
    assert title.endswith("…") and title[:-1] == family * (len(title[:-1]) // len(family))


def test_fixed_messages_fit():
    for kind in TEMPLATES:
        for network in LIMITS:
            text = compose(network, Message(kind, "T", LINK), prefix="@alice ").text
            assert length(network, text) <= LIMITS[network]


def test_keyword_detection():
    assert asks_to_unroll("@unspool please Unroll this")
    assert asks_to_unroll("UNROLL")
    assert asks_to_unroll("#unroll")
    assert not asks_to_unroll("@unroll_bot hello")
    assert not asks_to_unroll("see https://example.org/unroll/3 @unspool")
