"""The records that flow through newsbrief: an `Article` goes in, a `Brief` comes out.

They are frozen dataclasses so a brief can be shared between the store, the renderer and the adapters
without anyone changing it underneath the others. `Brief.to_dict()` is the stable JSON schema that
`newsbrief brief --json` prints and the store keeps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

ActorType = Literal["PERSON", "ORG", "GPE", "NORP"]


@dataclass(frozen=True)
class Article:
    """One news article as it arrives from any source."""

    title: str
    text: str
    url: str | None = None
    source: str | None = None
    published: datetime | date | None = None

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True)
class Actor:
    name: str
    type: ActorType
    role: str = ""
    aliases: tuple[str, ...] = ()
    mentions: int = 1
    salience: float = 0.0
    # Every role the article states for them anywhere (most specific first), beside the one `role` a brief
    # shows: read once from the parse the brief already made, so `/who` never parses a story again.
    stated_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class NextStep:
    text: str
    when: str = ""
    date: date | None = None
    actors: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    evidence: str = ""


@dataclass(frozen=True)
class Brief:
    title: str
    summary: str
    summary_sentences: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    quotes: tuple[Quote, ...] = ()
    topics: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None
    published: date | None = None
    # Who wrote `summary`: "extractive" (default), "abstractive" or "llm". When a model was asked but its
    # answer was not used, `summary_fallback` says why (the summary is then the extractive one).
    summary_source: str = "extractive"
    summary_fallback: str | None = None
    # People (and titled organisations) the article names besides the key actors, with their roles: not
    # shown in a post, but indexed so `/who` knows someone the story names once ("..., chairman of X, said").
    also_named: tuple[Actor, ...] = ()
    # Not part of the public schema: every cleaned sentence of the article, in order, so the bot can
    # index them for `/ask` and `/who` without splitting the text a second time.
    sentences: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON schema (see the summariser issue); dates become ISO strings."""
        return {
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "summary": self.summary,
            "summary_sentences": list(self.summary_sentences),
            "summary_source": self.summary_source,
            "summary_fallback": self.summary_fallback,
            "actors": [_actor_dict(a) for a in self.actors],
            "next_steps": [
                {
                    "text": s.text,
                    "when": s.when,
                    "date": s.date.isoformat() if s.date else None,
                    "actors": list(s.actors),
                    "evidence": s.evidence,
                }
                for s in self.next_steps
            ],
            "quotes": [asdict(q) for q in self.quotes],
            "topics": list(self.topics),
            "also_named": [_actor_dict(a) for a in self.also_named],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], sentences: tuple[str, ...] = ()) -> Brief:
        """Inverse of `to_dict`, used by the store to rebuild a brief it saved."""
        pub = data.get("published")
        return cls(
            title=data["title"],
            url=data.get("url"),
            source=data.get("source"),
            published=date.fromisoformat(pub) if pub else None,
            summary=data.get("summary", ""),
            summary_sentences=tuple(data.get("summary_sentences") or ()),
            summary_source=data.get("summary_source") or "extractive",
            summary_fallback=data.get("summary_fallback") or None,
            actors=tuple(_actor_from(a) for a in data.get("actors") or ()),
            also_named=tuple(_actor_from(a) for a in data.get("also_named") or ()),
            next_steps=tuple(
                NextStep(
                    text=s["text"],
                    when=s.get("when", ""),
                    date=date.fromisoformat(s["date"]) if s.get("date") else None,
                    actors=tuple(s.get("actors") or ()),
                    evidence=s.get("evidence", ""),
                )
                for s in data.get("next_steps") or ()
            ),
            quotes=tuple(Quote(**q) for q in data.get("quotes") or ()),
            topics=tuple(data.get("topics") or ()),
            sentences=sentences,
        )


def _actor_dict(a: Actor) -> dict[str, Any]:
    return {**asdict(a), "aliases": list(a.aliases), "stated_roles": list(a.stated_roles)}


def _actor_from(a: dict[str, Any]) -> Actor:
    """An actor from its JSON; briefs stored before a field existed read it as its default."""
    return Actor(
        name=a["name"],
        type=a["type"],
        role=a.get("role", ""),
        aliases=tuple(a.get("aliases") or ()),
        mentions=int(a.get("mentions", 1)),
        salience=float(a.get("salience", 0.0)),
        stated_roles=tuple(a.get("stated_roles") or ()),
    )
