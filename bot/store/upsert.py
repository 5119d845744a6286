"""`INSERT ... ON CONFLICT DO NOTHING` on both databases: where two workers can create the same row at once,
both succeed and one row exists (a select-then-insert would make the loser fail on the unique key)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], keys: Sequence[str]
) -> bool:
    """Insert a row unless one with the same unique `keys` exists; True if this call inserted it."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]
