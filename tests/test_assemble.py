import random
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from unspool.assemble import Node, assemble_chains, assemble_threads
from unspool.model import Author, Post, Segment

ME = Author(network="x", native_id="1", handle="me")
OTHER = Author(network="x", native_id="2", handle="other")
T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


def post(pid: str, reply_to: str | None = None, author: Author = ME, minute: int | None = None) -> Post:
    minute = int(pid) if minute is None else minute
    return Post(network="x", id=pid, url=f"https://x.com/{author.handle}/status/{pid}", author=author,
                created_at=T0 + timedelta(minutes=minute), segments=[Segment("text", f"post {pid}")], reply_to_id=reply_to)


def test_chain_in_shuffled_order():
    posts = [post("1"), post("2", "1"), post("3", "2"), post("4", "3")]
    random.Random(7).shuffle(posts)
    [thread] = assemble_threads(posts)
    assert [p.id for p in thread.posts] == ["1", "2", "3", "4"]


def test_single_posts_are_not_threads():
    assert assemble_threads([post("1"), post("2")]) == []


def test_branch_follows_the_longest_chain():
    posts = [post("1"), post("2", "1"), post("3", "1"), post("4", "3"), post("5", "4"), post("6", "2")]
    [thread] = assemble_threads(posts)
    assert [p.id for p in thread.posts] == ["1", "3", "4", "5"]


def test_branch_tie_goes_to_the_earliest():
    posts = [post("1"), post("3", "1"), post("2", "1")]
    [thread] = assemble_threads(posts)
    assert [p.id for p in thread.posts] == ["1", "2"]


def test_replies_by_someone_else_break_the_chain():
    posts = [post("1"), post("2", "1", author=OTHER), post("3", "2"), post("4", "3")]
    [thread] = assemble_threads(posts)
    assert [p.id for p in thread.posts] == ["3", "4"]


def test_thread_starting_as_reply_to_someone_else_is_kept():
    posts = [post("1", author=OTHER), post("2", "1"), post("3", "2")]
    [thread] = assemble_threads(posts)
    assert [p.id for p in thread.posts] == ["2", "3"] and thread.author == ME


def test_missing_middle_splits_into_two_threads():
    posts = [post("1"), post("2", "1"), post("4", "3"), post("5", "4")]
    threads = assemble_threads(posts)
    assert [[p.id for p in t.posts] for t in threads] == [["1", "2"], ["4", "5"]]


def test_cycles_do_not_hang():
    assert assemble_chains([Node("a", "b", 1), Node("b", "a", 2)]) == []


def test_very_long_chain_without_recursion():
    n = 50_000
    nodes = [Node(str(i), str(i - 1) if i else None, i) for i in range(n)]
    random.Random(1).shuffle(nodes)
    [chain] = assemble_chains(nodes)
    assert chain == [str(i) for i in range(n)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-1, max_value=40), min_size=1, max_size=40), st.randoms())
def test_chains_are_valid_paths_and_independent_of_order(parents, rnd):
    # node i replies to parents[i] when that is an earlier node
    nodes = [Node(str(i), str(p) if 0 <= p < i else None, i) for i, p in enumerate(parents)]
    expected = assemble_chains(nodes)
    shuffled = list(nodes)
    rnd.shuffle(shuffled)
    assert assemble_chains(shuffled) == expected
    parent_of = {n.id: n.parent_id for n in nodes}
    seen = set()
    for chain in expected:
        assert len(chain) >= 2
        assert parent_of[chain[0]] is None
        for a, b in zip(chain, chain[1:]):
            assert parent_of[b] == a
        assert not seen & set(chain)
        seen |= set(chain)


def test_generators_and_duplicate_ids_are_fine():
    nodes = [Node("1", None, 1), Node("2", "1", 2), Node("2", "1", 2)]
    assert assemble_chains(node for node in nodes) == [["1", "2"]]


def test_thread_containing_any_post_branches_and_cycles():
    from datetime import UTC, datetime, timedelta

    from unspool.assemble import thread_containing
    from unspool.model import Author, Post, Segment

    fern = Author(network="mastodon", native_id="https://social.example/@fern", handle="fern@social.example")
    moss = Author(network="mastodon", native_id="https://other.example/@moss", handle="moss@other.example")
    start = datetime(2025, 3, 1, tzinfo=UTC)

    def post(pid, parent=None, minute=0, author=fern):
        return Post(network="mastodon", id=pid, url=pid, author=author, created_at=start + timedelta(minutes=minute), segments=[Segment("text", pid)], reply_to_id=parent)

    posts = [
        post("q", author=moss),
        post("a", "q", 1),
        post("b", "a", 2),
        post("c1", "b", 3),  # a short branch
        post("c2", "b", 4),
        post("d2", "c2", 5),
        post("x", "gone", 6),  # its parent was deleted
        post("y", "x", 7),
    ]
    ids = lambda thread: [p.id for p in thread.posts]  # noqa: E731
    for target in ("a", "b", "c2", "d2"):
        assert ids(thread_containing(posts, target)) == ["a", "b", "c2", "d2"]
    assert ids(thread_containing(posts, "c1")) == ["a", "b", "c1"]
    assert ids(thread_containing(posts, "c1", follow_branch=False)) == ["a", "b", "c2", "d2"]
    assert thread_containing(posts, "c1").id == thread_containing(posts, "a").id
    assert ids(thread_containing(posts, "y")) == ["x", "y"]
    assert thread_containing(posts, "q") is None  # a single post
    assert ids(thread_containing(posts, "q", min_length=1)) == ["q"]
    assert thread_containing(posts, "nope") is None
    looped = [post("l1", "l2", 1), post("l2", "l1", 2), post("l3", "l2", 3)]
    for follow in (True, False):
        assert set(ids(thread_containing(looped, "l3", follow_branch=follow))) <= {"l1", "l2", "l3"}
