"""A learned sentence scorer for the extractive summary: how likely a sentence belongs in a good summary.

The weights are not hand-set: `bench/train_sentence_scorer.py` fits a logistic regression on public references
(CNN/DailyMail highlights, optionally BBC News Summary; each candidate's target is its ROUGE against the
reference, relative to the best candidate of its article) and writes `summarizer/data/sentence_scorer.json`,
which ships with the package. The features are cheap and reuse what the pipeline already has: the sentence
position, its length, the MiniLM embeddings computed for the summary (similarity to the title, to the document
and to the lead), spaCy's tags (entities, numbers, a present-tense main verb, which is how photo captions
read), the shape of the text (quotes, a start that needs context) and how central its words are (repeated by
other sentences, shared with the title). The same `sentence_features` serves training and inference, so they
cannot drift apart.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from summarizer.lexicon import SPEECH_VERBS

logger = logging.getLogger(__name__)

FEATURES: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "inv_position",
    "rank_position",
    "relative_position",
    "log_words",
    "short",
    "long",
    "title_similarity",
    "document_similarity",
    "lead_similarity",
    "title_rank",
    "document_rank",
    "entity_density",
    "number_density",
    "quote_share",
    "starts_with_quote",
    "speech",
    "needs_context",
    "present_main_verb",
    "colon",
    "word_centrality",
    "shared_words",
    "title_overlap",
    "centrality_sum",
)

# A start that points back to something the reader has not seen: pronouns, connectives, "The source said".
NEEDS_CONTEXT = re.compile(
    r"^[\"']?(?:he|she|they|it|his|her|their|its|this|these|those|that|but|and|or|so|however|also|then|"
    r"meanwhile|instead|yet|still|nor|thus|there|here|such|the (?:source|spokesman|spokeswoman|official|"
    r"statement|report|move|decision|man|woman|pair|couple|latter|former))\b",
    re.IGNORECASE,
)
# Function words left out of the lexical centrality features (a small list of the scorer's own).
# The learned scorer was trained with this list: spaCy's shifts 4/60 summaries, summarizer.words.STOPWORDS 5/60.
_STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from as is was are were be been has have had that this it its "
    "his her their he she they said says will would not but also after over into about than more who which".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}


def _rank(values: np.ndarray) -> np.ndarray:
    """0 for the largest value, 1 for the next, ... scaled to [0, 1]."""
    if len(values) < 2:
        return np.zeros(len(values))
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return ranks / (len(values) - 1)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOPWORDS]


def lexical_features(sentences: Sequence[str], candidates: Sequence[int], title: str) -> np.ndarray:
    """Word-level centrality (SumBasic-like): how many other sentences repeat a candidate's content words,
    and how much of the title it covers. Four columns, the last four of `FEATURES`."""
    counts: Counter[str] = Counter(w for s in sentences for w in set(_content_words(s)))
    title_words = set(_content_words(title))
    rows = np.zeros((len(candidates), 4))
    for k, i in enumerate(candidates):
        words = _content_words(sentences[i])
        if not words:
            continue
        others = [counts[w] - 1 for w in words]
        logs = [math.log1p(c) for c in others]
        rows[k] = (
            sum(logs) / len(words),
            sum(c > 0 for c in others) / len(words),
            len(set(words) & title_words) / max(len(title_words), 1),
            sum(logs) / 10,
        )
    return rows


def sentence_features(
    sentences: Sequence[str],
    docs: Sequence[Any],
    candidates: Sequence[int],
    embeddings: np.ndarray | None,
    title_embedding: np.ndarray | None,
    title: str = "",
) -> np.ndarray:
    """One row of `FEATURES` per candidate sentence (indices into `sentences`).

    Without embeddings the similarity features are 0.5 (neither close nor far), so the scorer still ranks by
    the other features.
    """
    n = len(candidates)
    total = max(len(sentences), 1)
    x = np.zeros((n, len(FEATURES) - 4))
    if embeddings is not None and len(embeddings) == n and n:
        centroid = embeddings.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        doc_sim = embeddings @ centroid
        lead_sim = embeddings @ embeddings[0]
        title_sim = embeddings @ title_embedding if title_embedding is not None else np.full(n, 0.5)
    else:
        doc_sim = lead_sim = title_sim = np.full(n, 0.5)
    title_rank, doc_rank = _rank(title_sim), _rank(doc_sim)
    for k, i in enumerate(candidates):
        text = sentences[i]
        words = text.split()
        wc = len(words)
        doc = docs[i] if i < len(docs) else None
        ents = sum(len(e) for e in doc.ents if e.label_ in _ENTITY_LABELS) if doc is not None else 0
        nums = sum(t.like_num for t in doc) if doc is not None else 0
        quoted = sum(len(q) for q in re.findall(r'"[^"]*"', text))
        outside = re.sub(r'"[^"]*"', " ", text).lower()
        speech = any(w.strip(",.;:") in SPEECH_VERBS for w in outside.split())
        root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
        present = root is not None and root.tag_ in {"VBZ", "VBP", "VBG"} and not speech
        x[k] = (
            i == 0,
            i == 1,
            i == 2,
            1.0 / (1.0 + i),
            k / max(n - 1, 1),
            i / total,
            math.log1p(wc),
            wc < 10,
            wc > 40,
            title_sim[k],
            doc_sim[k],
            lead_sim[k],
            title_rank[k],
            doc_rank[k],
            ents / max(wc, 1),
            nums / max(wc, 1),
            quoted / max(len(text), 1),
            text.startswith('"'),
            speech,
            bool(NEEDS_CONTEXT.match(text)),
            present,
            ":" in text,
        )
    return np.hstack([x, lexical_features(sentences, candidates, title)])


@dataclass(frozen=True)
class SentenceScorer:
    """Standardise, then a logistic regression: P(sentence is in the summary)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def score(self, x: np.ndarray) -> np.ndarray:
        if x.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got {x.shape[1]}")
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "weights": self.weights.round(6).tolist(),
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceScorer:
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError("scorer weights for other features: retrain with bench/train_sentence_scorer.py")
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            weights=np.asarray(data["weights"], dtype=float),
            bias=float(data["bias"]),
        )


@lru_cache(maxsize=1)
def default_scorer() -> SentenceScorer:
    """The scorer shipped with the package (`summarizer/data/sentence_scorer.json`), loaded once."""
    text = resources.files("summarizer").joinpath("data/sentence_scorer.json").read_text(encoding="utf-8")
    return SentenceScorer.from_dict(json.loads(text))
