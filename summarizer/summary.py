"""Stage 6 — extractive summary: 2–3 sentences within the word budget, in article order.

A learned scorer (`scorer.py`: position, length, MiniLM similarity to the title and the document, entity
and quote features) ranks the candidates; the selection then enforces what a reader needs, whatever the
scores say: the first sentence stands alone, quotes are balanced, nothing is said twice, at most 75 words.
Only whole sentences are eligible: never a fragment, a caption, a question, or a quote without its speaker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.lexicon import SPEECH_VERBS
from summarizer.options import SummarizerOptions
from summarizer.scorer import NEEDS_CONTEXT, SentenceScorer, default_scorer, sentence_features
from summarizer.words import MONTHS, WEEKDAYS, any_of

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")
# "Jane Doe, left, and John Roe": a caption placing the people in the picture.
_PICTURE_POSITION = re.compile(r"\b[A-Z][\w.'-]*, (?:left|right|center|centre)(?:,| and\b|\.$)")
_SHOT_TIMES = frozenset(w.capitalize() for w in (*WEEKDAYS, *MONTHS))
_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)? "
    + any_of(m.capitalize() for m in MONTHS)
    + r"|"
    + any_of(m.capitalize() for m in MONTHS)
    + r" \d{1,2}\b"
)
_BE_HAVE = frozenset("is are 's 're am has have 've".split())


def word_count(text: str) -> int:
    return len(text.split())


def _quote_without_speaker(text: str, doc: Any) -> bool:
    if not text.startswith('"'):
        return False
    outside = re.sub(r'"[^"]*"', " ", text)
    return not any(w.lower().strip(",.") in SPEECH_VERBS for w in outside.split())


def _dates_the_action(tok: Any, root: Any) -> bool:
    """A weekday or month that dates the main verb itself: "rises Wednesday", "(leaves) on Tuesday", "late Friday
    night", "in a June 1972 photograph"; not one inside a noun phrase ("Thursday's attack") or another clause."""
    while tok.dep_ in {"compound", "nmod", "amod", "nummod"} and tok.head.i != tok.i:
        tok = tok.head
    if tok.head.i == root.i and tok.dep_ in {"npadvmod", "tmod"}:
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.i == root.i


def reads_as_caption(text: str, doc: Any | None) -> bool:
    """A photo caption left in the story: people placed in the picture ("X, left, and Y"), or an action in the
    present simple dated to the moment of the shot ("A firefighter sprays the roof of a home on Tuesday.").

    News narration reports a dated event in the past tense ("sprayed ... on Tuesday"); a caption describes the
    picture in the present. Copulas, clauses of speech ("figures show that ..."), quotes and full dates (a
    schedule: "the ban starts on 18 May") are never taken for captions.
    """
    if _PICTURE_POSITION.search(text):
        return True
    if doc is None or '"' in text or word_count(text) > 30 or _FULL_DATE.search(text):
        return False
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in {"VBZ", "VBP"} or root.lower_ in _BE_HAVE:
        return False
    children = list(root.children)
    if any(c.dep_ in {"ccomp", "aux", "auxpass"} for c in children):
        return False
    subject = next((c for c in children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ == "PRON":
        return False
    return any(t.text in _SHOT_TIMES and _dates_the_action(t, root) for t in doc)


def is_summary_worthy(text: str, doc: Any | None) -> bool:
    """A sentence a reader can take alone: full, declarative, with a verb, not an unattributed quote."""
    if word_count(text) < 5 or text.rstrip().endswith("?") or not text[:1].isupper() and text[:1] not in "\"'":
        return False
    if text.rstrip()[-1:] not in ".!\"')":
        return False
    if text.count('"') % 2 or re.search(r"^['\"]\s|\s['\"]$", text):  # a quote opened or closed elsewhere
        return False
    if doc is not None:
        if not any(t.pos_ in {"VERB", "AUX"} for t in doc):
            return False
        if _quote_without_speaker(text, doc):
            return False
    return True


def score_candidates(
    sentences: Sequence[str],
    docs: Sequence[Any],
    candidates: Sequence[int],
    embeddings: np.ndarray | None,
    title_embedding: np.ndarray | None,
    title: str = "",
    scorer: SentenceScorer | None = None,
) -> np.ndarray:
    """The learned scorer's probability that each candidate belongs in the summary; 0 for a photo caption.

    A caption stays among the candidates (the scorer's rank and centroid features were learned over the first
    worthy sentences, captions included) but never enters the summary. The lead sentence is exempt: it is the
    story's own opening whatever its tense.
    """
    if not candidates:
        return np.zeros(0)
    x = sentence_features(sentences, docs, candidates, embeddings, title_embedding, title)
    p = (scorer or default_scorer()).score(x)
    for k, i in enumerate(candidates):
        if i > 0 and i < len(docs) and reads_as_caption(sentences[i], docs[i]):
            p[k] = 0.0
    return p


def stands_alone(text: str) -> bool:
    """A sentence that can open a summary: no pronoun, connective or "The source" start, no lower-case start."""
    return not NEEDS_CONTEXT.match(text) and not text.lstrip("\"'")[:1].islower()


def candidate_indices(sentences: Sequence[str], docs: Sequence[Any], limit: int) -> list[int]:
    """Indices of the sentences that may enter the summary (the first `limit` worthy ones)."""
    out = [i for i, (s, d) in enumerate(zip(sentences, docs, strict=False)) if is_summary_worthy(s, d)]
    return out[:limit]


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}


def _repeats(text: str, vec: np.ndarray | None, others: Sequence[tuple[str, np.ndarray | None]], limit: float) -> bool:
    """Repeated content: MiniLM cosine above `limit`, half of the 4-word runs shared, or any 8-word run."""
    mine, mine8 = _shingles(text), _shingles(text, 8)
    for other, other_vec in others:
        if vec is not None and other_vec is not None and float(vec @ other_vec) > limit:
            return True
        theirs = _shingles(other)
        if len(mine & theirs) >= 0.5 * min(len(mine), len(theirs)) or mine8 & _shingles(other, 8):
            return True
    return False


def select_sentences(
    sentences: Sequence[str],
    candidates: Sequence[int],
    scores: Sequence[float] | np.ndarray,
    embeddings: np.ndarray | None,
    options: SummarizerOptions,
) -> list[int]:
    """Pick summary sentences (indices into `sentences`), returned in article order.

    Candidates (with one score each, see `score_candidates`) are taken best first under the hard constraints:
    at most `max_sentences` and `max_words`, no near-duplicate, and the earliest picked sentence (the one a
    reader sees first) stands alone. A sentence that needs context may still follow one that gives it. A score
    of 0 rules a candidate out.
    """
    if not candidates:
        return _fallback(sentences, options)
    prob = scores
    order = sorted(range(len(candidates)), key=lambda k: -prob[k])

    def vec(k: int) -> np.ndarray | None:
        return embeddings[k] if embeddings is not None else None

    picked: list[int] = []  # positions in `candidates`
    words = 0
    changed = True
    while changed and len(picked) < options.max_sentences:
        changed = False
        for k in order:
            if k in picked or len(picked) >= options.max_sentences or prob[k] <= 0:  # 0: ruled out (a caption)
                continue
            text = sentences[candidates[k]]
            wc = word_count(text)
            if words + wc > options.max_words:
                continue
            if (not picked or k < min(picked)) and not stands_alone(text):
                continue
            others = [(sentences[candidates[j]], vec(j)) for j in picked]
            if _repeats(text, vec(k), others, options.redundancy_threshold):
                continue
            picked.append(k)
            words += wc
            changed = True
            break  # rescan from the best: a sentence skipped for context may fit now
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
