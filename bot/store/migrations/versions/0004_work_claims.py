"""work claims: leases on articles and deliveries, the publish marker, and each channel's next digest time

Revision ID: 0004
Revises: 0003

Models: `bot/store/tables.py` (Article, Delivery, Channel). Plain portable DDL (SQLite and PostgreSQL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEASED = ("articles", "deliveries")


def upgrade() -> None:
    for table in LEASED:
        op.add_column(table, sa.Column("lease_owner", sa.String(length=128), nullable=True))
        op.add_column(table, sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("articles", sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("channels", sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("channels", "next_digest_at")
    op.drop_column("articles", "queued_at")
    for table in LEASED:
        op.drop_column(table, "attempts")
        op.drop_column(table, "lease_until")
        op.drop_column(table, "lease_owner")
