"""knowledge: passages for the vector index, full-text search over sentences, mentions by date

Revision ID: 0002
Revises: 0001

Full-text search is per dialect: SQLite gets an FTS5 table with external content (the `sentences` rows)
kept in step by triggers; PostgreSQL gets a GIN index on `to_tsvector('english', text)`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("first_position", sa.Integer(), nullable=False),
        sa.Column("last_position", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_passages_article_id", "passages", ["article_id"], unique=False)
    op.create_index(
        "ix_passages_unembedded",
        "passages",
        ["id"],
        unique=False,
        sqlite_where=sa.text("vector IS NULL"),
        postgresql_where=sa.text("vector IS NULL"),
    )
    op.create_index("ix_mentions_entity_seen", "mentions", ["entity_id", "seen_at"], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # SQLITE-ONLY: FTS5 over sentences.text, BM25-ranked, with Porter stemming.
        op.execute(
            "CREATE VIRTUAL TABLE sentences_fts USING fts5("
            "text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER sentences_fts_au AFTER UPDATE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute("CREATE VIRTUAL TABLE sentences_fts_vocab USING fts5vocab(sentences_fts, 'row')")
        op.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_sentences_fulltext ON sentences USING gin (to_tsvector('english', text))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("sentences_fts_ai", "sentences_fts_ad", "sentences_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS sentences_fts_vocab")
        op.execute("DROP TABLE IF EXISTS sentences_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sentences_fulltext")
    op.drop_index("ix_mentions_entity_seen", table_name="mentions")
    op.drop_index("ix_passages_unembedded", table_name="passages")
    op.drop_index("ix_passages_article_id", table_name="passages")
    op.drop_table("passages")
