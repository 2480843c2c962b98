"""Archive import: source -> assemble -> store, in one transaction per archive.

Stored threads of the same author take part in assembly, so importing a newer archive extends
threads that grew, an older one fills in missing roots, and the same archive twice changes nothing.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import msgspec

from .assemble import Node, assemble_chains
from .model import Post, Thread, make_thread_id
from .sources import open_archive
from .store import Store

Progress = Callable[[int], None]


class ImportReport(msgspec.Struct):
    archive: str
    network: str
    author: str
    posts_read: int
    retweets_skipped: int
    threads_found: int
    threads_added: int
    threads_updated: int
    threads_unchanged: int
    media_copied: int
    seconds: float


def import_archive(
    path: str | Path,
    store: Store,
    media_dir: Path,
    *,
    on_start: Callable[[int], None] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Imports one archive. `on_start(total)` gets the amount of work `progress(step)` counts."""
    started = time.perf_counter()
    with _no_gc_pauses(), open_archive(path) as reader:
        if on_start:
            on_start(2 * reader.total_tweet_bytes())
        archive_nodes = list(reader.scan(progress))
        author = reader.author
        with store.transaction() as conn:
            stored = store.stored_posts_of(conn, reader.network, author.native_id)
            archive_ids = {node.id for node in archive_nodes}
            stored_only = [
                Node(post.native_id, post.reply_to_id, reader.sort_key(post.native_id, post.created_ms))
                for post in stored
                if post.native_id not in archive_ids
            ]
            chains = assemble_chains(archive_nodes + stored_only)
            del archive_nodes

            stored_chains: dict[str, list[str]] = {}
            for post in stored:
                stored_chains.setdefault(post.thread_id, []).append(post.native_id)
            wanted_chains = {make_thread_id(reader.network, chain[0]): chain for chain in chains}
            changed = {tid: chain for tid, chain in wanted_chains.items() if stored_chains.get(tid) != chain}
            # A stored thread that is no longer a chain root was absorbed into a longer one.
            stale = [tid for tid in stored_chains if tid not in wanted_chains or tid in changed]

            needed = {post_id for chain in changed.values() for post_id in chain}
            found: dict[str, Post] = {post.id: post for post in reader.read_posts(needed & archive_ids, progress)}
            found.update(store.load_posts(conn, reader.network, needed - found.keys()))
            new_threads = [
                Thread(id=tid, network=reader.network, author=author, posts=[found[pid] for pid in chain])
                for tid, chain in changed.items()
            ]
            media_copied = _copy_media(reader, new_threads, media_dir)

            author_id = store.upsert_author(conn, author)
            store.delete_threads(conn, stale)
            store.insert_threads(conn, author_id, new_threads)

        return ImportReport(
            archive=str(path),
            network=reader.network,
            author=author.handle,
            posts_read=reader.posts_read,
            retweets_skipped=reader.retweets_skipped,
            threads_found=len(chains),
            threads_added=sum(1 for tid in changed if tid not in stored_chains),
            threads_updated=sum(1 for tid in changed if tid in stored_chains),
            threads_unchanged=len(chains) - len(changed),
            media_copied=media_copied,
            seconds=round(time.perf_counter() - started, 3),
        )


@contextmanager
def _no_gc_pauses():
    """Import allocates millions of acyclic objects; cyclic GC passes over them cost seconds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _copy_media(reader, new_threads: list[Thread], media_dir: Path) -> int:
    """Copies the archive's media files of thread posts into the store's media folder."""
    copied = 0
    target_dir = media_dir / reader.network
    for thread in new_threads:
        for post in thread.posts:
            for media in post.media:
                if not media.local_name:
                    continue
                target = target_dir / media.local_name
                if target.exists():
                    continue
                target_dir.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(target.suffix + ".part")
                partial.write_bytes(reader.media_bytes(media.local_name))
                shutil.move(partial, target)
                copied += 1
    return copied
