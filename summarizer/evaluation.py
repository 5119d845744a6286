"""`newsbrief eval`: summary ROUGE against Lead-3 at the same word budget, and entity P/R/F1 against raw spaCy.

    newsbrief eval --data FILE.jsonl [--limit N]     # JSONL with `text`, `reference_summary` (optional `title`)
    newsbrief eval --ner conll2003_dev.jsonl [--limit N]

Both numbers come from the same run, so a change is measured against its baseline on the same machine.
ROUGE is `rouge-score` F1 with stemming (ROUGE-1, ROUGE-2, ROUGE-Lsum over sentences). The Lead-3 baseline
takes the article's first sentences cut to exactly the newsbrief summary's word count.
NER compares entity spans (PER / ORG / LOC; GPE, LOC and FAC count as LOC) with exact boundaries.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

from summarizer.clean import clean_text
from summarizer.entities import consolidate, extract_mentions
from summarizer.models import Article
from summarizer.nlp_models import get_spacy
from summarizer.pipeline import summarize_many
from summarizer.sentences import split_sentences

logger = logging.getLogger(__name__)

_NER_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_BATCH = 16


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def lead_baseline(text: str, words: int, sentences: int = 3) -> list[str]:
    """The first `sentences` sentences, cut to exactly `words` words (the Lead-3 floor at the same budget)."""
    out: list[str] = []
    left = words
    for s in split_sentences(clean_text(text))[:sentences]:
        if left <= 0:
            break
        toks = s.split()[:left]
        out.append(" ".join(toks))
        left -= len(toks)
    return out


def rouge_eval(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """ROUGE-1/2/Lsum F1 (x100) of newsbrief and of Lead-3 at the same word budget."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    ours: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    words: list[int] = []
    sources: dict[str, int] = defaultdict(int)
    t0 = time.perf_counter()
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start : start + _BATCH]
        arts = [Article(title=r.get("title") or " ".join(r["text"].split()[:12]), text=r["text"]) for r in chunk]
        for r, brief in zip(chunk, summarize_many(arts), strict=True):
            ref = "\n".join(r.get("reference_sentences") or split_sentences(r["reference_summary"]))
            n = len(brief.summary.split())
            words.append(n)
            sources[brief.summary_source] += 1
            ours.append(scorer.score(ref, "\n".join(brief.summary_sentences)))
            base.append(scorer.score(ref, "\n".join(lead_baseline(r["text"], n))))
    elapsed = time.perf_counter() - t0

    def avg(scores: list[dict[str, Any]]) -> list[float]:
        return [
            round(100 * statistics.mean(s[k].fmeasure for s in scores), 1) for k in ("rouge1", "rouge2", "rougeLsum")
        ]  # noqa: E501

    return {
        "n": len(rows),
        "newsbrief": avg(ours),
        "lead3_same_budget": avg(base),
        "mean_words": round(statistics.mean(words), 1),
        "briefs_per_s": round(len(rows) / elapsed, 2),
        "summary_sources": dict(sources),
    }


def _prf(pred: set[tuple], gold: set[tuple]) -> dict[str, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


def ner_eval(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Entity-level P/R/F1 of raw spaCy and of the consolidated entities, per type and overall."""
    nlp = get_spacy()
    gold: set[tuple] = set()
    raw: set[tuple] = set()
    cons: set[tuple] = set()
    docs_by_id: dict[Any, list[tuple[int, Any]]] = defaultdict(list)
    texts = [r["text"] for r in rows]
    for k, (r, doc) in enumerate(zip(rows, nlp.pipe(texts, batch_size=256), strict=True)):
        for e in r.get("entities", []):
            if e["type"] in {"PER", "ORG", "LOC"}:
                gold.add((k, e["start_char"], e["end_char"], e["type"]))
        for ent in doc.ents:
            if ent.label_ in _NER_MAP:
                raw.add((k, ent.start_char, ent.end_char, _NER_MAP[ent.label_]))
        docs_by_id[r.get("doc", k)].append((k, doc))
    for group in docs_by_id.values():
        docs = [d for _, d in group]
        for entity in consolidate(extract_mentions(docs)):
            label = _NER_MAP.get(entity.type)
            if label is None:
                continue
            for m in entity.mentions:
                doc = docs[m.sent]
                span = doc[m.start : m.end]
                cons.add((group[m.sent][0], span.start_char, span.end_char, label))
    out: dict[str, Any] = {"sentences": len(rows), "gold_entities": len(gold)}
    for name, pred in (("raw_spacy", raw), ("consolidated", cons)):
        out[name] = {"all": _prf(pred, gold)}
        for t in ("PER", "ORG", "LOC"):
            out[name][t] = _prf({x for x in pred if x[3] == t}, {x for x in gold if x[3] == t})
    return out


def _print_rouge(res: dict[str, Any], out: TextIO) -> None:
    out.write(f"ROUGE on {res['n']} articles (F1 x100, stemming; mean summary {res['mean_words']} words)\n")
    out.write(f"  {'system':<22}{'R1':>7}{'R2':>7}{'RLsum':>7}\n")
    for name, key in (("newsbrief", "newsbrief"), ("Lead-3 (same budget)", "lead3_same_budget")):
        r1, r2, rl = res[key]
        out.write(f"  {name:<22}{r1:>7}{r2:>7}{rl:>7}\n")
    if set(res.get("summary_sources") or {}) - {"extractive"}:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(res["summary_sources"].items()))
        out.write(f"  summaries written by: {shown}\n")


def _print_ner(res: dict[str, Any], out: TextIO) -> None:
    out.write(f"NER on {res['sentences']} sentences, {res['gold_entities']} gold PER/ORG/LOC entities (P/R/F1 x100)\n")
    for name in ("raw_spacy", "consolidated"):
        cells = "  ".join(
            f"{t} {res[name][t]['p']}/{res[name][t]['r']}/{res[name][t]['f1']}" for t in ("all", "PER", "ORG", "LOC")
        )
        out.write(f"  {name:<13} {cells}\n")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (`newsbrief eval`). Returns a process exit code; 2 when an input file is absent."""
    ap = argparse.ArgumentParser(prog="newsbrief eval", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="JSONL with text and reference_summary (optional title)")
    ap.add_argument("--ner", type=Path, help="CoNLL-2003 style JSONL with text and entities")
    ap.add_argument("--limit", type=int, default=None, help="only the first N rows of each file")
    ap.add_argument("--json", action="store_true", help="also print one JSON line per result")
    args = ap.parse_args(argv)
    if not args.data and not args.ner:
        ap.print_usage(sys.stderr)
        sys.stderr.write("newsbrief eval: give --data FILE.jsonl and/or --ner FILE.jsonl\n")
        return 2
    missing = [p for p in (args.data, args.ner) if p is not None and not p.is_file()]
    if missing:
        for p in missing:
            sys.stderr.write(
                f"newsbrief eval: file not found: {p} (evaluation data is not shipped; "
                "see tests/data/summarizer/ for a small sample)\n"
            )
        return 2
    if args.data:
        res = rouge_eval(read_jsonl(args.data, args.limit))
        _print_rouge(res, sys.stdout)
        if args.json:
            print(json.dumps({"rouge": res}))
    if args.ner:
        res_ner = ner_eval(read_jsonl(args.ner, args.limit))
        _print_ner(res_ner, sys.stdout)
        if args.json:
            print(json.dumps({"ner": res_ner}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
