"""Archive import: source -> assemble -> store, in one transaction per archive.

Stored threads of the same author take part in assembly, so importing a newer archive extends
threads that grew, an older one fills in missing roots, and the same archive twice changes nothing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING
from pathlib import Path

import msgspec

from .assemble import Node, assemble_chains
from .media import media_members, publish_media
from .model import PackedPost, make_thread_id
from .sources import open_archive
from .sources.archive_files import ArchiveLimits

if TYPE_CHECKING:  # the store (SQLAlchemy) loads while the archive is read
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
    store: Store | Callable[[], Store],
    media_dir: Path,
    *,
    on_start: Callable[[int], None] | None = None,
    progress: Progress | None = None,
    handle: str | None = None,
    limits: ArchiveLimits | None = None,
) -> ImportReport:
    """Imports one archive. `on_start(total)` gets the amount of work `progress(step)` counts;
    `handle` names the account of a Bluesky .car export (see `open_archive`); `limits` caps
    what is read from the archive (defaults: `ArchiveLimits()`).

    `store` may be a function that opens it: the store is then opened (imports, migrations)
    while the archive's first pass already runs in worker processes.
    """
    started = time.perf_counter()
    with _no_gc_pauses(), open_archive(path, handle=handle, limits=limits) as reader:
        if on_start:
            on_start(2 * reader.total_tweet_bytes())
        reader.start_scan()
        if callable(store):
            store = store()
        from .store import ThreadRecord, moderation
        archive_nodes = reader.scan(progress)
        author = reader.author
        with store.transaction() as conn:
            stored = store.stored_posts_of(conn, reader.network, author.native_id)
            archive_ids = {node[0] for node in archive_nodes}
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
            slot = {post_id: (tid, position) for tid, chain in changed.items() for position, post_id in enumerate(chain)}
            # A taken-down thread joined into a longer one (new root, new id) stays taken down.
            moderation.carry_takedowns(
                conn, {tid: slot[stored_chains[tid][0]][0] for tid in stale if tid not in changed and stored_chains[tid][0] in slot}
            )
            # Posts kept only in the store must be read before their old threads are deleted.
            found: dict[str, PackedPost] = store.load_posts(conn, reader.network, needed - archive_ids)
            author_id = store.upsert_author(conn, author)
            store.delete_threads(conn, stale)
            remaining = {tid: len(chain) for tid, chain in changed.items()}
            # The author's own files (a Mastodon export's avatar) are copied whichever threads changed.
            media_files: list[str] = list(getattr(reader, "author_media_files", ()))

            def store_batch(batch: list[PackedPost]) -> None:
                # Every thread the batch completes is stored while workers read the next spans:
                # its row first, then its posts in order (their foreign key is then met at once,
                # and each thread's index entries go in together).
                found.update((post.id, post) for post in batch)
                records, placed = [], []
                for post in batch:
                    media_files.extend(post.media_files)
                    tid = slot[post.id][0]
                    remaining[tid] -= 1
                    if not remaining[tid]:
                        # A complete thread's posts are not needed again: memory stays at the open threads.
                        thread_posts = [found.pop(pid) for pid in changed[tid]]
                        records.append(ThreadRecord.of(tid, thread_posts))
                        placed.extend((tid, position, packed) for position, packed in enumerate(thread_posts))
                store.insert_threads(conn, author_id, records)
                store.insert_posts(conn, placed)

            store_batch(list(found.values()))
            for batch in reader.read_post_batches(needed & archive_ids, progress):
                store_batch(batch)
            members = media_members(reader, media_files)
            media_copied = publish_media(reader.files, members, media_dir / reader.network) if members else 0

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
