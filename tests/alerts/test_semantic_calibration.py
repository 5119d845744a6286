"""Semantic subscriptions on the labelled set: precision and recall at the shipped threshold, and a 2-fold
(by topic) calibration showing the threshold is not fitted to the topics it is scored on."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from bot.alerts import minhash
from bot.alerts.features import Features
from bot.alerts.match import SEMANTIC_THRESHOLD, Sub, SubscriptionIndex
from bot.alerts.text import Document
from bot.services import Embedder

DATA = Path(__file__).parent / "data" / "semantic_labels.json"
GRID = np.arange(0.20, 0.60, 0.0125)


@pytest.fixture(scope="module")
def labelled(embedder: Embedder) -> tuple[list[str], list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Topics, texts, topic vectors, text vectors, and labels[topic, text]."""
    topics_data = json.loads(DATA.read_text())["topics"]
    topics = [t["topic"] for t in topics_data]
    texts, owner = [], []
    for i, topic in enumerate(topics_data):
        texts += topic["positives"] + topic["negatives"]
        owner += [i] * len(topic["positives"]) + [-1] * len(topic["negatives"])
    labels = np.array([[o == i for o in owner] for i in range(len(topics))])
    return topics, texts, embedder.encode(topics), embedder.encode(texts), labels


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    predicted = scores >= threshold
    tp = int((predicted & labels).sum())
    return tp / max(int(predicted.sum()), 1), tp / int(labels.sum())


def test_the_index_matches_the_labelled_set_with_precision_and_recall_above_the_floor(labelled) -> None:  # noqa: ANN001
    topics, texts, topic_vecs, text_vecs, labels = labelled
    subs = [Sub(i, "console", f"u{i}", "", "semantic", f'~"{t}"') for i, t in enumerate(topics)]
    index = SubscriptionIndex(subs, {i: v for i, v in enumerate(topic_vecs)})
    predicted = np.zeros_like(labels)
    at = datetime(2025, 2, 12, tzinfo=UTC)
    for j, (text, vector) in enumerate(zip(texts, text_vecs, strict=True)):
        features = Features(j, text, "", at, Document(text), minhash.signature(text), vector)
        for hit in index.match(features):
            predicted[hit.subscription.id, j] = True
            assert "similarity" in hit.reason
    tp = int((predicted & labels).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / int(labels.sum())
    print(
        f"\nsemantic @ {SEMANTIC_THRESHOLD}: precision {precision:.3f} recall {recall:.3f} "
        f"({len(topics)} topics, {int(labels.sum())} positives, {labels.size - int(labels.sum())} negatives)"
    )
    assert precision >= 0.80 and recall >= 0.80


def test_a_threshold_calibrated_on_half_the_topics_holds_on_the_other_half(labelled) -> None:  # noqa: ANN001
    _topics, _texts, topic_vecs, text_vecs, labels = labelled
    scores = topic_vecs @ text_vecs.T
    for fold in (0, 1):
        cal = [i for i in range(len(labels)) if i % 2 == fold]
        held = [i for i in range(len(labels)) if i % 2 != fold]

        def f1(th: float, rows: list[int] = cal) -> float:
            p, r = precision_recall(scores[rows], labels[rows], th)
            return 2 * p * r / max(p + r, 1e-9)

        threshold = max(GRID, key=f1)
        p, r = precision_recall(scores[held], labels[held], threshold)
        print(f"\nfold {fold}: threshold {threshold:.3f} → held-out precision {p:.3f} recall {r:.3f}")
        assert abs(threshold - SEMANTIC_THRESHOLD) <= 0.05
        assert p >= 0.75 and r >= 0.65
