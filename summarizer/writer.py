"""Summary writers: something other than the extractive stages writes the summary, and the check keeps it honest.

The pipeline accepts any `SummaryWriter` through `SummarizerOptions.writer`; it gets the articles and their
extractive briefs and returns the briefs, each with a written summary (`summary_source="llm"`) or the
extractive one and the reason it was kept (`summary_fallback`). Actors, roles, next steps and quotes always
stay the extractive ones.

This module is the pure half of the LLM writer: the prompt, the tolerant parsing of the model's JSON answer
and the accept / retry-with-reasons / fall-back decision (`Draft`). The HTTP client, retries, circuit breaker
and cache live in the service (`bot/llm/`), which implements `SummaryWriter`.

How `summarize(article)` with default options reaches a writer: when `NEWSBRIEF_SUMMARY_WRITER` names one,
the writer registered under that name in the `newsbrief.summary_writers` entry-point group is built (the
service registers `llm`, configured from `config/newsbrief.toml`). So scripts that use only the public API,
such as the shared evaluation scripts, run with the LLM backend unchanged.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from summarizer.clean import clean_text
from summarizer.errors import BackendError
from summarizer.grounding import grounding_problems
from summarizer.models import Article, Brief
from summarizer.sentences import split_sentences

logger = logging.getLogger(__name__)

WRITER_ENV = "NEWSBRIEF_SUMMARY_WRITER"
ENTRY_POINT_GROUP = "newsbrief.summary_writers"

# The JSON the model must return; sent as `response_format` where the server supports structured output.
RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"summary": {"type": "string"}},
    "required": ["summary"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = (
    "You write short, neutral news briefs. Use only what the article says: every name, number, date and quote "
    "in your summary must appear in the article, spelled as it is there. Do not add background, opinions or "
    "speculation. Keep the roles and quote speakers given in the extracted facts. "
    'Answer with JSON only: {"summary": "..."}, a summary of {min_sentences}-{max_sentences} sentences and '
    "at most {max_words} words."
)


@runtime_checkable
class SummaryWriter(Protocol):
    """Writes the summaries of briefs the extractive pipeline made; never raises for one article's trouble."""

    def rewrite(self, articles: Sequence[Article], briefs: Sequence[Brief]) -> list[Brief]:
        """The briefs, in order, each with a written summary or the extractive one and `summary_fallback`."""
        ...


class WriterOutputError(ValueError):
    """The model's answer is not the JSON asked for."""


def writer_from_environment(env: Mapping[str, str] | None = None) -> SummaryWriter | None:
    """The writer `NEWSBRIEF_SUMMARY_WRITER` names (None when unset or "extractive").

    Raises `BackendError` naming the variable when no installed package registers that writer.
    """
    name = (os.environ if env is None else env).get(WRITER_ENV, "").strip()
    if not name or name == "extractive":
        return None
    found = list(entry_points(group=ENTRY_POINT_GROUP, name=name))
    if not found:
        known = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
        raise BackendError(f"{WRITER_ENV}={name!r}: no such summary writer (installed: {', '.join(known) or 'none'})")
    factory: Callable[[], SummaryWriter] = found[0].load()
    return factory()


def parse_answer(content: str) -> list[str]:
    """The summary sentences of a model answer: JSON `{"summary": str}` (or `{"sentences": [str]}`), also
    when wrapped in a code fence or surrounded by prose, as servers without structured output often do."""
    text = (content or "").strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0:
        raise WriterOutputError("the answer has no JSON object")
    try:
        data = json.loads(text[start : end + 1] if end > start else text[start:])
    except json.JSONDecodeError as exc:
        raise WriterOutputError(f"the answer is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise WriterOutputError("the answer is not a JSON object")
    summary = data.get("summary")
    if isinstance(summary, list):
        summary = " ".join(str(s) for s in summary)
    if summary is None and isinstance(data.get("sentences"), list):
        summary = " ".join(str(s) for s in data["sentences"])
    if not isinstance(summary, str) or not summary.strip():
        raise WriterOutputError('the answer has no "summary" text')
    return split_sentences(clean_text(summary))


def _facts(brief: Brief) -> str:
    lines = []
    if brief.actors:
        lines.append("Actors: " + "; ".join(f"{a.name} ({a.role})" if a.role else a.name for a in brief.actors[:8]))
    for step in brief.next_steps[:4]:
        lines.append(f"Next step: {step.text}" + (f" ({step.when})" if step.when else ""))
    for quote in brief.quotes[:4]:
        lines.append(f'Quote: {quote.speaker}: "{quote.text}"')
    return "\n".join(lines) or "(none)"


def truncate(text: str, max_chars: int) -> str:
    """The article cut to `max_chars` at a paragraph or sentence end (news puts the essentials first)."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    end = max(cut.rfind("\n"), cut.rfind(". "))
    return cut[: end + 1] if end > max_chars // 2 else cut


@dataclass
class Draft:
    """One article's grounded rewrite, as a small state machine the service drives (pure: no I/O).

    `messages()` is what to send; `offer(answer)` judges the answer: accepted, or rejected with reasons that
    go back to the model for its one retry; after the last attempt, or on `give_up(reason)`, `result` is the
    extractive brief with `summary_fallback` set.
    """

    article: Article
    brief: Brief
    max_words: int = 75
    max_sentences: int = 3
    min_sentences: int = 2
    max_input_chars: int = 12_000
    attempts: int = 2
    nlp: Any | None = None
    result: Brief | None = None
    tries: int = 0
    _conversation: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        system = (
            SYSTEM_PROMPT.replace("{min_sentences}", str(self.min_sentences))
            .replace("{max_sentences}", str(self.max_sentences))
            .replace("{max_words}", str(self.max_words))
        )
        text = truncate(clean_text(self.article.text or ""), self.max_input_chars)
        user = f"Title: {self.article.title}\n\nExtracted facts:\n{_facts(self.brief)}\n\nArticle:\n{text}"
        self._conversation = [{"role": "system", "content": system}, {"role": "user", "content": user}]

    @property
    def done(self) -> bool:
        return self.result is not None

    def messages(self) -> list[dict[str, str]]:
        return list(self._conversation)

    def offer(self, answer: str) -> list[str]:
        """Judge one answer; returns the reasons it was rejected (empty when accepted)."""
        self.tries += 1
        try:
            sentences = parse_answer(answer)
            reasons = self._shape(sentences) or grounding_problems(sentences, self.article, self.brief, self.nlp)
        except WriterOutputError as exc:
            reasons = [str(exc)]
        if not reasons:
            self.result = replace(
                self.brief,
                summary=" ".join(sentences),
                summary_sentences=tuple(sentences),
                summary_source="llm",
                summary_fallback=None,
            )
            return []
        if self.tries >= self.attempts:
            self.give_up("model answer rejected: " + "; ".join(reasons))
        else:
            self._conversation += [
                {"role": "assistant", "content": answer},
                {
                    "role": "user",
                    "content": "Your summary was rejected: "
                    + "; ".join(reasons)
                    + '. Write it again using only the article. Answer with JSON only: {"summary": "..."}.',
                },
            ]
        return reasons

    def give_up(self, reason: str) -> Brief:
        """Keep the extractive summary and say why."""
        if self.result is None:
            self.result = replace(self.brief, summary_fallback=reason[:500])
        return self.result

    def _shape(self, sentences: list[str]) -> list[str]:
        words = sum(len(s.split()) for s in sentences)
        problems = []
        if words > self.max_words:
            problems.append(f"it has {words} words, the limit is {self.max_words}")
        if len(sentences) > self.max_sentences:
            problems.append(f"it has {len(sentences)} sentences, the limit is {self.max_sentences}")
        elif len(sentences) < min(self.min_sentences, len(self.brief.summary_sentences)):
            problems.append(f"it has {len(sentences)} sentence, write {self.min_sentences} or more")
        return problems
