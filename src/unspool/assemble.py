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
    by_id: dict[str, Node] = {}
    for node in nodes:
        by_id[node.id] = node
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for node in by_id.values():
        parent = node.parent_id
        if parent is not None and parent in by_id and parent != node.id:
            children.setdefault(parent, []).append(node.id)
        else:
            roots.append(node.id)

    height = _chain_heights(roots, children)
    chains = []
    for root in roots:
        if height.get(root, 1) < min_length:
            continue
        chain = [root]
        current = root
        while kids := children.get(current):
            current = min(kids, key=lambda kid: (-height[kid], by_id[kid].sort_key))
            chain.append(current)
        chains.append(chain)
    chains.sort(key=lambda chain: by_id[chain[0]].sort_key)
    return chains


def _chain_heights(roots: list[str], children: dict[str, list[str]]) -> dict[str, int]:
    """Length of the longest downward chain from each node, computed iteratively (no recursion
    limit on 10,000-post threads). Nodes on cycles are unreachable from roots and ignored."""
    height: dict[str, int] = {}
    for root in roots:
        if root not in children:
            height[root] = 1
            continue
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            kids = children.get(node)
            if not kids:
                height[node] = 1
            elif expanded:
                height[node] = 1 + max(height[kid] for kid in kids)
            else:
                stack.append((node, True))
                stack.extend((kid, False) for kid in kids)
    return height


def assemble_threads(posts: Iterable[Post]) -> list[Thread]:
    """Threads from posts of any authors of one network, in arbitrary order."""
    posts_by_id = {post.id: post for post in posts}
    nodes = []
    for post in posts_by_id.values():
        parent = posts_by_id.get(post.reply_to_id) if post.reply_to_id else None
        same_author = parent is not None and parent.author.native_id == post.author.native_id
        nodes.append(Node(post.id, post.reply_to_id if same_author else None, (post.created_at, post.id)))
    threads = []
    for chain in assemble_chains(nodes):
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
