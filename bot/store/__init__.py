"""Storage: SQLAlchemy 2 async over SQLite (default) or PostgreSQL, migrated by alembic at start."""

from bot.store.db import Database, StoreError

__all__ = ["Database", "StoreError"]
