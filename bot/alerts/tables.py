"""The alert layer's own tables (migration 0003), on the store's `Base` so one metadata describes the schema.

- `article_signatures`: what story grouping compares (MinHash, embedding, entity keys, time), per article.
- `subscription_vectors`: the MiniLM vector of each semantic subscription, embedded once at `/subscribe`.
- `alert_matches`: one row per (subscription, story): the alert fires once, and `/why` can say why.
- `outbox`: one row per (recipient, story): what will be / was shown where, held through quiet hours and
  flood caps, and grouped into one message (`batch_key`) before sending so a restart re-sends the same batch.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, utcnow


class ArticleSignature(Base):
    """An article's fingerprints for "same story?" and "which subscriptions?", kept for the story window."""

    __tablename__ = "article_signatures"
    __table_args__ = (Index("ix_article_signatures_at", "at"),)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(512), default="")  # the outlet, for "3 sources"
    minhash: Mapped[bytes] = mapped_column(LargeBinary)  # uint32 × NUM_PERM
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 × 384, unit length
    entities: Mapped[list] = mapped_column(JSON, default=list)  # normalised entity keys (and surnames)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # published, else when briefed (UTC)
    story_reason: Mapped[str] = mapped_column(Text, default="")  # why it joined (or started) its story


class SubscriptionVector(Base):
    """A semantic subscription's embedding: computed once, so matching never runs the model per topic."""

    __tablename__ = "subscription_vectors"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class AlertMatch(Base):
    """A subscription matched a story: at most once per story, with the explanation shown to the reader."""

    __tablename__ = "alert_matches"
    __table_args__ = (UniqueConstraint("subscription_id", "story_id", name="uq_alert_matches"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64), default="")  # "" = personal (DM)
    reason: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float, default=1.0)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxItem(Base):
    """One story for one recipient (a channel, or a user's DMs): pending → held → sending → sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("platform", "target", "is_dm", "story_id", name="uq_outbox"),
        Index("ix_outbox_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(64))  # channel id, or the user id of a DM
    is_dm: Mapped[bool] = mapped_column(Boolean, default=False)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # post (the channel's story post) | alert (subscribers only)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | held | sending | sent
    held_reason: Mapped[str | None] = mapped_column(String(16))  # quiet | flood
    release_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    batch_key: Mapped[str | None] = mapped_column(String(128), index=True)  # the delivery it goes out in
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
