"""Live unroll: the URL of any post of a thread -> the stored thread, fetched when unknown or stale.

Concurrent requests for the same post in one process share one fetch; across processes the
store write is idempotent (the thread id comes from the root post), so the worst case behind a
load balancer is one extra fetch, never a duplicate thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .assemble import thread_containing
from .config import Settings
from sqlalchemy.exc import IntegrityError

from .errors import InputError, NotFound, StoreError, UnspoolError
from .model import Post, Thread
from .sources import live
from .store import Store
from .store.moderation import carry_takedowns

# A stored thread younger than this is served as is; older ones are re-fetched and extended.
FRESH_FOR_SECONDS = 10 * 60

# Striped locks: requests for the same post always meet on the same lock, memory stays fixed.
_LOCKS = [threading.Lock() for _ in range(64)]


def unroll_url(url: str, store: Store, settings: Settings, *, refresh: bool = False, fetcher_factory: Callable | None = None) -> Thread:
    """The thread containing the post at `url`, fetching it live when needed."""
    target = live.resolve(url)
    if target is None:
        raise InputError(f"{url!r} is not a post URL Unspool can unroll: paste the link of a post on X, Mastodon (or another fediverse server) or Bluesky")
    fetcher = None
    post_id = target.post_id
    if not target.canonical:  # e.g. a Bluesky handle: stored posts are keyed by the DID
        fetcher = (fetcher_factory or live.make_fetcher)(target, settings)
        post_id = fetcher.canonical_id(target.ref)
    stored, fresh = _stored(store, target.network, post_id)
    if stored is not None and fresh and not refresh:
        return stored
    with _lock_for(target.network, post_id):
        stored, fresh = _stored(store, target.network, post_id)  # another request may have just stored it
        if stored is not None and fresh and not refresh:
            return stored
        try:
            fetcher = fetcher or (fetcher_factory or live.make_fetcher)(target, settings)
            fetched = fetcher.fetch_posts(target.ref)
        except UnspoolError:
            if stored is None or refresh:
                raise
            return stored  # an archive import or an earlier unroll still serves the reader
        # The exact id only the fetch could tell (a Mastodon remote-post URL, say).
        return save_fetched(store, target.network, fetcher.canonical_id(target.ref), fetched)


def save_fetched(store: Store, network: str, post_id: str, fetched: list[Post]) -> Thread:
    """Assembles the fetched posts (with what the store already had of that thread) into the
    thread containing `post_id` and stores it, replacing the stored version in one transaction."""
    by_id = {post.id: post for post in fetched}
    if post_id not in by_id:
        raise NotFound(f"the network did not return post {post_id}; it may have been deleted")
    author = by_id[post_id].author
    existing_id = store.find_thread_id(post_id, network)
    existing = store.get_thread(existing_id) if existing_id else None
    for post in existing.posts if existing else []:
        by_id.setdefault(post.id, post)  # keep posts the network no longer returns
    own_posts = [post for post in by_id.values() if post.author.native_id == author.native_id]
    # The root's usual thread, as an archive import would store it (branches not followed are
    # not published; see docs/decisions.md), even when the requested post is on one.
    thread = thread_containing(own_posts, post_id, min_length=1, follow_branch=False)
    if thread is None:
        raise NotFound(f"could not assemble a thread around post {post_id}")
    for attempt in range(3):
        try:
            with store.transaction() as conn:
                author_id = store.upsert_author(conn, thread.author)  # refuses blocked authors first
                replaced = {existing_id} if existing_id else set()
                replaced |= {tid for post in thread.posts if (tid := store.find_thread_id(post.id, network, conn=conn))}
                carry_takedowns(conn, {old: thread.id for old in replaced if old != thread.id})
                store.delete_threads(conn, replaced)
                store.add_threads(conn, author_id, [thread])
            break
        except StoreError as exc:
            # Another process stored the same author or thread between our read and our write
            # (two workers unrolling one thread): its rows are there now, so write again over them.
            if attempt == 2 or not isinstance(exc.__cause__, IntegrityError):
                raise
            existing_id = store.find_thread_id(post_id, network)
    return store.get_thread(thread.id) or thread


def _stored(store: Store, network: str, post_id: str) -> tuple[Thread | None, bool]:
    """The stored thread holding the post, and whether it is fresh enough to serve as is."""
    thread_id = store.find_thread_id(post_id, network)
    if thread_id is None:
        return None, False
    stored_ms = store.stored_ms(thread_id) or 0
    return store.get_thread(thread_id), time.time() * 1000 - stored_ms <= FRESH_FOR_SECONDS * 1000


def _lock_for(network: str, post_id: str) -> threading.Lock:
    return _LOCKS[hash((network, post_id)) % len(_LOCKS)]
