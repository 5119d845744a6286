"""OPML import and export: 200 nested feeds in one transaction, bad files import nothing, a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import feed_registry
from bot.app import App
from bot.cli import main
from bot.ingest.opml import OpmlFeed, parse_opml, write_opml
from bot.store import sources as source_store


def reading_list(count: int) -> bytes:
    """`count` feeds spread over nested categories three levels deep."""
    feeds = [
        OpmlFeed(f"https://feeds{i % 7}.example/{i}.xml", f"Feed {i}", f"Region {i % 4}/Desk {i % 3}/Beat {i % 2}")
        for i in range(count)
    ]
    return write_opml(feeds)


@pytest.fixture
async def app(tmp_path: Path, make_settings):
    instance = await App.create(make_settings(tmp_path, **{"sources.folders": [], "sources.max_feeds": 300}))
    yield instance
    await instance.close()


async def feeds_in(app: App) -> list[tuple[str, str, str]]:
    async with app.services.db.session() as session:
        return [(f.key, f.name, f.category) for f in await source_store.listed_feeds(session)]


async def test_two_hundred_nested_feeds_import_and_export_gives_the_same_sources(app: App) -> None:
    data = reading_list(200)
    report = await feed_registry.import_opml(app.services, data, where="list.opml")
    assert (report.feeds, report.added, report.already) == (200, 200, 0)
    stored = await feeds_in(app)
    assert len(stored) == 200 and ("https://feeds5.example/5.xml", "Feed 5", "Region 1/Desk 2/Beat 1") in stored

    exported = await feed_registry.export_opml(app.services)
    assert {(f.url, f.title, f.category) for f in parse_opml(exported)} == set(stored)
    again = await feed_registry.import_opml(app.services, exported)
    assert (again.added, again.already) == (0, 200)
    assert await feeds_in(app) == stored


async def test_a_bad_entry_or_too_many_feeds_import_nothing(app: App) -> None:
    bad = write_opml([OpmlFeed("https://ok.example/rss", "ok"), OpmlFeed("http://192.168.1.10/rss", "router")])
    with pytest.raises(feed_registry.FeedAdminError, match="nothing imported.*router.*private address"):
        await feed_registry.import_opml(app.services, bad)
    with pytest.raises(feed_registry.FeedAdminError, match="nothing imported.*limit of 300"):
        await feed_registry.import_opml(app.services, reading_list(301))
    with pytest.raises(feed_registry.FeedAdminError, match="not well-formed"):
        await feed_registry.import_opml(app.services, b"<opml><body>")
    assert await feeds_in(app) == []


def test_the_cli_imports_and_exports_opml(tmp_path: Path, capsys) -> None:
    config = tmp_path / "newsbrief.toml"
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "cli.db"}"\n[sources]\nfolders = []\n')
    (tmp_path / "list.opml").write_bytes(reading_list(12))
    opml = str(tmp_path / "list.opml")
    assert main(["--config", str(config), "feeds", "import", opml, "--channel", "console:world"]) == 0
    assert "12 feeds, 12 new" in capsys.readouterr().out
    assert main(["--config", str(config), "feeds", "export", str(tmp_path / "out.opml")]) == 0
    assert len(parse_opml((tmp_path / "out.opml").read_bytes())) == 12
    (tmp_path / "bad.opml").write_text("<opml><body><outline text='x'/></body></opml>")
    assert main(["--config", str(config), "feeds", "import", str(tmp_path / "bad.opml")]) == 1
    assert "no feeds in it" in " ".join(capsys.readouterr().err.split())  # rich wraps long lines
    assert main(["--config", str(config), "feeds", "list"]) == 0
    assert "#world" in capsys.readouterr().out
