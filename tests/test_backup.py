"""`newsbrief export` / `import`: a bot moves from SQLite to PostgreSQL (or another SQLite) with every source,
route, channel setting and subscription; a bad backup changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import backup, feed_registry
from bot.app import App
from bot.cli import main
from bot.ingest.opml import OpmlFeed, write_opml
from bot.messages import Command
from bot.store import sources as source_store

pytestmark = pytest.mark.timeout(180)


async def populated(app: App) -> None:
    """Feeds with routes and filters, a folder, channels with their own settings, and every kind of alert."""
    feeds = [OpmlFeed(f"https://news{i}.example/rss", f"News {i}", "World/Europe" if i % 2 else "") for i in range(5)]
    await feed_registry.import_opml(app.services, write_opml(feeds))
    async with app.services.db.session() as session:
        first, second = (await source_store.listed_feeds(session))[:2]
        await source_store.set_route(session, first.id, "discord", "111", "Ukraine AND talks")
        await source_store.set_route(session, second.id, "", "", "who:Witkoff")
        await source_store.ensure_source(session, "folder", "/srv/news/drop", "drop folder", 300)
    await feed_registry.remove(app.services, "5")
    setup = "time=07:30 tz=Europe/Berlin quiet=22:00-06:30 max-per-hour=3 digest-only=yes threads=no"
    assert not (
        await app.dispatch(Command(name="setup", args=setup, platform="discord", channel_id="111", is_admin=True))
    ).error
    for who, topic in (
        ("u1", "Ukraine AND (talks OR ceasefire) NOT sport"),
        ("u2", "who:Witkoff"),
        ("u3", '~"AI chip export controls"'),
    ):
        reply = await app.dispatch(
            Command(name="subscribe", args=topic, platform="slack", channel_id="C1", user_id=who)
        )
        assert not reply.error, reply.plain_text()
    quiet = await app.dispatch(
        Command(name="subscriptions", args="quiet 23:00-07:00 Europe/Paris", platform="slack", user_id="u1")
    )
    assert not quiet.error, quiet.plain_text()


def state_of(document: dict) -> dict:
    return {key: document[key] for key in ("sources", "channels", "subscriptions")}


async def test_a_bot_moves_from_sqlite_to_another_database_with_everything_but_articles(
    tmp_path: Path, make_settings, database_url: str
) -> None:
    old = await App.create(make_settings(tmp_path, **{"sources.folders": []}))
    try:
        await populated(old)
        saved = await backup.export_state(old.services)
    finally:
        await old.close()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(saved))
    assert len(saved["sources"]) == 6 and len(saved["subscriptions"]) == 3
    assert sum(len(s["routes"]) for s in saved["sources"]) == 2
    assert any(s["vector"] for s in saved["subscriptions"])  # the semantic topic moves without re-embedding

    new = await App.create(make_settings(tmp_path, **{"database.url": database_url, "sources.folders": []}))
    try:
        report = await backup.import_state(new.services, json.loads(path.read_text()))
        assert report.created == {"sources": 6, "routes": 2, "channels": 1, "subscriptions": 3}
        assert report.settings_differ == []
        assert state_of(await backup.export_state(new.services)) == state_of(saved)
        again = await backup.import_state(new.services, saved)  # idempotent
        assert again.created == {} and state_of(await backup.export_state(new.services)) == state_of(saved)
        listing = (await new.dispatch(Command(name="feeds", args="list", is_admin=True))).plain_text()
        assert "#111 (Ukraine AND talks)" in listing and "everywhere (who:Witkoff)" in listing
        assert "news4.example" not in listing  # removed before the move, and stays removed
        subs = (await new.dispatch(Command(name="subscriptions", platform="slack", user_id="u1"))).plain_text()
        assert "Ukraine" in subs and "23:00" in subs
    finally:
        await new.close()


async def test_a_bad_backup_is_refused_whole_and_changes_nothing(tmp_path: Path, make_settings) -> None:
    app = await App.create(make_settings(tmp_path, **{"sources.folders": []}))
    try:
        good = {"kind": "feed", "key": "https://ok.example/rss", "name": "ok"}
        bad_doc = {"format": "newsbrief-backup", "version": 1, "sources": [good, {"kind": "feed"}]}
        with pytest.raises(backup.BackupError, match=r"sources\[1\]: missing 'key'"):
            await backup.import_state(app.services, bad_doc)
        typed = {"format": "newsbrief-backup", "version": 1, "channels": [{"platform": "x", "channel_id": 5}]}
        with pytest.raises(backup.BackupError, match=r"channels\[0\].channel_id: expected str, got int"):
            await backup.import_state(app.services, typed)
        with pytest.raises(backup.BackupError, match="not a newsbrief backup"):
            await backup.import_state(app.services, {"sources": []})
        assert (await backup.export_state(app.services))["sources"] == []
    finally:
        await app.close()


def test_the_cli_exports_and_imports(tmp_path: Path, capsys) -> None:
    config = tmp_path / "newsbrief.toml"
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "a.db"}"\n[sources]\nfolders = []\n')
    (tmp_path / "list.opml").write_bytes(write_opml([OpmlFeed("https://a.example/rss", "A")]))
    assert main(["--config", str(config), "feeds", "import", str(tmp_path / "list.opml")]) == 0
    assert main(["--config", str(config), "export", str(tmp_path / "b.json")]) == 0
    assert "1 sources" in capsys.readouterr().out
    other = tmp_path / "other.toml"
    other.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "b.db"}"\n[sources]\nfolders = []\n')
    assert main(["--config", str(other), "import", str(tmp_path / "b.json")]) == 0
    assert "sources: 1 new" in capsys.readouterr().out
    (tmp_path / "junk.json").write_text("{not json")
    assert main(["--config", str(other), "import", str(tmp_path / "junk.json")]) == 1
    assert "not a JSON backup" in " ".join(capsys.readouterr().err.split())
