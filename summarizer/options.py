"""`SummarizerOptions`: the one options object every stage reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
