"""The store on SQLite and PostgreSQL: migrations, dedup, the article life cycle, deliveries, source health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select, update

from bot.ingest import IngestedItem
from bot.messages import Sent
from bot.store import Database, claims
from bot.store import articles as store
from bot.store import channels as channel_store
from bot.store import sources as source_store
from bot.store.tables import ArticleRow, Base, Channel, Delivery, Source
from summarizer import Article, Brief


def item(text: str = "Ministers agreed a deal on Tuesday.", external_id: str = "a1", key: str = "feed") -> IngestedItem:
    article = Article(title="Deal agreed", text=text, published=datetime(2025, 2, 12, tzinfo=UTC))
    return IngestedItem.build(article, "feed", key, external_id)


@pytest.fixture
async def db(database_url: str):
    database = await Database.open(database_url)
    yield database
    await database.close()


async def test_migrations_create_every_table_of_the_models(db: Database) -> None:
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert set(Base.metadata.tables) <= tables


async def test_opening_twice_is_a_no_op_migration(database_url: str) -> None:
    for _ in range(2):
        database = await Database.open(database_url)
        await database.close()


async def test_an_article_is_stored_once_and_a_republished_copy_is_a_duplicate(db: Database) -> None:
    async with db.session() as session:
        first = await store.save_item(session, item())
        again = await store.save_item(session, item())
        republished = await store.save_item(session, item(external_id="other-guid", key="other-feed"))
        count = await session.scalar(select(func.count()).select_from(ArticleRow))
    assert (first.outcome, again.outcome, republished.outcome) == ("new", "unchanged", "duplicate")
    assert republished.article_id == first.article_id
    assert count == 1


async def test_an_edited_article_goes_back_to_new_to_be_briefed_again(db: Database) -> None:
    async with db.session() as session:
        saved = await store.save_item(session, item())
        row = await session.get(ArticleRow, saved.article_id)
        await store.store_brief(session, row, Brief(title="Deal agreed", summary="A deal."), "extractive")
    async with db.session() as session:
        edited = await store.save_item(session, item(text="Ministers agreed a bigger deal on Tuesday."))
        row = await session.get(ArticleRow, saved.article_id)
    assert edited.outcome == "updated"
    assert row.state == "new" and "bigger" in row.text


async def test_a_brief_round_trips_through_the_store(db: Database) -> None:
    brief = Brief(
        title="Deal agreed", summary="Ministers agreed a deal.", summary_sentences=("Ministers agreed a deal.",)
    )
    async with db.session() as session:
        saved = await store.save_item(session, item())
        await store.store_brief(session, await session.get(ArticleRow, saved.article_id), brief, "extractive")
    async with db.session() as session:
        article, loaded = await store.load_brief(session, saved.article_id)
    assert article.state == "briefed"
    assert loaded.to_dict() == brief.to_dict()


LEASE = timedelta(minutes=5)


async def test_a_delivery_is_claimed_once_and_never_again_after_it_was_sent(db: Database) -> None:
    async with db.session() as session:
        claim = await claims.claim_delivery(session, db, ("console", "c1", "brief:1"), None, LEASE)
    async with db.session() as session:
        channel_store.mark_sent(await session.get(Delivery, claim.id), Sent(message_id="m1", thread_id="t1"))
    async with db.session() as session:
        assert await claims.claim_delivery(session, db, ("console", "c1", "brief:1"), None, LEASE) is None
        other = await claims.claim_delivery(session, db, ("console", "c2", "brief:1"), None, LEASE)
    assert other is not None


async def test_a_pending_delivery_is_retried_only_after_its_lease_expires(db: Database) -> None:
    key = ("console", "c1", "brief:1")
    async with db.session() as session:
        first = await claims.claim_delivery(session, db, key, None, LEASE)
    async with db.session() as session:  # the sender is still (maybe) sending: nobody else may
        assert await claims.claim_delivery(session, db, key, None, LEASE) is None
    async with db.session() as session:
        await session.execute(update(Delivery).values(lease_until=datetime.now(UTC) - timedelta(seconds=1)))
    async with db.session() as session:
        retry = await claims.claim_delivery(session, db, key, None, LEASE)
    assert retry is not None and retry[0] == first[0] and retry[1] != first[1]
    async with db.session() as session:
        assert await session.scalar(select(Delivery.attempts)) == 2


@pytest.mark.parametrize("stop", ["killed", "closed"])
async def test_a_lease_of_a_killed_process_waits_for_expiry_except_on_sqlite(database_url: str, stop: str) -> None:
    key = ("console", "c1", "brief:1")
    earlier = await Database.open(database_url)
    async with earlier.session() as session:
        assert await claims.claim_delivery(session, earlier, key, None, LEASE) is not None
    if stop == "killed":
        await earlier.engine.dispose()  # no clean close: the lease stays in the table
    else:
        await earlier.close()  # a clean stop hands its leases back
    restarted = await Database.open(database_url)
    try:
        async with restarted.session() as session:
            retry = await claims.claim_delivery(session, restarted, key, None, LEASE)
        assert (retry is not None) == (stop == "closed" or restarted.dialect == "sqlite")
    finally:
        await restarted.close()


async def test_two_claims_of_the_queue_never_share_an_article(db: Database) -> None:
    async with db.session() as session:
        for n in range(5):
            await store.save_item(session, item(text=f"Story number {n} happened.", external_id=f"a{n}"))
    async with db.session() as session:
        first_token, first = await claims.claim_articles(session, db, 3, LEASE)
    async with db.session() as session:
        second_token, second = await claims.claim_articles(session, db, 3, LEASE)
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    async with db.session() as session:
        assert await claims.holding(session, ArticleRow, first[0], second_token) is None
        assert await claims.holding(session, ArticleRow, first[0], first_token) is not None


async def test_sources_and_channels_created_twice_are_one_row(db: Database) -> None:
    for _ in range(2):
        async with db.session() as session:
            await source_store.ensure_source(session, "feed", "http://example.org/feed")
            await channel_store.ensure_channel(session, "console", "console")
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Source)) == 1
        assert await session.scalar(select(func.count()).select_from(Channel)) == 1


async def test_a_source_is_disabled_after_max_failures_with_the_reason(db: Database) -> None:
    async with db.session() as session:
        source = await source_store.ensure_source(session, "feed", "http://127.0.0.1:1/feed.xml")
        source_id = source.id
    for n in range(3):
        async with db.session() as session:
            await source_store.record_failure(session, source_id, f"HTTP 500 (attempt {n})", max_failures=3)
    async with db.session() as session:
        (source,) = await source_store.all_sources(session)
    assert source.disabled and source.failures == 3
    assert "3 failures" in source.disabled_reason and "HTTP 500" in source.disabled_reason


async def test_an_older_store_holding_the_same_text_twice_still_upgrades(database_url: str) -> None:
    """Before 0005 the content hash was not unique; the upgrade keeps both rows and makes the index."""
    from sqlalchemy import text

    from bot.store.db import upgrade_schema

    database = await Database.open(database_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(lambda sync: upgrade_schema(sync, "0003"))
            for n in (1, 2):
                await conn.execute(
                    text(
                        "INSERT INTO articles (source_key, external_id, origin, title, text, content_hash, state, "
                        "created_at, updated_at) VALUES ('http', :e, 'http', 't', 'x', 'same', 'new', "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"e": f"https://a.example/{n}"},
                )
            await conn.run_sync(lambda sync: upgrade_schema(sync, "head"))
        async with database.session() as session:
            hashes = list(await session.scalars(select(ArticleRow.content_hash).order_by(ArticleRow.id)))
    finally:
        await database.close()
    assert hashes[0] == "same" and len(set(hashes)) == 2


async def test_the_same_text_under_another_url_is_a_duplicate(db: Database) -> None:
    async with db.session() as session:
        first = await store.save_item(session, item(external_id="https://a.example/1", key="http"))
        again = await store.save_item(session, item(external_id="https://a.example/1", key="http"))
        mirror = await store.save_item(session, item(external_id="https://b.example/1", key="http"))
    assert (first.outcome, again.outcome, mirror.outcome) == ("new", "unchanged", "duplicate")
    assert first.article_id == again.article_id == mirror.article_id


async def test_an_older_store_s_mentions_get_stated_roles_and_key_actor_columns(database_url: str) -> None:
    """0008 adds `mentions.stated_roles` (NULL: not computed yet) and `key_actor` (true: every row before it
    was a key actor) to rows already stored, and the models match the migrated table."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import text

    from bot.store.db import upgrade_schema
    from bot.store.tables import MentionRow

    database = await Database.open(database_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(lambda sync: upgrade_schema(sync, "0007"))
            for statement in (
                "INSERT INTO articles (id, source_key, external_id, origin, title, text, content_hash, state, "
                "created_at, updated_at) VALUES (1, 'f', 'a', 'folder', 't', 'x', 'h', 'briefed', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "INSERT INTO entities (id, name, key, type, mention_count, article_count) "
                "VALUES (1, 'Ann Cole', 'ann cole', 'PERSON', 1, 1)",
                "INSERT INTO mentions (entity_id, article_id, role, count, salience) VALUES (1, 1, 'mayor', 1, 1.0)",
            ):
                await conn.execute(text(statement))
            await conn.run_sync(lambda sync: upgrade_schema(sync, "head"))
            diffs = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
        async with database.session() as session:
            row = (await session.execute(select(MentionRow.role, MentionRow.stated_roles, MentionRow.key_actor))).one()
    finally:
        await database.close()
    assert tuple(row) == ("mayor", None, True)
    assert [d for d in diffs if "'mentions'" in repr(d)] == []
