"""`/feeds` through the router on the console: add from chat, routed posts, remove, refusals, list, test."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.collect import collect_feeds
from bot.messages import Command
from bot.store.tables import Delivery
from tests.feed_server import STORIES, FeedServer, serve_feed


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    async with serve_feed() as server:
        yield server


@pytest.fixture
async def bot(tmp_path: Path, make_settings) -> AsyncIterator[tuple[App, io.StringIO]]:
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "sources.fetch_full_text": False,
            "fetch.allowed_hosts": ["127.0.0.1"],
            "fetch.retries": 0,
        },
    )
    app = await App.create(settings)
    out = io.StringIO()
    app.attach(ConsoleAdapter(app.dispatch, console=Console(file=out, width=140)))
    await app.ensure_configured_channels()
    await app.ensure_channel("console", "world")  # a second briefing channel
    yield app, out
    await app.close()


def admin(args: str, **context: object) -> Command:
    return Command(name="feeds", args=args, is_admin=True, **context)  # type: ignore[arg-type]


async def posted_in(app: App) -> dict[str, set[str]]:
    async with app.services.db.session() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.status == "sent"))).all()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.channel_id, set()).add(row.item_key)
    return found


async def test_a_feed_added_from_chat_posts_only_in_its_channel_until_it_is_removed(bot, feed) -> None:
    app, out = bot
    feed.add("harbour")
    added = await app.dispatch(admin(f"add {feed.url} #world"))
    assert not added.error, added.plain_text()
    assert "Added feed #1: Lowlands Wire" in added.plain_text() and "#world" in added.plain_text()
    assert (await app.dispatch(admin("list"))).plain_text().count(feed.url) == 1

    assert (await collect_feeds(app.services, due_only=True)).new == 1  # due at once: no restart needed
    assert await app.work() == 1
    assert set(await posted_in(app)) == {"world"}
    assert "post in #world" in out.getvalue() and STORIES["harbour"][0] in out.getvalue()

    removed = await app.dispatch(admin("remove 1"))
    assert not removed.error and "Removed Lowlands Wire" in removed.plain_text()
    feed.add("rail")
    assert (await collect_feeds(app.services)).new == 0
    assert await app.work() == 0
    assert STORIES["rail"][0] not in out.getvalue()
    assert "No feeds yet" in (await app.dispatch(admin("list"))).plain_text()


async def test_a_filter_lets_only_matching_stories_through(bot, feed) -> None:
    app, out = bot
    feed.add("harbour")
    feed.add("rail")
    added = await app.dispatch(admin(f"add {feed.url} #world trains OR railway"))
    assert not added.error, added.plain_text()
    await collect_feeds(app.services)
    assert await app.work() == 1
    assert STORIES["rail"][0] in out.getvalue() and STORIES["harbour"][0] not in out.getvalue()
    assert set(await posted_in(app)) == {"world"}


async def test_without_a_channel_a_feed_goes_to_every_briefing_channel_once(bot, feed) -> None:
    app, _ = bot
    feed.add("bikes")
    assert not (await app.dispatch(admin(f"add {feed.url}"))).error
    await collect_feeds(app.services)
    assert await app.work() == 2
    assert set(await posted_in(app)) == {"console", "world"}


async def test_a_story_carried_by_two_feeds_is_posted_once_per_channel(bot, feed) -> None:
    app, out = bot
    feed.add("harbour")
    assert not (await app.dispatch(admin(f"add {feed.url} #world"))).error
    assert not (await app.dispatch(admin(f"add {feed.base}/mirror.xml #world"))).error
    assert (await collect_feeds(app.services)).new == 2
    await app.work()
    posted = await posted_in(app)
    assert set(posted) == {"world"} and len(posted["world"]) == 1  # one story, one post in its channel
    assert out.getvalue().count("post in #world") == 1


async def test_non_admins_private_addresses_and_non_feeds_are_refused_with_the_reason(bot, feed) -> None:
    app, _ = bot
    refused = await app.dispatch(Command(name="feeds", args=f"add {feed.url}", is_admin=False))
    assert refused.error and "needs an admin" in refused.plain_text()

    private = await app.dispatch(admin("add http://10.1.2.3/rss.xml #world"))
    assert private.error and "private address" in private.plain_text()
    metadata = await app.dispatch(admin("add http://169.254.169.254/latest #world"))
    assert metadata.error and "metadata" in metadata.plain_text()
    scheme = await app.dispatch(admin("add file:///etc/passwd"))
    assert scheme.error and "only http and https" in scheme.plain_text()
    broken = await app.dispatch(admin(f"add {feed.base}/broken.xml"))
    assert broken.error and "not a valid RSS or Atom feed" in broken.plain_text()
    bad_filter = await app.dispatch(admin(f"add {feed.url} #world (unclosed"))
    assert bad_filter.error and "filter" in bad_filter.plain_text()
    assert "No feeds yet" in (await app.dispatch(admin("list"))).plain_text()


async def test_list_shows_health_and_test_previews_without_storing(bot, feed) -> None:
    app, _ = bot
    feed.add("harbour")
    preview = await app.dispatch(admin(f"test {feed.url}"))
    assert not preview.error, preview.plain_text()
    assert "nothing was stored" in preview.plain_text() and STORIES["harbour"][0] in preview.plain_text()
    assert "No feeds yet" in (await app.dispatch(admin("list"))).plain_text()

    await app.dispatch(admin(f"add {feed.url} #world who:Siemons"))
    await collect_feeds(app.services)
    listing = (await app.dispatch(admin("list"))).plain_text()
    assert "#1 Lowlands Wire" in listing and "#world (who:Siemons)" in listing
    assert "1 items in the last day" in listing and "last success" in listing
    missing = await app.dispatch(admin("remove 7"))
    assert missing.error and "no feed #7" in missing.plain_text()


async def test_the_help_lists_the_feeds_command(bot) -> None:
    app, _ = bot
    assert "/feeds add URL [#channel] [filter]" in (await app.dispatch(Command(name="help"))).plain_text()


async def test_a_folder_source_can_be_routed_to_one_channel_with_a_filter(bot, tmp_path: Path) -> None:
    from bot.collect import collect_paths
    from tests.conftest import SEEDS

    app, out = bot
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "call.txt").write_text((SEEDS / "2025-02-12-trump-putin-call.txt").read_text())
    await collect_paths(app.services, [folder])
    strict = await app.dispatch(admin(f"route {folder} #world who:Nobody-At-All"))
    assert "now also goes to #world, only stories matching who:Nobody-At-All" in strict.plain_text()
    assert await app.work() == 0  # the filter keeps it out of #world, and the route keeps it out of the rest

    (folder / "call2.txt").write_text((SEEDS / "2025-02-12-trump-putin-call.txt").read_text() + "\nMore later.")
    routed = await app.dispatch(admin(f"route {folder} #world who:Putin"))
    assert "only stories matching who:Putin" in routed.plain_text()
    await collect_paths(app.services, [folder])
    assert await app.work() == 1
    assert set(await posted_in(app)) == {"world"}
    reset = await app.dispatch(admin(f"route {folder}"))
    assert "every briefing channel again" in reset.plain_text()


async def test_console_imports_an_opml_path_and_exports_it_back(bot, tmp_path: Path) -> None:
    from bot.ingest.opml import OpmlFeed, parse_opml, write_opml

    app, _ = bot
    (tmp_path / "list.opml").write_bytes(write_opml([OpmlFeed("https://a.example/rss", "A", "News/World")]))
    (tmp_path / "bad.opml").write_text("<opml><body><outline text='x' xmlUrl='http://127.0.0.1:1/a'/>")
    bad = await app.dispatch(admin(f"import {tmp_path / 'bad.opml'}"))
    assert bad.error and "not well-formed XML" in bad.plain_text()
    done = await app.dispatch(admin(f"import {tmp_path / 'list.opml'} #world"))
    assert "1 feeds, 1 new" in done.plain_text() and "#world" in done.plain_text()
    exported = await app.dispatch(admin("export"))
    assert parse_opml(exported.plain_text().encode()) == [OpmlFeed("https://a.example/rss", "A", "News/World")]
    assert "#world" in (await app.dispatch(admin("list"))).plain_text()
