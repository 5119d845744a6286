"""The bot with `summarizer.backend = "llm"`: briefs record where their summary came from, /why says so,
/sources shows the writer's health, and a dead model server never fails an article."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.messages import Command
from bot.render import brief_message
from bot.settings import Settings
from bot.store import articles as article_store
from tests.fakes.openai_server import FakeOpenAI, error, summary
from tests.ingested import ingest
from tests.summarizer.flood_story import ARTICLE, GROUNDED


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = await FakeOpenAI().start()
    yield server
    await server.stop()


async def llm_app(make_settings: Callable[..., Settings], tmp_path: Path, fake: FakeOpenAI) -> App:
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "summarizer.backend": "llm",
            "llm.base_url": fake.base_url,
            "llm.model": "test-model",
            "llm.retries": 0,
            "llm.breaker_failures": 1,
        },
    )
    return await App.create(settings)


async def brief_article(app: App) -> tuple[int, object]:
    article_id = await ingest(app, ARTICLE)
    assert await app.process_pending() == 1
    async with app.services.db.session() as session:
        loaded = await article_store.load_brief(session, article_id)
    assert loaded is not None
    return article_id, loaded[1]


async def ask(app: App, name: str, args: str = "") -> str:
    reply = await app.dispatch(Command(name=name, args=args, platform="console", user_id="u", channel_id="console"))
    return "\n".join(m.plain_text() if hasattr(m, "plain_text") else str(m) for m in reply.messages)


async def test_the_stored_brief_has_the_model_summary_and_says_so_in_why_and_sources(
    make_settings: Callable[..., Settings], tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.default = lambda body: summary(GROUNDED)
    app = await llm_app(make_settings, tmp_path, fake)
    try:
        number, brief = await brief_article(app)
        assert brief.summary == GROUNDED and brief.summary_source == "llm"  # type: ignore[attr-defined]
        why = await ask(app, "why", str(number))
        assert "Summary: written by the LLM" in why
        sources = await ask(app, "sources")
        assert "test-model at http://127.0.0.1:" in sources and "1 written" in sources
        message = brief_message(brief)  # type: ignore[arg-type]
        assert message.body == GROUNDED and "llm" not in message.footer.lower()
    finally:
        await app.close()


async def test_a_failing_server_leaves_an_extractive_brief_and_the_breaker_shows_in_sources(
    make_settings: Callable[..., Settings], tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.default = lambda body: error(500)
    app = await llm_app(make_settings, tmp_path, fake)
    try:
        number, brief = await brief_article(app)
        assert brief.summary_source == "extractive"  # type: ignore[attr-defined]
        assert brief.summary_fallback == "model unavailable: HTTP 500, 1 tries"  # type: ignore[attr-defined]
        why = await ask(app, "why", str(number))
        assert "Summary: extractive, because the LLM's was not used (model unavailable: HTTP 500" in why
        assert "PAUSED — circuit breaker open after 1 failures" in await ask(app, "sources")
    finally:
        await app.close()
