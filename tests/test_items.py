"""items: the content hash is what recognises the same story across GUIDs, dates and formats."""

from __future__ import annotations

import dataclasses

import pytest

from bot.items import IngestedItem, content_hash
from summarizer.models import Article


def test_hash_ignores_whitespace_and_case() -> None:
    assert content_hash("Talks  Resume", "Line one.\n\n  Line TWO.") == content_hash(
        "talks resume", "line one. line two."
    )


def test_hash_distinguishes_title_and_text() -> None:
    assert content_hash("a b", "c") != content_hash("a", "b c")
    assert content_hash("a", "b") != content_hash("a", "c")
    assert len(content_hash("a", "b")) == 64


def test_build_and_frozen() -> None:
    item = IngestedItem.build(Article("T", "Body"), "http", "http")
    assert item.external_id == item.content_hash == content_hash("T", "Body")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.origin = "feed"  # type: ignore[misc]
