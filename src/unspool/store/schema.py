"""Table definitions (SQLAlchemy Core). Migrations in `migrations/versions` create them."""

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, PrimaryKeyConstraint, String, Table, Text, UniqueConstraint, text

from ..model import Author

metadata = MetaData()

authors = Table(
    "authors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("network", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("avatar_url", Text),
    Column("profile_url", Text),
    Column("avatar_local_name", Text),  # Author.avatar_local_name
    UniqueConstraint("network", "native_id", name="uq_authors_network_native_id"),
)

threads = Table(
    "threads",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("network", String(32), nullable=False),
    Column("author_id", Integer, ForeignKey("authors.id"), nullable=False),
    Column("root_post_id", String(255), nullable=False),
    Column("title", Text, nullable=False),
    Column("post_count", Integer, nullable=False),
    # Times as epoch milliseconds: portable across SQLite and PostgreSQL, cheap to sort.
    Column("created_ms", BigInteger, nullable=False),
    Column("last_post_ms", BigInteger, nullable=False),
    Column("stored_ms", BigInteger, nullable=False),
    Index("ix_threads_created", "created_ms", "id"),  # migration 0008: keyset pages (store/listing.py)
    Index("ix_threads_author_created", "author_id", "created_ms", "id"),
    Index("ix_threads_stored", "stored_ms"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    # Deferred: an import stores posts before the thread rows that summarise them.
    Column("thread_id", String(32), ForeignKey("threads.id", deferrable=True, initially="DEFERRED"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("network", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("reply_to_id", String(255)),
    Column("created_ms", BigInteger, nullable=False),
    # The whole Post as msgspec JSON: one decode gives back exactly what the source produced.
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("network", "native_id", name="uq_posts_network_native_id"),
    Index("ix_posts_thread_position", "thread_id", "position"),
)

# Moderation (migration 0002). No foreign keys to threads: an import deletes and re-stores
# thread rows, and a takedown or report must outlive that (thread ids are stable).
takedowns = Table(
    "takedowns",
    metadata,
    Column("thread_id", String(32), primary_key=True),
    Column("reason", Text, nullable=False, default=""),
    Column("created_ms", BigInteger, nullable=False),
)

blocked_authors = Table(
    "blocked_authors",
    metadata,
    # The account, not the handle: a renamed account stays blocked.
    Column("network", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("handle", String(255), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("network", "native_id", name="pk_blocked_authors"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("thread_id", String(32), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("details", Text, nullable=False, default=""),
    # Keyed hash of the reporter's network and the day (never the address); set to NULL once
    # the rate-limit windows have passed. One report per thread per reporter and day.
    Column("reporter_key", String(64)),
    Column("created_ms", BigInteger, nullable=False),
    Column("status", String(16), nullable=False, default="open"),
    UniqueConstraint("reporter_key", "thread_id", name="uq_reports_reporter_thread"),
    Index("ix_reports_status_created", "status", "created_ms"),
)

# Server-side secrets the database generates for itself (the reporter-key salt).
site_keys = Table(
    "site_keys",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The unroll bot (migration 0003): every mention it read, as an explicit state machine
# (received -> claimed -> answered | failed; or ignored), and where each account's polling stopped.
bot_mentions = Table(
    "bot_mentions",
    metadata,
    Column("network", String(32), nullable=False),
    Column("mention_id", String(255), nullable=False),
    Column("account", String(255), nullable=False),  # the bot account that was mentioned
    Column("requester", String(255), nullable=False),
    Column("target_url", Text),  # the post to unroll; NULL until known (or when there is none)
    Column("text", Text, nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_by", String(128)),
    Column("claimed_until_ms", BigInteger),
    Column("not_before_ms", BigInteger),  # backoff: not claimed again before this time
    Column("reply_ref", Text, nullable=False, default="{}"),  # JSON: what the network needs to reply
    Column("reply_id", String(255)),
    Column("replied_ms", BigInteger),  # when a reply was posted (rate limits count these)
    Column("thread_id", String(32)),
    Column("error", Text),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("network", "mention_id", name="pk_bot_mentions"),
    Index("ix_bot_mentions_state", "network", "state", "created_ms"),
    Index("ix_bot_mentions_requester", "network", "requester", "replied_ms"),
    Index("ix_bot_mentions_replied", "network", "replied_ms"),
)

bot_cursors = Table(
    "bot_cursors",
    metadata,
    Column("network", String(32), nullable=False),
    Column("account", String(255), nullable=False),
    Column("cursor", Text, nullable=False),
    PrimaryKeyConstraint("network", "account", name="pk_bot_cursors"),
)

# The bot's OAuth tokens (migration 0004), per account: X rotates refresh tokens on every
# refresh, so the newest pair lives here, shared by every worker; `seed` is a hash of the
# refresh token from the environment it started from (a new one there replaces the row).
bot_tokens = Table(
    "bot_tokens",
    metadata,
    Column("network", String(32), nullable=False),
    Column("account", String(255), nullable=False),
    Column("access_token", Text, nullable=False),
    Column("refresh_token", Text),
    Column("expires_ms", BigInteger),  # NULL: unknown (a token from the environment)
    Column("seed", String(64), nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("network", "account", name="pk_bot_tokens"),
)

# What pages were rendered from, as it changes (migration 0006, store/changes.py): every
# transaction that changes what a public page shows adds one row per tag, in commit order.
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("tag", String(300), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
)


# The job queue (migration 0007, jobs/queue.py): slow outbound work as explicit states
# (queued -> running -> done | failed), claimed by job workers with a lease. `key` names the
# work (the post asked for): while a job for it is open, the same request shares that job.
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),  # random: the status URL does not enumerate others' requests
    Column("kind", String(16), nullable=False),  # "unroll" | "refresh"
    Column("key", String(600), nullable=False),
    Column("url", Text, nullable=False),
    Column("host", String(300), nullable=False),  # the origin the limits and backoff count
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("not_before_ms", BigInteger),
    Column("claimed_by", String(128)),
    Column("claimed_until_ms", BigInteger),
    Column("thread_id", String(32)),
    Column("error", Text),
    Column("error_kind", String(32)),  # the UnspoolError subclass, so callers map it as before
    Column("requester_key", String(64)),  # moderation.reporter_key: keyed, daily-rotating
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("finished_ms", BigInteger),
    Index("ix_jobs_state", "state", "created_ms"),
    Index("ix_jobs_host_state", "host", "state"),
    Index("ix_jobs_requester", "requester_key", "created_ms"),
    Index("ix_jobs_finished", "finished_ms"),
    Index(
        "uq_jobs_open_key", "key", unique=True,
        sqlite_where=text("state IN ('queued', 'running')"), postgresql_where=text("state IN ('queued', 'running')"),
    ),
)

# Per-host backoff: a 429/503 with Retry-After defers every job of that host until then.
job_hosts = Table(
    "job_hosts",
    metadata,
    Column("host", String(300), primary_key=True),
    Column("not_before_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
)


def author_columns() -> tuple:
    """The authors columns `author_from_row` reads, in its order."""
    a = authors.c
    return (a.network, a.native_id, a.handle, a.name, a.avatar_url, a.profile_url, a.avatar_local_name)


def author_from_row(row) -> Author:
    network, native_id, handle, name, avatar_url, profile_url, avatar_local_name = row
    return Author(network=network, native_id=native_id, handle=handle, name=name, avatar_url=avatar_url,
                  profile_url=profile_url, avatar_local_name=avatar_local_name)
