"""Moderation state, kept in the database so every worker behind a load balancer agrees at once:
takedowns (by stable thread id), blocked authors (by account, not handle) and reader reports.

`visible_threads()` is the one where-clause that every public listing, count, search, feed and
sitemap query applies. `Store.get_thread` stays raw: pages ask `thread_status` first.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from typing import TYPE_CHECKING, Literal

import msgspec
from sqlalchemy import Connection, ColumnElement, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import Blocked, InputError, NotFound, RateLimited, StoreError
from ..model import Author
from . import changes
from .schema import authors, blocked_authors, reports, site_keys, takedowns, threads

if TYPE_CHECKING:
    from . import Store

ThreadStatus = Literal["visible", "taken_down", "author_blocked"]
REASONS = {
    "spam": "Spam",
    "harassment": "Harassment or hate",
    "copyright": "Copyright infringement",
    "private-info": "Private information",
    "other": "Something else",
}
REPORT_STATUSES = ("open", "resolved")
MAX_DETAILS = 1000
REPORTS_PER_HOUR = 5
HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
# Reporter keys only serve the rate-limit windows (an hour, a day); after two days they go.
KEEP_REPORTER_KEY_MS = 2 * DAY_MS
ALREADY_REPORTED = "You already reported this thread today. Thank you: the operators will review it."
TOO_MANY_REPORTS = f"You sent {REPORTS_PER_HOUR} reports in the last hour, the most this site accepts. Please try again later."
# Control characters (terminal escapes included) and bidi overrides never reach an operator.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class Report(msgspec.Struct):
    id: int
    thread_id: str
    title: str | None  # None when the thread is no longer stored
    reason: str
    details: str
    created_ms: int
    status: str


# --- what the public sees ---------------------------------------------------------------


def visible_threads(thread_id: ColumnElement = threads.c.id) -> ColumnElement[bool]:
    """Where-clause: the thread (any thread-id column) is not taken down and its author is not
    blocked. Non-correlated NOT IN subqueries, which both engines evaluate once per query."""
    owner = threads.alias("moderated_thread")
    owner_author = authors.alias("moderated_author")
    # From the (few) blocked accounts to their threads by index; a join from threads made
    # SQLite read every thread row for each list and search.
    blocked_ids = select(owner_author.c.id).join(
        blocked_authors,
        and_(blocked_authors.c.network == owner_author.c.network, blocked_authors.c.native_id == owner_author.c.native_id),
    )
    of_blocked_authors = select(owner.c.id).where(owner.c.author_id.in_(blocked_ids)).correlate(None)
    return and_(thread_id.not_in(select(takedowns.c.thread_id).correlate(None)), thread_id.not_in(of_blocked_authors))


def thread_status(conn: Connection, thread_id: str) -> ThreadStatus | None:
    """None when the thread is not stored; a blocked author wins over a takedown."""
    row = conn.execute(
        select(takedowns.c.thread_id, blocked_authors.c.network)
        .select_from(
            threads.join(authors, authors.c.id == threads.c.author_id)
            .outerjoin(takedowns, takedowns.c.thread_id == threads.c.id)
            .outerjoin(
                blocked_authors,
                and_(blocked_authors.c.network == authors.c.network, blocked_authors.c.native_id == authors.c.native_id),
            )
        )
        .where(threads.c.id == thread_id)
    ).first()
    if row is None:
        return None
    if row[1] is not None:
        return "author_blocked"
    return "taken_down" if row[0] is not None else "visible"


def is_hidden(store: Store, thread_id: str) -> bool:
    with store.engine.connect() as conn:
        return thread_status(conn, thread_id) in ("taken_down", "author_blocked")


def is_author_blocked(conn: Connection, network: str, native_id: str) -> bool:
    query = select(blocked_authors.c.handle).where(blocked_authors.c.network == network, blocked_authors.c.native_id == native_id)
    return conn.execute(query).first() is not None


def check_import_allowed(conn: Connection, author: Author) -> None:
    """Raises Blocked for a blocked author: imports (and fetches) store nothing of theirs."""
    if is_author_blocked(conn, author.network, author.native_id):
        raise Blocked(f"@{author.handle} has opted out or is blocked on this server; nothing was imported")


# --- takedowns ----------------------------------------------------------------------------


def take_down(store: Store, thread_id: str, reason: str = "", *, now_ms: int | None = None) -> bool:
    """Hides a thread by id (it survives re-import); True when it was not taken down before.
    Taking it down again only updates a given reason. The thread's open reports are resolved."""
    reason = clean_text(reason)
    with store.transaction() as conn:
        exists = conn.execute(select(takedowns.c.thread_id).where(takedowns.c.thread_id == thread_id)).first() is not None
        if not exists:
            conn.execute(insert(takedowns).values(thread_id=thread_id, reason=reason, created_ms=now_ms or _now()))
        elif reason:
            conn.execute(update(takedowns).where(takedowns.c.thread_id == thread_id).values(reason=reason))
        _resolve_reports(conn, reports.c.thread_id == thread_id)
        changes.touch(conn, changes.LISTS, *changes.tags_of_threads(conn, [thread_id]))
    return not exists


def restore(store: Store, thread_id: str) -> bool:
    """Lifts a takedown; False when the thread was not taken down."""
    with store.transaction() as conn:
        changes.touch(conn, changes.LISTS, *changes.tags_of_threads(conn, [thread_id]))
        return conn.execute(delete(takedowns).where(takedowns.c.thread_id == thread_id)).rowcount > 0


def carry_takedowns(conn: Connection, moved: dict[str, str]) -> None:
    """An import that joins a taken-down thread into a longer one (an older archive brought
    back its root) gives it a new id: the takedown follows. `moved` maps old id -> new id."""
    if not moved:
        return
    rows = conn.execute(select(takedowns).where(takedowns.c.thread_id.in_(list(moved)))).mappings().all()
    for row in rows:
        new_id = moved[row["thread_id"]]
        if conn.execute(select(takedowns.c.thread_id).where(takedowns.c.thread_id == new_id)).first() is None:
            conn.execute(insert(takedowns).values(thread_id=new_id, reason=row["reason"], created_ms=row["created_ms"]))


# --- blocked authors ----------------------------------------------------------------------


def find_author(conn: Connection, network: str, handle: str) -> Author | None:
    """A stored author by handle (with or without @, any case)."""
    row = conn.execute(
        select(authors.c.network, authors.c.native_id, authors.c.handle, authors.c.name)
        .where(authors.c.network == network, func.lower(authors.c.handle) == _bare(handle).lower())
        .order_by(authors.c.id.desc())
        .limit(1)
    ).first()
    return Author(network=row[0], native_id=row[1], handle=row[2], name=row[3]) if row else None


def block_author(store: Store, network: str, handle: str, reason: str = "", *, now_ms: int | None = None) -> tuple[Author, bool]:
    """Hides every thread of a stored author and refuses their imports; (author, newly blocked).
    Open reports on their threads are resolved."""
    reason = clean_text(reason)
    with store.transaction() as conn:
        author = find_author(conn, network, handle)
        if author is None:
            raise NotFound(f"no stored author @{_bare(handle)} on {network}: give the handle of an author whose threads are stored")
        key = and_(blocked_authors.c.network == author.network, blocked_authors.c.native_id == author.native_id)
        exists = conn.execute(select(blocked_authors.c.handle).where(key)).first() is not None
        if not exists:
            conn.execute(
                insert(blocked_authors).values(
                    network=author.network, native_id=author.native_id, handle=author.handle, reason=reason, created_ms=now_ms or _now()
                )
            )
        else:
            conn.execute(update(blocked_authors).where(key).values(handle=author.handle, **({"reason": reason} if reason else {})))
        their_threads = select(threads.c.id).join(authors).where(authors.c.network == author.network, authors.c.native_id == author.native_id)
        _resolve_reports(conn, reports.c.thread_id.in_(their_threads))
        _touch_author(conn, author.network, author.native_id)
    return author, not exists


def unblock_author(store: Store, network: str, handle: str) -> str | None:
    """Lifts a block by the author's current or blocked-as handle; the handle, or None when
    no such author is blocked."""
    with store.transaction() as conn:
        author = find_author(conn, network, handle)
        if author is not None:
            key = and_(blocked_authors.c.network == author.network, blocked_authors.c.native_id == author.native_id)
        else:
            key = and_(blocked_authors.c.network == network, func.lower(blocked_authors.c.handle) == _bare(handle).lower())
        row = conn.execute(select(blocked_authors.c.native_id, blocked_authors.c.handle).where(key).limit(1)).first()
        if row is None:
            return None
        conn.execute(delete(blocked_authors).where(blocked_authors.c.network == network, blocked_authors.c.native_id == row[0]))
        _touch_author(conn, network, row[0])
        return author.handle if author else row[1]


def _touch_author(conn: Connection, network: str, native_id: str) -> None:
    """A block or unblock changes the author's pages and every list."""
    ids = conn.execute(select(authors.c.id).where(authors.c.network == network, authors.c.native_id == native_id)).scalars()
    changes.touch(conn, changes.LISTS, *(changes.author_tag(i) for i in ids))


# --- reader reports -----------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Free text from the public or an operator, safe to print on a terminal."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n")).strip()


def reporter_network(client_ip: str) -> str:
    """The unit a rate limit counts: an IPv4 address, or an IPv6 /64 (one subscriber)."""
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return client_ip
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def reporter_key(conn: Connection, client_ip: str, now_ms: int) -> str:
    """A keyed hash of the reporter's network and the UTC day: no address is ever stored, and
    keys of different days cannot be linked. The key is a random salt the migration stored."""
    salt = conn.execute(select(site_keys.c.value).where(site_keys.c.name == "report_salt")).scalar_one()
    message = f"{now_ms // DAY_MS}|{reporter_network(client_ip)}".encode()
    return hashlib.blake2b(message, key=bytes.fromhex(salt), digest_size=16).hexdigest()


def add_report(
    store: Store, thread_id: str, reason: str, details: str, client_ip: str, *, now_ms: int | None = None
) -> int:
    """Stores a reader's report of a visible thread; its id. Raises InputError (bad reason or
    details), NotFound (no such visible thread) or RateLimited (one per thread per day, and
    REPORTS_PER_HOUR per reporter)."""
    if reason not in REASONS:
        raise InputError(f"unknown report reason {reason!r}: choose one of {', '.join(REASONS)}")
    details = clean_text(details)
    if len(details) > MAX_DETAILS:
        raise InputError(f"the details are too long: at most {MAX_DETAILS} characters")
    now = now_ms or _now()
    try:
        with store.transaction() as conn:
            if thread_status(conn, thread_id) != "visible":
                raise NotFound(f"no thread {thread_id!r} to report")
            key = reporter_key(conn, client_ip, now)
            conn.execute(
                update(reports)
                .where(reports.c.reporter_key.is_not(None), reports.c.created_ms < now - KEEP_REPORTER_KEY_MS)
                .values(reporter_key=None)
            )
            same_thread = select(reports.c.id).where(reports.c.reporter_key == key, reports.c.thread_id == thread_id)
            if conn.execute(same_thread).first() is not None:
                raise RateLimited(ALREADY_REPORTED)
            recent = select(func.count()).where(reports.c.reporter_key == key, reports.c.created_ms > now - HOUR_MS)
            if conn.execute(recent).scalar_one() >= REPORTS_PER_HOUR:
                raise RateLimited(TOO_MANY_REPORTS)
            return conn.execute(
                insert(reports).values(
                    thread_id=thread_id, reason=reason, details=details, reporter_key=key, created_ms=now, status="open"
                )
            ).inserted_primary_key[0]
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError):  # the same report from another worker at once
            raise RateLimited(ALREADY_REPORTED) from None
        raise


def list_reports(store: Store, status: str | None = "open") -> list[Report]:
    """Reports, newest first; status None lists every report."""
    query = (
        select(
            reports.c.id, reports.c.thread_id, threads.c.title, reports.c.reason, reports.c.details, reports.c.created_ms, reports.c.status
        )
        .select_from(reports.outerjoin(threads, threads.c.id == reports.c.thread_id))
        .order_by(reports.c.created_ms.desc(), reports.c.id.desc())
    )
    if status is not None:
        query = query.where(reports.c.status == status)
    with store.engine.connect() as conn:
        return [Report(*row) for row in conn.execute(query)]


def resolve_report(store: Store, report_id: int) -> bool:
    """Marks one report resolved (dismissed or acted on); False when there is no such report."""
    with store.transaction() as conn:
        return conn.execute(update(reports).where(reports.c.id == report_id).values(status="resolved")).rowcount > 0


def _resolve_reports(conn: Connection, which) -> None:
    conn.execute(update(reports).where(which, reports.c.status == "open").values(status="resolved"))


def _bare(handle: str) -> str:
    return handle.strip().lstrip("@")


def _now() -> int:
    return int(time.time() * 1000)
