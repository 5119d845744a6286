"""article dedup: one stored article per text (a unique content hash), so concurrent inserts can meet safely;
platform_events: chat events answered recently (Slack's retries are answered once)

Revision ID: 0005
Revises: 0004

`bot/store/articles.py` inserts with `INSERT … ON CONFLICT DO NOTHING`; the unique keys are the existing
(source_key, external_id) pair (the URL, for HTTP ingest) and this content hash. Stores that already hold the
same text more than once keep every row (they may have been posted) but the later copies get a distinct
hash derived from the old one and their id, so the index can be built.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _separate_existing_twins() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, content_hash FROM articles WHERE content_hash IN "
            "(SELECT content_hash FROM articles GROUP BY content_hash HAVING COUNT(*) > 1) ORDER BY content_hash, id"
        )
    ).all()
    seen: set[str] = set()
    for article_id, digest in rows:
        if digest not in seen:
            seen.add(digest)
            continue
        distinct = hashlib.sha256(f"{digest}:{article_id}".encode()).hexdigest()
        bind.execute(sa.text("UPDATE articles SET content_hash = :h WHERE id = :id"), {"h": distinct, "id": article_id})


def upgrade() -> None:
    op.create_table(
        "platform_events",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_platform_events_seen_at", "platform_events", ["seen_at"], unique=False)
    _separate_existing_twins()
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_index("ix_articles_content_hash")
        batch_op.create_index("uq_articles_content_hash", ["content_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_platform_events_seen_at", table_name="platform_events")
    op.drop_table("platform_events")
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_index("uq_articles_content_hash")
        batch_op.create_index("ix_articles_content_hash", ["content_hash"], unique=False)
