"""The database schema: one SQLAlchemy 2 declarative model per table, portable between SQLite and PostgreSQL.

Alembic migrations under `migrations/versions` create these tables; the models are the reference the
migrations are checked against (`tests/store/test_migrations.py`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """The wall clock, for creation timestamps only: the column default of rows inserted without a time
    (like a server default), and the fallback of store functions called without `now=`. Every service path
    passes its injected clock (`Services.clock`) as `now=`, so tests with a fake clock see their own time."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Source(Base):
    """Where articles come from, with its health: a feed that keeps failing is disabled, and says why."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # folder | feed | url | http
    key: Mapped[str] = mapped_column(String(2048), unique=True)  # folder path or feed URL
    name: Mapped[str] = mapped_column(String(512), default="")
    interval_s: Mapped[int] = mapped_column(Integer, default=900)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failures
    total_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    articles_seen: Mapped[int] = mapped_column(Integer, default=0)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # migration 0006: where the feed came from (config | chat | opml | import), its OPML category path, and
    # when an admin removed it (a tombstone, so the TOML file's initial set does not bring it back).
    origin: Mapped[str] = mapped_column(String(16), default="config")
    category: Mapped[str] = mapped_column(String(512), default="")
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Story(Base):
    """One event, however many outlets wrote about it; posts and alerts are per story."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(1024))
    source_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ArticleRow(Base):
    """An article and where it is in its life: new → briefed → published (or failed, with the reason)."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_key", "external_id", name="uq_articles_source_external"),
        Index("ix_articles_state", "state"),
        Index("uq_articles_content_hash", "content_hash", unique=True),  # one stored copy of a text
        Index("ix_articles_published", "published"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    source_key: Mapped[str] = mapped_column(String(2048))
    external_id: Mapped[str] = mapped_column(String(2048))
    origin: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(String(512))
    published: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="new")  # new | briefed | published | failed
    error: Mapped[str | None] = mapped_column(Text)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"))
    # The worker briefing it (`bot.store.claims`): only the lease holder may store its brief.
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # outbox rows made for it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BriefRow(Base):
    """The brief of an article, kept as the stable JSON schema so a restart can publish without re-summarising."""

    __tablename__ = "briefs"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    data: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(String(32), default="extractive")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Sentence(Base):
    """Every sentence of every briefed article, in order: what `/ask` searches and `/who` quotes from."""

    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("article_id", "position", name="uq_sentences_article_position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EntityRow(Base):
    """A person, organisation or place across all stored articles (the `/who` card)."""

    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_key", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(512))  # normalised full name
    type: Mapped[str] = mapped_column(String(16))
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EntityAlias(Base):
    __tablename__ = "entity_aliases"
    __table_args__ = (
        UniqueConstraint("entity_id", "alias", name="uq_entity_aliases"),
        Index("ix_entity_aliases_alias", "alias"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(512))  # normalised: lower case, no title, no possessive


class MentionRow(Base):
    """An entity in one article, with the role the article gave it."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("entity_id", "article_id", name="uq_mentions"),
        # The few rows whose stated roles are still to be backfilled: the background job finds them (or that
        # none are left) without scanning every mention.
        Index(
            "ix_mentions_roles_pending",
            "id",
            sqlite_where=text("stated_roles IS NULL"),
            postgresql_where=text("stated_roles IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(512), default="")
    count: Mapped[int] = mapped_column(Integer, default=1)
    salience: Mapped[float] = mapped_column(Float, default=0.0)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Every role the article states for the entity (a JSON list, most specific first), computed when the
    # article is indexed; NULL on rows stored before migration 0008 until they are backfilled.
    stated_roles: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    # False for people the brief names beside its key actors (`Brief.also_named`): found by `/who`, left out
    # of story grouping and a card's company.
    key_actor: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class QuoteRow(Base):
    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    speaker: Mapped[str] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")


class Channel(Base):
    """A place the bot posts to, with its local time for the digest and its flood limits."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("platform", "channel_id", name="uq_channels"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(256), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    digest_time: Mapped[str] = mapped_column(String(5), default="08:00")  # HH:MM local
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_only: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_per_story: Mapped[bool] = mapped_column(Boolean, default=True)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    max_per_hour: Mapped[int] = mapped_column(Integer, default=6)
    max_per_day: Mapped[int] = mapped_column(Integer, default=40)
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # set when first seen
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Subscription(Base):
    """A topic alert: keywords, an entity or a semantic topic; delivered by DM or in a channel."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("platform", "user_id", "channel_id", "query", name="uq_subscriptions"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64), default="")  # "" = personal (DM)
    kind: Mapped[str] = mapped_column(String(16))  # keyword | entity | semantic
    query: Mapped[str] = mapped_column(String(1024))
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Delivery(Base):
    """One thing delivered to one channel; the unique key is what makes publishing exactly-once."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("platform", "channel_id", "item_key", name="uq_deliveries"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(64))
    item_key: Mapped[str] = mapped_column(String(256))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    message_id: Mapped[str | None] = mapped_column(String(128))
    thread_id: Mapped[str | None] = mapped_column(String(128), index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was sent (alerts: the match explanation)
    error: Mapped[str | None] = mapped_column(Text)
    # The worker sending it: a pending delivery is retried only once its lease has expired.
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlatformEvent(Base):
    """A chat platform's event id, kept for a while so a re-sent event (Slack retries when an answer
    seems slow) is answered once, whichever process or restart receives the retry."""

    __tablename__ = "platform_events"
    __table_args__ = (Index("ix_platform_events_seen_at", "seen_at"),)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
