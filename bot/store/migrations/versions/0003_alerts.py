"""alerts: article signatures for stories, semantic subscription vectors, alert matches, the outbox

Revision ID: 0003
Revises: 0002

Models: `bot/alerts/tables.py`. Plain portable DDL (SQLite and PostgreSQL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("story_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_article_signatures_at", "article_signatures", ["at"], unique=False)
    op.create_index("ix_article_signatures_story_id", "article_signatures", ["story_id"], unique=False)

    op.create_table(
        "subscription_vectors",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("subscription_id"),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("is_dm", sa.Boolean(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("held_reason", sa.String(length=16), nullable=True),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("batch_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "target", "is_dm", "story_id", name="uq_outbox"),
    )
    op.create_index("ix_outbox_status", "outbox", ["status"], unique=False)
    op.create_index("ix_outbox_story_id", "outbox", ["story_id"], unique=False)
    op.create_index("ix_outbox_batch_key", "outbox", ["batch_key"], unique=False)

    op.create_table(
        "alert_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscription_id", "story_id", name="uq_alert_matches"),
    )
    for column in ("subscription_id", "story_id", "article_id", "outbox_id"):
        op.create_index(f"ix_alert_matches_{column}", "alert_matches", [column], unique=False)


def downgrade() -> None:
    for column in ("subscription_id", "story_id", "article_id", "outbox_id"):
        op.drop_index(f"ix_alert_matches_{column}", table_name="alert_matches")
    op.drop_table("alert_matches")
    op.drop_index("ix_outbox_batch_key", table_name="outbox")
    op.drop_index("ix_outbox_story_id", table_name="outbox")
    op.drop_index("ix_outbox_status", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("subscription_vectors")
    op.drop_index("ix_article_signatures_story_id", table_name="article_signatures")
    op.drop_index("ix_article_signatures_at", table_name="article_signatures")
    op.drop_table("article_signatures")
