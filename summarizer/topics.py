"""Stage 9 — topics: a few keyphrases, from repeated noun chunks weighted towards the lead and title."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

_SKIP_HEADS = {
    "year",
    "years",
    "time",
    "week",
    "month",
    "day",
    "people",
    "way",
    "thing",
    "part",
    "number",
    "lot",
    "statement",
    "percent",
    "%",
    "one",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "report",
    "reports",
    "news",
    "comment",
    "comments",
}


def _phrase(chunk: Any) -> str:
    toks = [t for t in chunk if t.pos_ not in {"DET", "PRON", "PUNCT", "NUM"} and t.tag_ != "POS" and t.is_alpha]
    while (
        toks
        and toks[0].pos_ in {"ADJ", "ADV"}
        and toks[0].lower_ in {"other", "such", "many", "more", "most", "new", "same", "own"}
    ):  # noqa: E501
        toks = toks[1:]
    if not toks or toks[-1].lower_ in _SKIP_HEADS or len(toks) > 3:
        return ""
    return " ".join(t.lower_ if t.pos_ != "PROPN" else t.text for t in toks)


def extract_topics(docs: Sequence[Any], title: str, limit: int) -> list[str]:
    """Up to `limit` keyphrases, most important first; people's names are left to the actors list."""
    score: dict[str, float] = {}
    title_low = title.lower()
    for i, doc in enumerate(docs):
        weight = 1.0 + 1.0 / (1 + i)
        for chunk in doc.noun_chunks:
            if chunk.root.ent_type_ in {"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"}:
                continue
            p = _phrase(chunk)
            if not p or len(p) < 3:
                continue
            score[p] = score.get(p, 0.0) + weight * (1.5 if p.lower() in title_low else 1.0) * (
                1.2 if " " in p else 1.0
            )
    out: list[str] = []
    for p in sorted(score, key=score.__getitem__, reverse=True):
        if any(
            re.search(rf"\b{re.escape(p.lower())}\b", q.lower()) or re.search(rf"\b{re.escape(q.lower())}\b", p.lower())
            for q in out
        ):  # noqa: E501
            continue
        out.append(p)
        if len(out) >= limit:
            break
    return out
