"""`SummarizerOptions`: the one options object every stage reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from summarizer.writer import SummaryWriter

Backend = Literal["extractive", "abstractive"]


@dataclass(frozen=True)
class SummarizerOptions:
    """How to summarise. Frozen so one instance can be shared across threads and calls.

    The defaults are the product's defaults: offline extractive summary of at most 75 words in 2–3 sentences.
    """

    backend: Backend = "extractive"
    # Local directory (or hub id, if the hub is reachable) of a seq2seq model for the abstractive backend.
    abstractive_model: str | None = None
    max_words: int = 75
    max_sentences: int = 3
    min_sentences: int = 2
    # Cap on characters processed: a 20,000-word article is cut here so a brief takes bounded time.
    max_chars: int = 20_000
    # Only the first sentences compete for the summary (news is lead-heavy), which also bounds embedding cost.
    summary_candidates: int = 8
    redundancy_threshold: float = 0.85
    max_actors: int = 12
    max_topics: int = 5
    max_next_steps: int = 12
    torch_threads: int = 1
    use_embeddings: bool = True
    # Abstractive generation settings.
    num_beams: int = 2
    max_new_tokens: int = 96
    max_input_tokens: int = 512
    # Writes the summary after the extractive stages (e.g. the service's grounded LLM writer); None: the
    # backend's summary stands. See `summarizer/writer.py`.
    writer: SummaryWriter | None = field(default=None, compare=False, repr=False)


def default_options(env: Mapping[str, str] | None = None) -> SummarizerOptions:
    """What `summarize(article)` uses when given no options: the product defaults, plus the summary writer
    `NEWSBRIEF_SUMMARY_WRITER` names, if any (how public-API scripts reach the LLM backend unchanged)."""
    from summarizer.writer import writer_from_environment

    return SummarizerOptions(writer=writer_from_environment(env))
