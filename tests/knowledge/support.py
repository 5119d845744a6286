"""Small builders for knowledge tests: a store on a temp SQLite (or PostgreSQL) and hand-made briefs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from summarizer.models import Actor, Brief, Quote
from tests.stored_briefs import brief_from_json

SEED_BRIEF = Path(__file__).parent / "data" / "seed_brief.json"
SEED_URL = "https://example.com/2025/02/12/trump-putin-call"


def seed_brief() -> Brief:
    """What the summariser makes of seeds/2025-02-12-trump-putin-call.txt (fixed, so tests don't depend on it)."""
    return brief_from_json(SEED_BRIEF)


def person(name: str, role: str = "", mentions: int = 1, aliases: tuple[str, ...] = ()) -> Actor:
    return Actor(name=name, type="PERSON", role=role, mentions=mentions, aliases=aliases)


def make_brief(
    title: str,
    sentences: list[str],
    actors: list[Actor] = (),  # type: ignore[assignment]
    quotes: list[Quote] = (),  # type: ignore[assignment]
    published: date | None = None,
) -> Brief:
    return Brief(
        title=title,
        summary=" ".join(sentences[:2]),
        summary_sentences=tuple(sentences[:2]),
        actors=tuple(actors),
        quotes=tuple(quotes),
        published=published,
        sentences=tuple(sentences),
    )
