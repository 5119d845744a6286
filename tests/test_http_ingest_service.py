"""`POST /ingest` and `/healthz` as the running bot serves them: stored, briefed, posted; bad requests refused."""

from __future__ import annotations

import io
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from rich.console import Console

from bot.adapters.console import ConsoleAdapter
from bot.app import App

ARTICLE = {
    "title": "Lisbon port workers agree deal to end strike",
    "text": (
        "Port workers in Lisbon agreed on Tuesday to end a three-week strike after the port authority offered a "
        "five percent pay rise. Union leader Rui Costa said members would return to work on Thursday. The port "
        "authority's chairwoman, Helena Matos, said the agreement would be signed at a ceremony next Monday. "
        "Shipping companies had diverted dozens of vessels to Spanish ports during the dispute."
    ),
    "url": "https://news.example/lisbon-port",
    "source": "Example Wire",
    "published": "2025-02-18",
}


async def test_an_authorised_post_is_stored_briefed_and_posted(tmp_path: Path, make_settings) -> None:
    settings = make_settings(tmp_path, **{"sources.folders": [], "http.ingest_token": "s3cret"})
    app = await App.create(settings)
    out = io.StringIO()
    app.attach(ConsoleAdapter(app.dispatch, console=Console(file=out, width=120)))
    await app.ensure_configured_channels()
    try:
        async with TestClient(TestServer(app.http_app())) as client:
            refused = await client.post("/ingest", json=ARTICLE)
            assert refused.status == 401
            wrong = await client.post("/ingest", json=ARTICLE, headers={"Authorization": "Bearer nope"})
            assert wrong.status == 401
            bad = await client.post("/ingest", json={"title": 3}, headers={"Authorization": "Bearer s3cret"})
            assert bad.status == 400
            ok = await client.post("/ingest", json=ARTICLE, headers={"Authorization": "Bearer s3cret"})
            assert ok.status == 202
            assert await app.work() == 1
            assert "Lisbon port workers agree deal" in out.getvalue()
            health = await client.get("/healthz")
            body = await health.json()
            assert health.status == 200 and body["ok"] is True and body["articles"] == {"published": 1}
    finally:
        await app.close()


async def test_500_concurrent_posts_are_never_a_500_and_each_text_is_stored_once(
    tmp_path: Path, make_settings, database_url: str
) -> None:
    """100 stories, each posted five times at once: three times under its own URL (the same URL racing)
    and twice under other URLs (the same text re-published elsewhere)."""
    import asyncio

    from sqlalchemy import func, select

    from bot.store.tables import ArticleRow

    settings = make_settings(
        tmp_path, **{"sources.folders": [], "http.ingest_token": "s3cret", "database.url": database_url}
    )
    app = await App.create(settings)
    auth = {"Authorization": "Bearer s3cret"}

    def story(n: int, url: str) -> dict[str, str]:
        return {"title": f"Story {n}", "text": f"Council {n} approved budget line {n} on Monday.", "url": url}

    bodies = [story(n, f"https://news.example/{n}") for n in range(100) for _ in range(3)]
    bodies += [story(n, f"https://mirror{m}.example/{n}") for n in range(100) for m in range(2)]
    try:
        async with TestClient(TestServer(app.http_app())) as client:

            async def post(body: dict[str, str]) -> int:
                async with client.post("/ingest", json=body, headers=auth) as response:
                    return response.status

            statuses = await asyncio.gather(*(post(b) for b in bodies))
        async with app.services.db.session() as session:
            stored = await session.scalar(select(func.count()).select_from(ArticleRow))
            urls = set(await session.scalars(select(ArticleRow.url)))
    finally:
        await app.close()
    assert sorted(set(statuses)) == [202]
    assert stored == 100
    assert all(url.startswith("https://news.example/") or url.startswith("https://mirror") for url in urls)
