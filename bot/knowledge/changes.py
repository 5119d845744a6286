"""What changed since this process last looked, read correctly when transactions commit out of order.

An in-process index (SQLite's vectors and names; PostgreSQL's vectors without pgvector) must load every
row another process commits. A watermark on ids is fooled twice: an id taken early may commit late (another
worker's long transaction; a pending passage embedded later) and SQLite reuses the highest id after a
delete (a re-briefed article). So each indexed row carries a change stamp, set by the database on insert
and on every update that matters (migration 0007), and a reader asks for the rows stamped since its last
*horizon*, a point before which every write has finished:

- SQLite: the stamp is a counter in `change_clock`, bumped by triggers. SQLite has one writer at a time,
  so a row committed after the reader read the counter always gets a larger stamp.
- PostgreSQL: the stamp is the writing transaction's id (`xid8`), and the horizon is the oldest transaction
  still running (`pg_snapshot_xmin`); rows of a transaction that commits later have an id at or past it.

A reader may see a row twice (written after its horizon but before its read); loading is idempotent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)

STAMP = "changed"  # the column migration 0007 adds to `passages` and (SQLite) `entity_aliases`


@dataclass
class Watermark:
    """Where a reader is in the stream of changes: rows stamped at or after `low` are still to be read."""

    low: int = 0

    @staticmethod
    async def horizon(session: AsyncSession) -> int:
        """A stamp before which every write is committed (read it *before* reading the rows)."""
        if session.get_bind().dialect.name == "postgresql":
            sql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text"
        else:
            sql = "SELECT value + 1 FROM change_clock"
        return int(await session.scalar(text(sql)) or 0)

    def since(self, session: AsyncSession, table: str) -> TextClause:
        """`<table>.changed >= low`, typed for the dialect (PostgreSQL compares `xid8`)."""
        if session.get_bind().dialect.name == "postgresql":
            clause = text(f"{table}.{STAMP} >= CAST(CAST(:low_stamp AS TEXT) AS xid8)")
            return clause.bindparams(low_stamp=str(self.low))
        return text(f"{table}.{STAMP} >= :low_stamp").bindparams(low_stamp=self.low)
