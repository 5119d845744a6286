"""Whole tables, row by row, for the backup (`bot.backup`): every row of a table in key order, and one row
written by its natural key. The functions take the table class, so a table above the store (alerts'
`SubscriptionVector`) is handed in by the caller and the store imports no other part."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

RowT = TypeVar("RowT", bound=DeclarativeBase)


async def all_rows(session: AsyncSession, model: type[RowT]) -> list[RowT]:
    """Every row of the table, in primary-key order (so an export reads the same twice)."""
    key = model.__table__.primary_key.columns  # type: ignore[attr-defined]
    return list(await session.scalars(select(model).order_by(*key)))


async def put_row(
    session: AsyncSession, model: type[RowT], keys: dict[str, Any], values: dict[str, Any]
) -> tuple[RowT, bool]:
    """The row whose columns equal `keys`, updated to `values`, or a new one from `values`; (row, created).
    Flushed, so the row has its id."""
    row = await session.scalar(select(model).filter_by(**keys))
    created = row is None
    if row is None:
        row = model(**values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    await session.flush()
    return row, created
