"""A configured seq2seq model (here a tiny random BART the test builds) writes the summaries the bot posts;
a model that cannot be loaded fails the article with a clear reason and the bot carries on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.settings import ConfigError
from bot.store.tables import ArticleRow, BriefRow
from summarizer import Article
from tests.ingested import ingest
from tests.tiny_models import build_tiny_bart

STORY = Article(
    title="Lisbon port strike ends",
    text=(
        "Port workers in Lisbon agreed on Tuesday to end a three-week strike. Union leader Rui Costa said "
        "members would return to work on Thursday. The agreement will be signed next Monday."
    ),
)


async def test_the_configured_abstractive_model_writes_the_summary(tmp_path: Path, make_settings) -> None:
    model = build_tiny_bart(tmp_path / "tiny-bart", [STORY.text])
    app = await App.create(
        make_settings(
            tmp_path,
            **{"sources.folders": [], "summarizer.backend": "abstractive", "summarizer.abstractive_model": model},
        )
    )
    try:
        await ingest(app, STORY)
        assert await app.process_pending() == 1
        async with app.services.db.session() as session:
            row = await session.scalar(select(BriefRow))
        assert row.backend == "abstractive" and row.summary
        assert row.data["actors"][0]["name"] == "Rui Costa"  # actors still come from the extractive stages
    finally:
        await app.close()


async def test_a_model_that_cannot_load_fails_the_article_with_its_reason(tmp_path: Path, make_settings) -> None:
    app = await App.create(
        make_settings(
            tmp_path,
            **{
                "sources.folders": [],
                "summarizer.backend": "abstractive",
                "summarizer.abstractive_model": str(tmp_path / "no-such-model"),
            },
        )
    )
    try:
        await ingest(app, STORY)
        assert await app.process_pending() == 0
        async with app.services.db.session() as session:
            row = await session.scalar(select(ArticleRow))
        assert row.state == "failed" and "no-such-model" in row.error
    finally:
        await app.close()


def test_the_abstractive_backend_without_a_model_is_a_config_error(tmp_path: Path, make_settings) -> None:
    with pytest.raises(ConfigError, match="summarizer: .*abstractive_model"):
        make_settings(tmp_path, **{"summarizer.backend": "abstractive"})
