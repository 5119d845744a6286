"""Alembic environment: runs on the connection `bot.store.db` hands it (sync side of the async engine)."""

from alembic import context

from bot.store.tables import Base

target_metadata = Base.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("newsbrief runs migrations through bot.store.db.Database.open()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
