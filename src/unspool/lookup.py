"""Finding a stored thread from what a user typed: a thread id, a post URL or a post id."""

from __future__ import annotations

from .errors import NotFound
from .model import Thread
from .sources import parse_post_ref
from .store import Store


def find_thread(store: Store, ref: str) -> Thread:
    network, native_id = parse_post_ref(ref)
    thread_id = store.find_thread_id(native_id, network) if native_id else None
    thread = store.get_thread(thread_id) if thread_id else None
    if thread is None:
        raise NotFound(f"no stored thread for {ref!r}: give a thread id from `unspool threads`, or the URL or id of one of its posts")
    return thread
