"""feeds from chat and per-channel routing: source origin, OPML category, removal tombstone; source routes

Revision ID: 0006
Revises: 0005

Models: `Source` in `bot/store/tables.py`, `SourceRoute` in `bot/store/sources.py`. Plain portable DDL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=16), nullable=False, server_default="config"))
        batch.add_column(sa.Column("category", sa.String(length=512), nullable=False, server_default=""))
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "source_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("query", sa.String(length=1024), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "platform", "channel_id", name="uq_source_routes"),
    )
    op.create_index("ix_source_routes_source_id", "source_routes", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_source_routes_source_id", table_name="source_routes")
    op.drop_table("source_routes")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("removed_at")
        batch.drop_column("category")
        batch.drop_column("origin")
