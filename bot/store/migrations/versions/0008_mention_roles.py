"""mentions: the roles each article states, stored when it is indexed; people named beside the key actors

Revision ID: 0008
Revises: 0007

- `mentions.stated_roles` (JSON text, a list of strings, most specific first): every role the article states
  for the entity, computed once from the brief's own parse when the article is indexed, so a `/who` card only
  reads rows. NULL on rows stored before this revision (nothing computed yet): the card then shows the
  mention's one role until `backfill_stated_roles` (`bot/knowledge/index.py`) has read the article again.
- `mentions.key_actor`: false for the people and organisations a brief names beside its key actors
  (`Brief.also_named`), which `/who` finds but story grouping and a card's company leave out. Every row
  stored before this revision was a key actor.

- `ix_mentions_roles_pending`: a partial index of the rows still NULL, so the backfill job finds them (or
  that none are left) without scanning every mention.

Plain portable DDL (SQLite and PostgreSQL): two added columns and a partial index, nothing rewritten.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("stated_roles", sa.Text(), nullable=True))
        batch.add_column(sa.Column("key_actor", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_index(
        "ix_mentions_roles_pending",
        "mentions",
        ["id"],
        unique=False,
        sqlite_where=sa.text("stated_roles IS NULL"),
        postgresql_where=sa.text("stated_roles IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_mentions_roles_pending", table_name="mentions")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("key_actor")
        batch.drop_column("stated_roles")
