"""The one result record the stages fill in for an article, from cleaned text to the parts of a `Brief`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from summarizer.entities import Entity, Mention


@dataclass
class ArticleAnalysis:
    title: str
    text: str  # cleaned text
    published: date | None
    sentences: list[str]
    english: bool = True
    docs: list[Any] = field(default_factory=list)  # one spaCy Doc per sentence
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)  # sentences eligible for the summary
    summary_idx: list[int] = field(default_factory=list)
    summary_sentences: list[str] = field(default_factory=list)

    def entity_at(self, sent: int, token: int) -> Entity | None:
        """The entity whose mention covers a token, if any."""
        for e in self.entities:
            for m in e.mentions:
                if m.sent == sent and m.start <= token < m.end:
                    return e
        return None

    def nearest_person_before(self, sent: int, token: int) -> Entity | None:
        """The person mentioned last before a position ("he said" → that person)."""
        best: tuple[tuple[int, int], Entity] | None = None
        for e in self.entities:
            if e.type != "PERSON":
                continue
            for m in e.mentions:
                pos = (m.sent, m.start)
                if pos < (sent, token) and (best is None or pos > best[0]):
                    best = (pos, e)
        return best[1] if best else None

    def people_before(self, sent: int, token: int, window: int = 3) -> list[Entity]:
        """People mentioned before a position within a few sentences, the most recently mentioned first."""
        last: dict[int, tuple[int, int]] = {}
        people: dict[int, Entity] = {}
        for e in self.entities:
            if e.type != "PERSON":
                continue
            for m in e.mentions:
                pos = (m.sent, m.start)
                if pos < (sent, token) and m.sent >= sent - window and pos > last.get(id(e), (-1, -1)):
                    last[id(e)], people[id(e)] = pos, e
        return sorted(people.values(), key=lambda e: last[id(e)], reverse=True)
