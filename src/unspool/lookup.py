"""Finding a stored thread from what a user typed: a thread id, a post URL or a post id."""

from __future__ import annotations

from .config import Settings
from .errors import NotFound
from .model import Thread
from .sources import live, parse_post_ref
from .store import Store


def find_thread(store: Store, ref: str) -> Thread:
    network, native_id = parse_post_ref(ref)
    thread_id = store.find_thread_id(native_id, network) if native_id else None
    thread = store.get_thread(thread_id) if thread_id else None
    if thread is None:
        raise NotFound(f"no stored thread for {ref!r}: give a thread id from `unspool threads`, or the URL or id of one of its posts")
    return thread


def resolve_thread_id(store: Store, ref: str) -> str | None:
    """The stored thread id for a thread id, post URL or post id; None when nothing matches."""
    network, native_id = parse_post_ref(ref)
    return store.find_thread_id(native_id, network) if native_id else None


def find_or_unroll(store: Store, settings: Settings, ref: str, *, refresh: bool = False) -> Thread:
    """A stored thread as it is; a post URL nobody stored yet (or `refresh`) is fetched live."""
    if not refresh:
        try:
            return find_thread(store, ref)
        except NotFound:
            if live.resolve(ref) is None:
                raise
    from .jobs.unrolls import unroll_here

    return unroll_here(ref, store, settings, refresh=refresh)
