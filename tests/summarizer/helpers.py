"""Shared helpers for the summariser tests (models load once per session through `summarizer.nlp_models`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from summarizer import Article, summarize
from summarizer.models import Actor, Brief

DATA = Path(__file__).resolve().parents[1] / "data" / "summarizer"


def brief_of(text: str, title: str = "", published: date | None = None) -> Brief:
    return summarize(Article(title=title or text.split(".")[0][:80], text=text, published=published))


def actor(brief: Brief, name: str) -> Actor:
    found = [a for a in brief.actors if a.name == name]
    assert len(found) == 1, f"{name!r} expected once among {[a.name for a in brief.actors]}"
    return found[0]
