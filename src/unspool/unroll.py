"""Live unroll: the URL of any post of a thread -> the stored thread, fetched when unknown or stale.

Fetching is slow outbound work, so it runs as a job (jobs/): `unroll_url` enqueues one (or
shares the open job for the same post, in any process) and works it here within the queue's
limits, which are counted in the database; the web app enqueues and waits briefly instead
(web/unrolls.py). `fetch_thread` is the job's body. The store write is idempotent (the thread
id comes from the root post), so even two jobs for one thread never make a duplicate.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from .assemble import thread_containing
from .config import Settings
from .errors import InputError, NotFound, StoreError, UnspoolError
from .model import Post, Thread
from .sources import live
from .sources.http import RetryLater
from .store import Store
from .store.moderation import carry_takedowns

# A stored thread younger than this is served as is; older ones are re-fetched and extended.
FRESH_FOR_SECONDS = 10 * 60


def unroll_url(url: str, store: Store, settings: Settings, *, refresh: bool = False, fetcher_factory: Callable | None = None) -> Thread:
    """The thread containing the post at `url`, fetching it live (as a job, worked in this
    process) when needed. Blocks: for the CLI and the bot, never for a web request."""
    from .jobs import unrolls  # jobs/ builds on this module

    return unrolls.unroll_here(url, store, settings, refresh=refresh, fetcher_factory=fetcher_factory)


def target_of(url: str) -> live.Target:
    target = live.resolve(url)
    if target is None:
        raise InputError(f"{url!r} is not a post URL Unspool can unroll: paste the link of a post on X, Mastodon (or another fediverse server) or Bluesky")
    return target


def fetch_thread(url: str, store: Store, settings: Settings, *, refresh: bool = False, fetcher_factory: Callable | None = None) -> Thread:
    """Fetches the thread of the post at `url` and stores it (the job's work), unless a fresh
    copy is stored. A stale stored copy is still served when the network fails or asks to wait."""
    target = target_of(url)
    fetcher = None
    post_id = target.post_id
    if not target.canonical:  # e.g. a Bluesky handle: stored posts are keyed by the DID
        fetcher = (fetcher_factory or live.make_fetcher)(target, settings)
        post_id = fetcher.canonical_id(target.ref)
    thread_id, fresh = stored_thread_id(store, target.network, post_id)
    stored = store.get_thread(thread_id) if thread_id else None
    if stored is not None and fresh and not refresh:
        return stored
    try:
        fetcher = fetcher or (fetcher_factory or live.make_fetcher)(target, settings)
        fetched = fetcher.fetch_posts(target.ref)
    except (UnspoolError, RetryLater):
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


def stored_thread_id(store: Store, network: str, post_id: str) -> tuple[str | None, bool]:
    """The id of the stored thread holding the post, and whether it is fresh enough to serve as is."""
    thread_id = store.find_thread_id(post_id, network)
    if thread_id is None:
        return None, False
    stored_ms = store.stored_ms(thread_id) or 0
    return thread_id, time.time() * 1000 - stored_ms <= FRESH_FOR_SECONDS * 1000
