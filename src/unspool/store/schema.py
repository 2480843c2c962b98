"""Table definitions (SQLAlchemy Core). Migrations in `migrations/versions` create them."""

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint

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
    Index("ix_threads_author_created", "author_id", "created_ms"),
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
