"""`Brief` → neutral `RichMessage`: the one place that decides how a brief reads, on every platform."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from bot.messages import RichMessage, Section
from summarizer import Brief

MAX_ACTORS = 10
MAX_STEPS = 5


def _when(step_when: str, step_date: date | None) -> str:
    if step_date and step_when:
        return f" ({step_when}, {step_date:%a %d %b %Y})"
    if step_date:
        return f" ({step_date:%a %d %b %Y})"
    return f" ({step_when})" if step_when else ""


def actor_line(name: str, role: str) -> str:
    return f"{name} — {role}" if role else name


def brief_message(brief: Brief, *, number: int | None = None, sources: int = 1, compact: bool = False) -> RichMessage:
    """A brief as a message: linked title, summary, key actors and next steps, and a footer."""
    actors = tuple(actor_line(a.name, a.role) for a in brief.actors[: 3 if compact else MAX_ACTORS])
    steps = tuple(s.text + _when(s.when, s.date) for s in brief.next_steps[: 2 if compact else MAX_STEPS])
    sections = []
    if actors:
        sections.append(Section("Key actors", actors))
    if steps:
        sections.append(Section("Next steps", steps))
    footer = [f"#{number}"] if number is not None else []
    if brief.source:
        footer.append(brief.source)
    if brief.published:
        footer.append(f"{brief.published:%d %b %Y}")
    if sources > 1:
        footer.append(f"{sources} sources")
    return RichMessage(
        title=brief.title,
        url=brief.url,
        body=brief.summary,
        sections=tuple(sections),
        footer=" · ".join(footer),
    )


def source_label(source: str) -> str:
    """A source as readers know it: a feed or page URL by its site (`news.example.org`), a folder by its
    name (never the server's file-system path); anything else unchanged."""
    source = source.strip()
    if "://" in source:
        host = urlsplit(source).hostname or ""
        return host.removeprefix("www.") or source
    if "/" in source or "\\" in source:
        return PurePath(source.rstrip("/\\")).name or source
    return source


def when_text(moment: datetime | None) -> str:
    return f"{moment:%d %b %Y %H:%M} UTC" if moment else "never"
