"""The bot's loop for one account, the same for every network:

    poll mentions since the cursor -> record them (with the cursor, one transaction)
    -> claim one -> already replied? -> unroll -> reply -> mark answered -> claim the next

Exactly once: a mention is processed only by the worker that claimed it, and before posting
the worker asks the network whether the bot already replied to it (the window between "reply
posted" and "marked answered" is a crash away); Mastodon and Bluesky also get an idempotency
key. Rate limits are counted from the database, so they hold across workers; over a limit, or
when the network answers 429, mentions stay pending with a `not_before` and nothing is dropped.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from ..config import Settings
from ..errors import AuthFailed, Blocked, FetchRefused, Forbidden, NotFound, NotFoundRemote, RateLimited, RemoteError, StoreError, UnspoolError
from ..store import Store
from ..store.moderation import thread_status
from ..unroll import unroll_url
from . import replies, states
from .replies import Message, Reply
from .states import Claimed, Mention

log = logging.getLogger("unspool.bot")

# Test hook, not a setting: `UNSPOOL_BOT_PAUSE_AT=recorded` (the mention is recorded and claimed,
# no reply posted yet) or `=posted` (the reply is on the network, the row not yet marked) makes
# the worker print `UNSPOOL_BOT_PAUSED at=<point> mention=<id>` on stdout and sleep there, so a
# test can SIGKILL the process at exactly that point (tests/bot/test_worker_processes.py).
# Unset (always, outside those tests) it does nothing.
PAUSE_ENV = "UNSPOOL_BOT_PAUSE_AT"


def _pause_point(point: str, mention: Claimed) -> None:
    if os.environ.get(PAUSE_ENV) == point:
        print(f"UNSPOOL_BOT_PAUSED at={point} mention={mention.mention_id}", flush=True)
        while True:
            time.sleep(3600)


class Adapter(Protocol):
    """One bot account on one network (bot/mastodon.py, bot/bluesky.py, bot/x.py)."""

    network: str
    account: str  # the bot's own id there; mentions and cursors are kept per account

    def fetch_mentions(self, cursor: str | None) -> tuple[list[Mention], str | None]:
        """Mentions newer than `cursor` and the cursor after them (None: unchanged)."""

    def resolve_target(self, mention: Claimed) -> str | None:
        """The URL of the post to unroll (it may take a request), or None when there is none."""

    def find_reply(self, mention: Claimed) -> str | None:
        """The id of the bot's existing reply to the mention, if the network shows one."""

    def post_reply(self, mention: Claimed, reply: Reply) -> str:
        """Posts the reply; returns its id."""

    def reply_prefix(self, mention: Claimed) -> str:
        """Text that must open the reply (Mastodon: the @acct, or a direct reply reaches no one)."""


@dataclass(frozen=True)
class Limits:
    per_requester: int = 5  # replies to one account ...
    per_requester_seconds: int = 3600  # ... in this window
    global_replies: int = 60  # replies on one network ...
    global_seconds: int = 60  # ... in this window
    max_attempts: int = 3  # network errors: retried (with backoff) this many times in all
    backoff_seconds: float = 30.0  # first retry after this, then doubling
    lease_seconds: float = 300.0  # a claim older than this is taken to be a crashed worker's
    poll_seconds: float = 15.0  # the pause between polls in `run_forever`
    rate_limit_seconds: float = 60.0  # the pause after a 429 that did not say how long
    auth_pause_seconds: float = 300.0  # the pause after the account's credentials were refused


def event(name: str, level: int = logging.INFO, **fields) -> None:
    """One structured log line: `event=answered network=x mention=… latency_ms=…`."""
    parts = [f"event={name}"]
    for key, value in fields.items():
        text = str(value)
        parts.append(f"{key}={text!r}" if (not text or any(c.isspace() or c in "\"'=" for c in text)) else f"{key}={text}")
    log.log(level, " ".join(parts))


def make_adapter(network: str, settings: Settings, store: Store | None = None) -> Adapter:
    """The account named by the settings on `network` (this logs in / checks the token). X and
    Bluesky keep their tokens in `store`."""
    if network == "mastodon":
        from .mastodon import MastodonBot

        return MastodonBot.from_settings(settings)
    if network == "bluesky":
        from .bluesky import BlueskyBot

        return BlueskyBot.from_settings(settings, store=store)
    if network == "x":
        from .x import XBot

        return XBot.from_settings(settings, store=store)
    raise UnspoolError(f"unknown network {network!r}: use mastodon, bluesky or x")


class Worker:
    def __init__(
        self,
        adapter: Adapter,
        store: Store,
        settings: Settings,
        *,
        limits: Limits = Limits(),
        worker_id: str | None = None,
        unroll: Callable = unroll_url,
        clock: Callable[[], float] = time.time,
    ):
        if not settings.public_url:
            raise UnspoolError("the bot links to thread pages on your site: set UNSPOOL_PUBLIC_URL (e.g. https://unspool.example)")
        self.adapter, self.store, self.settings, self.limits = adapter, store, settings, limits
        self.public_url = settings.public_url.rstrip("/")
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        factory = getattr(adapter, "fetcher_factory", None)  # Bluesky: unroll with the bot's session
        self.unroll = partial(unroll, fetcher_factory=factory) if factory is not None and unroll is unroll_url else unroll
        self.clock = clock
        self.paused_until = 0.0  # after a 429 from the bot's own network

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    # --- the loop ------------------------------------------------------------------------

    def run_once(self) -> dict[str, int]:
        """Polls once, then handles every mention that can be claimed now."""
        recorded = self.poll()
        counts = {"recorded": recorded, "answered": 0, "deferred": 0, "failed": 0}
        while self.clock() >= self.paused_until:
            mention = states.claim_next(
                self.store, self.adapter.network, self.adapter.account, self.worker_id,
                lease_ms=int(self.limits.lease_seconds * 1000), now=self.now_ms(),
            )
            if mention is None:
                break
            counts[self.handle(mention)] += 1
        return counts

    def run_forever(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        event("started", network=self.adapter.network, account=self.adapter.account, worker=self.worker_id)
        while not stop.is_set():
            try:
                self.run_once()
            except StoreError as exc:  # the database is down: keep trying, mentions wait on the network
                event("store_error", logging.ERROR, error=exc)
            stop.wait(max(self.limits.poll_seconds, self.paused_until - self.clock()))

    def poll(self) -> int:
        if self.clock() < self.paused_until:
            return 0
        network, account = self.adapter.network, self.adapter.account
        cursor = states.get_cursor(self.store, network, account)
        try:
            mentions, new_cursor = self.adapter.fetch_mentions(cursor)
        except RateLimited as exc:
            self._pause(exc)
            return 0
        except AuthFailed as exc:
            self._auth_failed(exc)
            return 0
        except UnspoolError as exc:
            event("poll_failed", logging.WARNING, network=network, error=exc)
            return 0
        added = states.record(self.store, network, account, mentions, new_cursor, now=self.now_ms())
        if added:
            event("recorded", network=network, new=added, read=len(mentions), cursor=new_cursor)
        return added

    # --- one mention ---------------------------------------------------------------------

    def handle(self, mention: Claimed) -> str:
        """Takes a claimed mention to answered or failed, or releases it for later; returns
        "answered", "failed" or "deferred"."""
        fields = dict(network=mention.network, mention=mention.mention_id, requester=mention.requester, attempt=mention.attempts)
        wait = self._rate_limit_wait(mention)
        if wait:
            states.release(self.store, mention, not_before_ms=self.now_ms() + int(wait * 1000), error="rate limit: waiting", count_attempt=False)
            event("deferred", reason="rate_limit", wait_s=round(wait, 1), **fields)
            return "deferred"
        try:
            existing = self.adapter.find_reply(mention)
            if existing:  # posted before a crash, never marked: do not post again
                states.mark_answered(self.store, mention, reply_id=existing, note="reply found on the network")
                event("already_replied", reply=existing, **fields)
                return "answered"
            message, thread_id = self.message_for(mention)
            reply = replies.compose(mention.network, message, prefix=self.adapter.reply_prefix(mention))
            _pause_point("recorded", mention)
            reply_id = self.adapter.post_reply(mention, reply)
            _pause_point("posted", mention)
        except RateLimited as exc:
            self._pause(exc)
            states.release(self.store, mention, not_before_ms=int(self.paused_until * 1000), error=str(exc), count_attempt=False)
            event("deferred", reason="network_rate_limit", wait_s=round(self.paused_until - self.clock(), 1), **fields)
            return "deferred"
        except AuthFailed as exc:  # the operator must authorise again: the mention waits
            self._auth_failed(exc)
            states.release(self.store, mention, not_before_ms=int(self.paused_until * 1000), error=str(exc), count_attempt=False)
            event("deferred", reason="auth_failed", **fields)
            return "deferred"
        except (RemoteError, StoreError) as exc:
            return self._retry_or_fail(mention, exc, fields)
        except (NotFoundRemote, Forbidden) as exc:  # the mention itself is gone or hidden: no one to answer
            states.mark_failed(self.store, mention, error=str(exc))
            event("failed", logging.WARNING, reason="mention_unavailable", error=exc, **fields)
            return "failed"
        except Exception as exc:  # a bug or an odd answer: retried, then failed, never looping
            log.exception("unexpected error handling mention %s", mention.mention_id)
            return self._retry_or_fail(mention, exc, fields)
        states.mark_answered(self.store, mention, reply_id=reply_id, thread_id=thread_id, note=None if message.kind == "thread" else message.kind)
        latency = self.now_ms() - mention.created_ms
        event("answered", kind=message.kind, reply=reply_id, thread=thread_id, latency_ms=latency, **fields)
        return "answered"

    def message_for(self, mention: Claimed) -> tuple[Message, str | None]:
        """What to answer: the thread's link, or why not. Network trouble (RemoteError,
        RateLimited) propagates so the mention is retried."""
        try:
            url = mention.target_url or self.adapter.resolve_target(mention)
        except (NotFoundRemote, Forbidden, NotFound):
            return Message("unavailable"), None
        if url is None:
            return Message("no_target"), None
        if url != mention.target_url:
            states.set_target(self.store, mention, url)
        try:
            thread = self.unroll(url, self.store, self.settings)
        except Blocked:
            return Message("blocked"), None
        except (NotFoundRemote, Forbidden, NotFound):
            return Message("unavailable"), None
        except (RateLimited, RemoteError, StoreError):
            raise
        except FetchRefused:
            return Message("cannot"), None
        except UnspoolError as exc:
            return Message("too_old" if "7-day" in str(exc) else "cannot"), None
        with self.store.engine.connect() as conn:
            status = thread_status(conn, thread.id)
        if status == "author_blocked":
            return Message("blocked"), thread.id
        if status == "taken_down":
            return Message("taken_down"), thread.id
        kind = "thread" if len(thread.posts) > 1 else "single"
        return Message(kind, thread.title, f"{self.public_url}/t/{thread.id}"), thread.id

    def _retry_or_fail(self, mention: Claimed, exc: Exception, fields: dict) -> str:
        if mention.attempts < self.limits.max_attempts:
            wait = self.limits.backoff_seconds * 2 ** (mention.attempts - 1)
            states.release(self.store, mention, not_before_ms=self.now_ms() + int(wait * 1000), error=str(exc))
            event("retry_later", logging.WARNING, wait_s=wait, error=exc, **fields)
            return "deferred"
        reply_id = None
        try:  # one polite answer, if the bot's own network lets us
            if not self.adapter.find_reply(mention):
                reply = replies.compose(mention.network, Message("failed"), prefix=self.adapter.reply_prefix(mention))
                reply_id = self.adapter.post_reply(mention, reply)
        except UnspoolError as post_error:
            event("failure_reply_failed", logging.WARNING, error=post_error, **fields)
        states.mark_failed(self.store, mention, error=str(exc), reply_id=reply_id)
        event("failed", logging.WARNING, reason="network_error", error=exc, reply=reply_id, **fields)
        return "failed"

    def _rate_limit_wait(self, mention: Claimed) -> float:
        """Seconds until a reply to this mention stays within the limits (0: now)."""
        now = self.now_ms()
        waits = [0.0]
        for requester, limit, seconds in (
            (mention.requester, self.limits.per_requester, self.limits.per_requester_seconds),
            (None, self.limits.global_replies, self.limits.global_seconds),
        ):
            count, oldest = states.replies_since(self.store, mention.network, now - seconds * 1000, requester=requester)
            if count >= limit:
                waits.append(((oldest or now) + seconds * 1000 - now) / 1000 + 0.001)
        return max(waits)

    def _auth_failed(self, exc: AuthFailed) -> None:
        self.paused_until = max(self.paused_until, self.clock() + self.limits.auth_pause_seconds)
        event("auth_failed", logging.ERROR, network=self.adapter.network, wait_s=self.limits.auth_pause_seconds, error=exc)

    def _pause(self, exc: RateLimited) -> None:
        wait = exc.retry_after if exc.retry_after is not None else self.limits.rate_limit_seconds
        self.paused_until = max(self.paused_until, self.clock() + wait)
        event("rate_limited", logging.WARNING, network=self.adapter.network, wait_s=round(wait, 1), error=exc)
