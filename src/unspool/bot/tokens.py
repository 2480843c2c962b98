"""OAuth 2.0 refresh for a bot account (X): the access token lasts about 2 hours, and every
refresh ROTATES the refresh token (the old one stops working). So the current pair and its
expiry live in the database (`bot_tokens`), shared by every worker process and kept across
restarts; the environment only seeds the first run (or a new authorisation: a token pair in
the environment that differs from the one the row was seeded from replaces the row).

A refresh happens shortly before expiry (proactive) or after a 401 (reactive), under a row
lock: PostgreSQL `SELECT … FOR UPDATE`; SQLite takes the write lock with a no-op UPDATE first,
which serialises writers. Inside the lock the stored pair is read again: when another worker
already refreshed, its token is used and no request is sent. `locked_row` and `write_row` serve
the Bluesky session too (bot/bluesky.py).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import AuthFailed, RemoteError
from ..sources.http import _rate_limited, fetch, retry_after
from ..store import Store
from ..store.schema import bot_tokens

log = logging.getLogger("unspool.bot")
t = bot_tokens.c
REFRESH_MARGIN_SECONDS = 300.0  # refresh this long before the access token runs out


def locked_row(store: Store, conn, network: str, account: str):
    """The `bot_tokens` row of (network, account), locked until `conn`'s transaction ends, or
    None. PostgreSQL: `SELECT … FOR UPDATE` (a missing row locks nothing); SQLite: a no-op
    UPDATE takes the database's write lock first, so the read cannot go stale."""
    key = (t.network == network, t.account == account)
    if store.dialect == "postgresql":
        return conn.execute(select(bot_tokens).where(*key).with_for_update()).mappings().first()
    conn.execute(update(bot_tokens).where(*key).values(updated_ms=t.updated_ms))
    return conn.execute(select(bot_tokens).where(*key)).mappings().first()


def write_row(store: Store, conn, network: str, account: str, values: dict, *, exists: bool):
    """Updates the row (`exists`) or inserts it, and returns the row as stored. Two workers
    inserting at once: the first insert wins and both read it back."""
    key = (t.network == network, t.account == account)
    if exists:
        conn.execute(update(bot_tokens).where(*key).values(**values))
    else:
        insert = (postgresql.insert if store.dialect == "postgresql" else sqlite.insert)(bot_tokens)
        conn.execute(insert.values(network=network, account=account, **values).on_conflict_do_nothing(index_elements=["network", "account"]))
    return conn.execute(select(bot_tokens).where(*key)).mappings().one()


def _seed_hash(access_token: str, refresh_token: str | None) -> str:
    return hashlib.sha256(f"{access_token}\n{refresh_token or ''}".encode()).hexdigest()


class OAuthTokens:
    """The access token of one account, refreshed with a rotating refresh token."""

    def __init__(
        self,
        client,
        *,
        network: str,
        account: str,
        token_url: str,
        access_token: str,
        refresh_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        store: Store | None = None,
        clock: Callable[[], float] = time.time,
        margin_seconds: float = REFRESH_MARGIN_SECONDS,
    ):
        self.client, self.network, self.account, self.token_url = client, network, account, token_url
        self.client_id, self.client_secret = client_id, client_secret
        self.store, self.clock, self.margin_ms = store, clock, int(margin_seconds * 1000)
        self.access_token, self.refresh_token, self.expires_ms = access_token, refresh_token, None
        if store is not None:
            self._load_or_seed(seed=_seed_hash(access_token, refresh_token))

    @property
    def can_refresh(self) -> bool:
        return bool(self.refresh_token and self.client_id)

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    # --- the stored pair ---

    def _key(self):
        return (t.network == self.network, t.account == self.account)

    def _load_or_seed(self, seed: str) -> None:
        with self.store.transaction() as conn:
            row = conn.execute(select(bot_tokens).where(*self._key())).mappings().first()
            if row is None or row["seed"] != seed:  # a first run, or a new authorisation in the environment
                values = {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_ms": None, "seed": seed, "updated_ms": self.now_ms()}
                row = write_row(self.store, conn, self.network, self.account, values, exists=row is not None)
            self.access_token, self.refresh_token, self.expires_ms = row["access_token"], row["refresh_token"], row["expires_ms"]

    # --- using and refreshing ---

    def current(self) -> str:
        """The access token to send now (refreshed first when it is about to run out)."""
        if self.expires_ms is not None and self.can_refresh and self.now_ms() >= self.expires_ms - self.margin_ms:
            return self.refresh(self.access_token)
        return self.access_token

    def refresh(self, stale: str) -> str:
        """A new access token in place of `stale` (refused, or about to run out). Raises
        AuthFailed when there is no way to get one: the operator must authorise again."""
        if not self.can_refresh:
            raise AuthFailed(
                f"{self.network}: the access token was refused or has expired and cannot be refreshed: set UNSPOOL_X_REFRESH_TOKEN "
                "and UNSPOOL_X_CLIENT_ID (authorise with the offline.access scope), or a new UNSPOOL_X_USER_TOKEN"
            )
        if self.store is None:
            self._apply(self._request(self.refresh_token))
            return self.access_token
        with self.store.transaction() as conn:
            row = locked_row(self.store, conn, self.network, self.account)
            if row is None:
                raise AuthFailed(f"{self.network}: the stored tokens of account {self.account} are gone; restart the bot")
            fresh = row["expires_ms"] is None or self.now_ms() < row["expires_ms"] - self.margin_ms
            if row["access_token"] != stale and fresh:  # another worker refreshed already
                self.access_token, self.refresh_token, self.expires_ms = row["access_token"], row["refresh_token"], row["expires_ms"]
                return self.access_token
            answer = self._request(row["refresh_token"])
            self._apply(answer)
            conn.execute(
                update(bot_tokens).where(*self._key()).values(
                    access_token=self.access_token, refresh_token=self.refresh_token, expires_ms=self.expires_ms, updated_ms=self.now_ms(),
                )
            )
        log.info("event=token_refreshed network=%s account=%s expires_in_s=%s", self.network, self.account,
                 None if self.expires_ms is None else round((self.expires_ms - self.now_ms()) / 1000))
        return self.access_token

    def _apply(self, answer: dict) -> None:
        self.access_token = answer["access_token"]
        self.refresh_token = answer.get("refresh_token") or self.refresh_token  # rotated (X always sends a new one)
        try:
            self.expires_ms = self.now_ms() + int(float(answer["expires_in"]) * 1000)
        except (KeyError, TypeError, ValueError):
            self.expires_ms = None  # unknown: refreshed when refused

    def _request(self, refresh_token: str | None) -> dict:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token or ""}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if self.client_secret:  # a confidential client authenticates with HTTP Basic
            basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            headers["Authorization"] = f"Basic {basic}"
        else:  # a public client names itself in the form
            form["client_id"] = self.client_id or ""
        response = fetch(self.client, self.token_url, method="POST", headers=headers, content=urlencode(form).encode())
        host = urlsplit(self.token_url).hostname or self.token_url
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code == 429:
            raise _rate_limited(self.token_url, retry_after(response.headers.get("retry-after")))
        if response.status_code in (400, 401, 403):
            error = data.get("error") if isinstance(data, dict) else None
            detail = (data.get("error_description") if isinstance(data, dict) else None) or response.text[:200]
            raise AuthFailed(
                f"{self.network}: refreshing the access token of account {self.account} failed ({host} answered HTTP {response.status_code}"
                f"{f' {error}' if error else ''}: {detail}). The refresh token is no longer valid: authorise the bot account again "
                "and set the new UNSPOOL_X_USER_TOKEN and UNSPOOL_X_REFRESH_TOKEN, then restart the bot. Mentions wait until then."
            )
        if not 200 <= response.status_code < 300 or not isinstance(data, dict) or not data.get("access_token"):
            raise RemoteError(f"{host} answered HTTP {response.status_code} to a token refresh; try again later", url=self.token_url, status=response.status_code)
        return data

