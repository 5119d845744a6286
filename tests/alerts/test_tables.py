"""Migration 0003 creates exactly what the alert models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.alerts import tables
from bot.store import Database
from bot.store.tables import Base

ALERT_TABLES = {
    tables.ArticleSignature.__tablename__,
    tables.SubscriptionVector.__tablename__,
    tables.AlertMatch.__tablename__,
    tables.OutboxItem.__tablename__,
}


def _involves_alert_table(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"<{name}>" in text for name in ALERT_TABLES)


async def test_the_migration_matches_the_models(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        async with db.engine.connect() as conn:
            diffs = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    finally:
        await db.close()
    assert [d for d in diffs if _involves_alert_table(d)] == []
