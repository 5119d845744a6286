"""Stage 6 — extractive summary: 2–3 sentences within the word budget, in article order.

News is lead-heavy, so a sentence's position is a strong prior; MiniLM centrality (cosine to the centroid
of the lead sentences and the title) lifts sentences that carry the story over colour and background; a
redundancy check keeps near-duplicates out. Only whole, self-contained sentences are eligible: never a
fragment, a caption, a question, or a quote without its speaker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.lexicon import SPEECH_VERBS
from summarizer.options import SummarizerOptions

logger = logging.getLogger(__name__)

_PRONOUN_START = re.compile(r"^(he|she|they|it|this|that|these|those|his|her|their|its)\b", re.IGNORECASE)
_CONNECTIVE_START = re.compile(r"^(but|and|so|also|however|meanwhile|instead|yet|still)\b", re.IGNORECASE)


def word_count(text: str) -> int:
    return len(text.split())


def _quote_without_speaker(text: str, doc: Any) -> bool:
    if not text.startswith('"'):
        return False
    outside = re.sub(r'"[^"]*"', " ", text)
    return not any(w.lower().strip(",.") in SPEECH_VERBS for w in outside.split())


def is_summary_worthy(text: str, doc: Any | None) -> bool:
    """A sentence a reader can take alone: full, declarative, with a verb, not an unattributed quote."""
    if word_count(text) < 5 or text.rstrip().endswith("?") or not text[:1].isupper() and text[:1] not in "\"'":
        return False
    if text.rstrip()[-1:] not in ".!\"')":
        return False
    if doc is not None:
        if not any(t.pos_ in {"VERB", "AUX"} for t in doc):
            return False
        if _quote_without_speaker(text, doc):
            return False
    return True


def position_prior(i: int) -> float:
    """Strong lead prior: 1.0 for the first sentence, decaying."""
    return 1.0 / (1.0 + 0.6 * i)


def candidate_indices(sentences: Sequence[str], docs: Sequence[Any], limit: int) -> list[int]:
    """Indices of the sentences that may enter the summary (the first `limit` worthy ones)."""
    out = [i for i, (s, d) in enumerate(zip(sentences, docs, strict=False)) if is_summary_worthy(s, d)]
    return out[:limit]


def select_sentences(
    sentences: Sequence[str],
    candidates: Sequence[int],
    embeddings: np.ndarray | None,
    title_embedding: np.ndarray | None,
    options: SummarizerOptions,
) -> list[int]:
    """Pick summary sentences (indices into `sentences`), returned in article order."""
    if not candidates:
        return _fallback(sentences, options)
    n = len(candidates)
    prior = np.array([position_prior(k) for k in range(n)])
    if embeddings is not None and len(embeddings) == n:
        parts = [embeddings] if title_embedding is None else [embeddings, title_embedding[None, :]]
        centroid = np.concatenate(parts).mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        cent = embeddings @ centroid
        span = cent.max() - cent.min()
        cent = (cent - cent.min()) / span if span > 1e-6 else np.ones(n)
    else:
        cent = np.ones(n)
    w = options.position_weight
    score = w * prior + (1 - w) * cent
    for k, i in enumerate(candidates):
        text = sentences[i]
        if k > 0 and (_PRONOUN_START.match(text) or _CONNECTIVE_START.match(text)):
            score[k] -= 0.15
    order = sorted(range(n), key=lambda k: -score[k])
    picked: list[int] = []
    words = 0
    for k in order:
        if len(picked) >= options.max_sentences:
            break
        wc = word_count(sentences[candidates[k]])
        if words + wc > options.max_words:
            continue
        if embeddings is not None and any(
            float(embeddings[k] @ embeddings[j]) > options.redundancy_threshold for j in picked
        ):
            continue
        picked.append(k)
        words += wc
    if not picked:
        return _fallback(sentences, options)
    return sorted(candidates[k] for k in picked)


def _fallback(sentences: Sequence[str], options: SummarizerOptions) -> list[int]:
    """Leading sentences within the budget (used when no sentence qualifies)."""
    out: list[int] = []
    words = 0
    for i, s in enumerate(sentences[: options.max_sentences]):
        if out and words + word_count(s) > options.max_words:
            break
        out.append(i)
        words += word_count(s)
    return out


def fit_to_budget(sentences: list[str], max_words: int) -> list[str]:
    """Drop trailing sentences over the budget; cut a lone over-long sentence at a clause boundary."""
    out: list[str] = []
    words = 0
    for s in sentences:
        if words + word_count(s) > max_words:
            break
        out.append(s)
        words += word_count(s)
    if not out and sentences:
        toks = sentences[0].split()[:max_words]
        text = " ".join(toks)
        cut = max(text.rfind(", "), text.rfind("; "))
        if cut > len(text) // 2:
            text = text[:cut]
        out = [text.rstrip(",;:") + "..."]
    return out
