"""Posts and reply edges -> ordered threads: the longest self-reply chain from each root.

Works on light (id, parent_id, sort_key) nodes so a large archive can be assembled without
keeping every post in memory; `assemble_threads` is the convenience form over Posts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import NamedTuple

from .model import Post, Thread, make_thread_id


class Node(NamedTuple):
    id: str
    # The post this one replies to, only when that post is by the same author.
    parent_id: str | None
    # Orders siblings: earlier first. Tweet ids, timestamps, anything comparable.
    sort_key: Hashable


def assemble_chains(nodes: Iterable[Node], min_length: int = 2) -> list[list[str]]:
    """Every self-reply chain of at least `min_length` posts, each as ordered post ids.

    A root is a post whose parent is absent (not a reply, a reply to someone else, or a reply
    to a post we do not have). From each root the chain follows the child with the longest
    chain below it; ties go to the earliest child. Linear in the number of nodes.
    """
    # Plain tuple unpacking and dicts: this runs over every post of an archive.
    parent_of: dict[str, str | None] = {}
    key_of: dict[str, Hashable] = {}
    for node_id, parent, key in nodes:  # a post listed twice counts once
        parent_of[node_id] = parent
        key_of[node_id] = key
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for node_id, parent in parent_of.items():
        if parent is not None and parent != node_id and parent in parent_of:
            kids = children.get(parent)
            if kids is None:
                children[parent] = [node_id]
            else:
                kids.append(node_id)
        else:
            roots.append(node_id)

    heights: dict[str, int] = {}
    chains = []
    for root in roots:
        chain = [root]
        kids = children.get(root)
        while kids:
            if len(kids) == 1:
                current = kids[0]
            else:  # a branch: the longest way down wins, then the earliest post
                current = min(kids, key=lambda kid: (-_height(kid, children, heights), key_of[kid]))
            chain.append(current)
            kids = children.get(current)
        if len(chain) >= min_length:
            chains.append(chain)
    chains.sort(key=lambda chain: key_of[chain[0]])
    return chains


def _height(node: str, children: dict[str, list[str]], heights: dict[str, int]) -> int:
    """Length of the longest downward chain from `node`, memoised, iterative so a
    10,000-post thread cannot hit the recursion limit. Only asked at branch points."""
    if node in heights:
        return heights[node]
    stack = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        kids = children.get(current)
        if not kids:
            heights[current] = 1
        elif expanded:
            heights[current] = 1 + max(heights[kid] for kid in kids)
        else:
            stack.append((current, True))
            stack.extend((kid, False) for kid in kids if kid not in heights)
    return heights[node]


def assemble_threads(posts: Iterable[Post], min_length: int = 2) -> list[Thread]:
    """Threads from posts of any authors of one network, in arbitrary order."""
    posts_by_id = {post.id: post for post in posts}
    nodes = []
    for post in posts_by_id.values():
        parent = posts_by_id.get(post.reply_to_id) if post.reply_to_id else None
        same_author = parent is not None and parent.author.native_id == post.author.native_id
        nodes.append(Node(post.id, post.reply_to_id if same_author else None, (post.created_at, post.id)))
    threads = []
    for chain in assemble_chains(nodes, min_length):
        root = posts_by_id[chain[0]]
        threads.append(
            Thread(
                id=make_thread_id(root.network, root.id),
                network=root.network,
                author=root.author,
                posts=[posts_by_id[post_id] for post_id in chain],
            )
        )
    return threads


def thread_containing(posts: Iterable[Post], post_id: str, min_length: int = 2, *, follow_branch: bool = True) -> Thread | None:
    """The thread through post `post_id` (for live unrolls, which may start from any post).

    Up from the post: its unique chain of same-author parents to the root. Down: the longest
    self-reply chain below it (ties to the earliest post), as `assemble_chains` picks. When the
    post lies on the chain `assemble_threads` follows from its root, the result is that very
    thread. On a branch it does not follow, the thread runs through the requested branch (same
    root, so the same thread id: storing it replaces the root's usual thread); with
    `follow_branch=False` it is the root's usual thread instead, without the requested post.
    None when the post is not among `posts` or the chain is shorter than `min_length`. A
    missing parent (deleted) simply makes a root.
    """
    posts_by_id = {post.id: post for post in posts}
    if post_id not in posts_by_id:
        return None
    children: dict[str, list[str]] = {}
    for post in posts_by_id.values():
        parent = posts_by_id.get(post.reply_to_id) if post.reply_to_id else None
        if parent is not None and parent.id != post.id and parent.author.native_id == post.author.native_id:
            children.setdefault(parent.id, []).append(post.id)

    up = [post_id]
    seen = {post_id}
    while True:
        post = posts_by_id[up[-1]]
        parent = posts_by_id.get(post.reply_to_id) if post.reply_to_id else None
        if parent is None or parent.author.native_id != post.author.native_id or parent.id in seen:
            break
        seen.add(parent.id)
        up.append(parent.id)
    chain = up[::-1]
    root_parent = posts_by_id[chain[0]].reply_to_id
    on_cycle = root_parent in seen  # only forged data loops; keep the walk as it is then
    if not follow_branch and not on_cycle:
        post_id, chain, seen = chain[0], chain[:1], {chain[0]}

    key_of = {pid: (post.created_at, post.id) for pid, post in posts_by_id.items()}
    heights: dict[str, int] = {}
    kids = [kid for kid in children.get(post_id, []) if kid not in seen]
    while kids:
        if len(kids) == 1:
            current = kids[0]
        else:
            current = min(kids, key=lambda kid: (-_height(kid, children, heights), key_of[kid]))
        seen.add(current)
        chain.append(current)
        kids = [kid for kid in children.get(current, []) if kid not in seen]
    if len(chain) < min_length:
        return None
    root = posts_by_id[chain[0]]
    return Thread(
        id=make_thread_id(root.network, root.id),
        network=root.network,
        author=root.author,
        posts=[posts_by_id[pid] for pid in chain],
    )
