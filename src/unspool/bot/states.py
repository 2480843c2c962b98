"""The mention state machine, stored in the database so every worker process agrees on it.

    received --claim--> claimed --mark_answered--> answered
        ^                  |  \\--mark_failed----> failed
        '----release-------'     (back off: not_before_ms)
    ignored: no "unroll" in it (recorded only so it is never read as new again)

Recording is idempotent (the primary key is network + mention id; duplicates are skipped) and
moves the account's cursor in the same transaction. Claiming is row-level and atomic: on
PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED`, on SQLite a conditional UPDATE whose rowcount
says who won. A claim is a lease (`claimed_until_ms`): a crashed worker's mentions become
claimable again when it runs out.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..store import Store
from ..store.claims import claim_first
from ..store.schema import bot_cursors, bot_mentions

STATES = ("received", "claimed", "answered", "failed", "ignored")
m = bot_mentions.c


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Mention:
    """A mention as an adapter read it from the network."""

    mention_id: str
    requester: str  # the requester's handle / acct, for logs and rate limits
    text: str
    triggered: bool  # "unroll" in it (outside @mentions and links)
    target_url: str | None = None  # the post to unroll, when the mention names it directly
    reply_ref: dict = field(default_factory=dict)  # what the network needs to reply to it
    created_ms: int | None = None


@dataclass
class Claimed:
    """A mention this worker holds; `attempts` counts this attempt."""

    network: str
    mention_id: str
    account: str
    requester: str
    text: str
    target_url: str | None
    reply_ref: dict
    attempts: int
    claimed_by: str
    created_ms: int


# --- recording ----------------------------------------------------------------------------


def _insert(store: Store, table):
    return (postgresql.insert if store.dialect == "postgresql" else sqlite.insert)(table)


def record(store: Store, network: str, account: str, mentions: list[Mention], cursor: str | None, *, now: int | None = None) -> int:
    """Stores new mentions (duplicates are skipped) and the cursor, in one transaction.
    Returns how many were new."""
    now = now or now_ms()
    added = 0
    with store.transaction() as conn:
        for mention in mentions:
            statement = _insert(store, bot_mentions).values(
                network=network,
                mention_id=mention.mention_id,
                account=account,
                requester=mention.requester,
                target_url=mention.target_url,
                text=mention.text[:5000],
                state="received" if mention.triggered else "ignored",
                attempts=0,
                reply_ref=json.dumps(mention.reply_ref, separators=(",", ":")),
                created_ms=mention.created_ms or now,
                updated_ms=now,
            )
            added += conn.execute(statement.on_conflict_do_nothing(index_elements=["network", "mention_id"])).rowcount
        if cursor is not None:
            statement = _insert(store, bot_cursors).values(network=network, account=account, cursor=cursor)
            # Last writer wins: a slower worker may move it back a little, and the mentions it
            # then reads again are duplicates, skipped above.
            conn.execute(statement.on_conflict_do_update(index_elements=["network", "account"], set_={"cursor": cursor}))
    return added


def get_cursor(store: Store, network: str, account: str) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(bot_cursors.c.cursor).where(bot_cursors.c.network == network, bot_cursors.c.account == account)).scalar()


# --- claiming -----------------------------------------------------------------------------


def _claimable(now: int):
    waiting = and_(m.state == "received", or_(m.not_before_ms.is_(None), m.not_before_ms <= now))
    abandoned = and_(m.state == "claimed", m.claimed_until_ms < now)
    return or_(waiting, abandoned)


def claim_next(store: Store, network: str, account: str, worker: str, *, lease_ms: int, now: int | None = None) -> Claimed | None:
    """Claims the oldest claimable mention of the account for `worker`, or None."""
    now = now or now_ms()
    mine = and_(m.network == network, m.account == account)
    claim = dict(state="claimed", claimed_by=worker, claimed_until_ms=now + lease_ms, attempts=m.attempts + 1, updated_ms=now)
    with store.transaction() as conn:
        if store.dialect == "postgresql":
            key = conn.execute(
                select(m.mention_id).where(mine, _claimable(now)).order_by(m.created_ms, m.mention_id).limit(1).with_for_update(skip_locked=True)
            ).scalar()
            if key is None:
                return None
            conn.execute(update(bot_mentions).where(m.network == network, m.mention_id == key).values(**claim))
        else:
            candidates = conn.execute(select(m.mention_id).where(mine, _claimable(now)).order_by(m.created_ms, m.mention_id).limit(8)).scalars().all()
            key = claim_first(conn, candidates, lambda candidate: update(bot_mentions).where(
                m.network == network, m.mention_id == candidate, _claimable(now)).values(**claim))
            if key is None:
                return None
        row = conn.execute(select(bot_mentions).where(m.network == network, m.mention_id == key)).mappings().one()
    return Claimed(
        network=row["network"], mention_id=row["mention_id"], account=row["account"], requester=row["requester"], text=row["text"],
        target_url=row["target_url"], reply_ref=json.loads(row["reply_ref"] or "{}"), attempts=row["attempts"],
        claimed_by=row["claimed_by"], created_ms=row["created_ms"],
    )


def _finish(store: Store, mention: Claimed, **values) -> bool:
    """Updates a mention this worker still holds; False when the claim was lost (lease ran out
    and another worker took it)."""
    values.setdefault("updated_ms", now_ms())
    with store.transaction() as conn:
        return conn.execute(
            update(bot_mentions)
            .where(m.network == mention.network, m.mention_id == mention.mention_id, m.state == "claimed", m.claimed_by == mention.claimed_by)
            .values(**values)
        ).rowcount == 1


def set_target(store: Store, mention: Claimed, target_url: str) -> None:
    mention.target_url = target_url
    _finish(store, mention, target_url=target_url)


def mark_answered(store: Store, mention: Claimed, *, reply_id: str | None, thread_id: str | None = None, replied: bool = True, note: str | None = None) -> bool:
    """answered: a reply exists (posted now, or found from an earlier attempt)."""
    now = now_ms()
    return _finish(
        store, mention, state="answered", reply_id=reply_id, thread_id=thread_id, error=note,
        replied_ms=now if replied else None, claimed_until_ms=None, not_before_ms=None, updated_ms=now,
    )


def mark_failed(store: Store, mention: Claimed, *, error: str, reply_id: str | None = None) -> bool:
    """failed: given up (a polite reply may still have been posted: `reply_id`)."""
    now = now_ms()
    return _finish(
        store, mention, state="failed", error=error[:2000], reply_id=reply_id, replied_ms=now if reply_id else None,
        claimed_until_ms=None, updated_ms=now,
    )


def release(store: Store, mention: Claimed, *, not_before_ms: int, error: str, count_attempt: bool = True) -> bool:
    """Back to received, not to be claimed before `not_before_ms`. A rate limit or backpressure
    does not count as an attempt."""
    values = dict(state="received", claimed_by=None, claimed_until_ms=None, not_before_ms=not_before_ms, error=error[:2000])
    if not count_attempt:
        values["attempts"] = m.attempts - 1
    return _finish(store, mention, **values)


# --- counting -----------------------------------------------------------------------------


def replies_since(store: Store, network: str, since_ms: int, *, requester: str | None = None) -> tuple[int, int | None]:
    """How many replies were posted on `network` since `since_ms` (to `requester`, if given),
    and the time of the oldest of them (when the window frees a slot)."""
    where = [m.network == network, m.replied_ms >= since_ms]
    if requester is not None:
        where.append(m.requester == requester)
    with store.engine.connect() as conn:
        count, oldest = conn.execute(select(func.count(), func.min(m.replied_ms)).where(*where)).one()
    return count, oldest


def status(store: Store, *, now: int | None = None) -> dict[str, dict]:
    """Per network: mentions in each state, and the age in seconds of the oldest one waiting
    (received or claimed): the bot's lag."""
    now = now or now_ms()
    result: dict[str, dict] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(select(m.network, m.state, func.count(), func.min(m.created_ms)).group_by(m.network, m.state)).all()
    for network, state, count, oldest in rows:
        entry = result.setdefault(network, {"pending": 0, "claimed": 0, "answered": 0, "failed": 0, "ignored": 0, "lag_seconds": 0.0})
        entry["pending" if state == "received" else state] = count
        if state in ("received", "claimed") and oldest is not None:
            entry["lag_seconds"] = max(entry["lag_seconds"], round((now - oldest) / 1000, 1))
    return result
