"""knowledge shared between processes: change stamps, pg_trgm name lookup, pgvector passages

Revision ID: 0007
Revises: 0006

- Change stamps (`bot/knowledge/changes.py`), read by the in-process indexes so rows committed out of
  order are never missed: SQLite stamps `passages` and `entity_aliases` from a one-row `change_clock`
  bumped by triggers; PostgreSQL stamps `passages` with the writing transaction's id (`xid8`).
- PostgreSQL: `pg_trgm` (contrib, a trusted extension) and a GiST trigram index on aliases: `/who` asks the
  database for names, typos and closest names.
- PostgreSQL with the `vector` extension available (pgvector >= 0.7): `passages.embedding halfvec(384)`,
  generated from the int8 `vector` column (so every writer keeps writing the same bytes) and an HNSW index
  for cosine distance; `/ask` then searches vectors and full text in one statement. Without the extension
  this part is skipped and the process keeps its own index, fed by the change stamps.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

SQLITE_STAMP = "UPDATE change_clock SET value = value + 1; UPDATE {table} SET changed = (SELECT value FROM change_clock) WHERE id = new.id;"

# int8 bytes → halfvec: each byte read as a signed value; the cosine is scale-free, so no normalising.
HALFVEC_FUNCTION = """
CREATE OR REPLACE FUNCTION newsbrief_int8_halfvec(bytea) RETURNS halfvec(384)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(((get_byte($1, i) # 128) - 128)::real ORDER BY i)::halfvec(384)
    FROM generate_series(0, length($1) - 1) AS i
$$
"""


def _pgvector_available(conn: sa.engine.Connection) -> bool:
    """Is pgvector installed on the server, and may this role create it? (Never fails the migration.)"""
    if conn.scalar(sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")) == 0:
        logger.warning("pgvector is not installed on this PostgreSQL: /ask keeps an in-process vector index")
        return False
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS vector"))
    except sa.exc.DBAPIError as exc:
        logger.warning("cannot create the vector extension (%s): /ask keeps an in-process vector index", exc.orig)
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("CREATE TABLE change_clock (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)")
        op.execute("INSERT INTO change_clock (id, value) VALUES (1, 0)")
        for table in ("passages", "entity_aliases"):
            op.execute(f"ALTER TABLE {table} ADD COLUMN changed INTEGER NOT NULL DEFAULT 0")
            op.execute(f"CREATE INDEX ix_{table}_changed ON {table} (changed)")
            stamp = SQLITE_STAMP.format(table=table)
            op.execute(f"CREATE TRIGGER {table}_stamp_ai AFTER INSERT ON {table} BEGIN {stamp} END")
        op.execute(
            f"CREATE TRIGGER passages_stamp_au AFTER UPDATE OF vector ON passages BEGIN {SQLITE_STAMP.format(table='passages')} END"
        )
        op.execute(
            "CREATE TRIGGER entity_aliases_stamp_au AFTER UPDATE OF alias, entity_id ON entity_aliases "
            f"BEGIN {SQLITE_STAMP.format(table='entity_aliases')} END"
        )
        return
    if conn.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE passages ADD COLUMN changed xid8 NOT NULL DEFAULT pg_current_xact_id()")
    op.execute("CREATE INDEX ix_passages_changed ON passages (changed)")
    op.execute(
        "CREATE OR REPLACE FUNCTION newsbrief_stamp_change() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN NEW.changed := pg_current_xact_id(); RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER passages_stamp BEFORE UPDATE OF vector ON passages "
        "FOR EACH ROW EXECUTE FUNCTION newsbrief_stamp_change()"
    )
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_entity_aliases_trgm ON entity_aliases USING gist (alias gist_trgm_ops)")
    if _pgvector_available(conn):
        op.execute(HALFVEC_FUNCTION)
        op.execute(
            "ALTER TABLE passages ADD COLUMN embedding halfvec(384) "
            "GENERATED ALWAYS AS (newsbrief_int8_halfvec(vector)) STORED"
        )
        op.execute("CREATE INDEX ix_passages_embedding ON passages USING hnsw (embedding halfvec_cosine_ops)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for trigger in ("passages_stamp_ai", "passages_stamp_au", "entity_aliases_stamp_ai", "entity_aliases_stamp_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in ("passages", "entity_aliases"):
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_changed")
            with op.batch_alter_table(table) as batch:
                batch.drop_column("changed")
        op.execute("DROP TABLE change_clock")
        return
    if conn.dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_passages_embedding")
    op.execute("ALTER TABLE passages DROP COLUMN IF EXISTS embedding")
    op.execute("DROP FUNCTION IF EXISTS newsbrief_int8_halfvec(bytea)")
    op.execute("DROP INDEX IF EXISTS ix_entity_aliases_trgm")
    op.execute("DROP TRIGGER IF EXISTS passages_stamp ON passages")
    op.execute("DROP FUNCTION IF EXISTS newsbrief_stamp_change()")
    op.execute("ALTER TABLE passages DROP COLUMN IF EXISTS changed")
