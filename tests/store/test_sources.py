"""Feed rows: the TOML set seeds once and never revives a removed feed; concurrent adds never collide."""

from __future__ import annotations

import asyncio

from bot.store import Database
from bot.store import sources as source_store


async def test_config_feeds_seed_once_and_a_removed_one_stays_removed(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        config = [("https://a.example/rss", "A", 600), ("https://b.example/rss", "", 900)]
        async with db.session() as session:
            await source_store.seed_config_feeds(session, config)
        async with db.session() as session:
            a, b = await source_store.listed_feeds(session)
            assert (a.key, a.name, a.interval_s, a.origin) == ("https://a.example/rss", "A", 600, "config")
            await source_store.remove_feed(session, b)
        async with db.session() as session:
            await source_store.seed_config_feeds(session, [(url, name, 300) for url, name, _ in config])
        async with db.session() as session:
            (left,) = await source_store.listed_feeds(session)
            assert (left.key, left.interval_s) == ("https://a.example/rss", 300)  # the file's interval follows
    finally:
        await db.close()


async def test_two_workers_adding_the_same_feed_and_route_at_once_both_succeed(database_url: str) -> None:
    db = await Database.open(database_url)
    try:

        async def add() -> int:
            async with db.session() as session:
                source, _ = await source_store.add_feed(session, "https://same.example/rss", name="Same")
                await source_store.set_route(session, source.id, "discord", "1", "ukraine")
                return source.id

        async def seed() -> None:
            async with db.session() as session:
                await source_store.seed_config_feeds(session, [("https://same.example/rss", "Same", 900)])

        results = await asyncio.gather(add(), add(), seed(), add(), return_exceptions=True)
        ids = [r for r in results if isinstance(r, int)]
        assert len(ids) == 3 and len(set(ids)) == 1, results
        async with db.session() as session:
            assert len(await source_store.listed_feeds(session)) == 1
            routes = await source_store.routes_by_source(session)
            assert [(r.platform, r.channel_id, r.query) for r in routes[ids[0]]] == [("discord", "1", "ukraine")]
    finally:
        await db.close()
