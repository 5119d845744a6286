"""Train the summary's sentence scorer on public references and report it on a held-out split.

    .venv/bin/python bench/train_sentence_scorer.py            # trains, reports, writes the weights file
    .venv/bin/python bench/train_sentence_scorer.py --dry-run  # reports only

Data (read from `../shared/eval/`, never copied): `bbc_news_summary_all.jsonl` (2,225 BBC stories whose
reference sentences come from the article) and the CNN/DailyMail articles of `news_dev_mixed.jsonl` with
highlights. Each candidate sentence's target is its ROUGE-1 + ROUGE-2 F1 against the reference, divided by the
best candidate's of the same article (a soft label); a greedy ROUGE oracle (the 1-3 candidates that together
score best) gives the binary labels the held-out log-loss and AUC are reported on. The split is the project's
tuning/check split (`bench/eval_halves.py`, SHA-1 of the id): the model is fitted on the tuning half only, and
the check half is reported as held out: oracle-label log-loss and AUC, and the ROUGE of the selected summary
against Lead-3 at the same word budget. Features are computed by the summariser itself
(`summarizer.scorer.sentence_features`), so training and inference cannot drift apart. The model is a logistic
regression fitted with numpy (Newton steps, L2).
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from eval_halves import half_of  # noqa: E402

from summarizer.backends import embed_candidates  # noqa: E402
from summarizer.models import Article  # noqa: E402
from summarizer.options import SummarizerOptions  # noqa: E402
from summarizer.pipeline import prepare_summary_inputs  # noqa: E402
from summarizer.scorer import FEATURES, SentenceScorer, sentence_features  # noqa: E402
from summarizer.summary import fit_to_budget, select_sentences  # noqa: E402

WEIGHTS = ROOT / "summarizer" / "data" / "sentence_scorer.json"


@dataclass
class Item:
    """One article's candidates as the summariser sees them, with oracle labels."""

    id: str
    source: str  # "bbc" or "cnndm"
    half: str
    title: str
    text: str
    reference: str
    sentences: list[str]
    candidates: list[int]
    x: np.ndarray
    y: np.ndarray  # greedy oracle, 0/1
    soft: np.ndarray  # the training target, in [0, 1]
    embeddings: np.ndarray | None


def load(eval_dir: Path, bbc_limit: int) -> list[dict]:
    rows = []
    for line in (eval_dir / "news_dev_mixed.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d.get("reference"):
            rows.append({**d, "source": "cnndm", "ref": d["reference"]})
    bbc = []
    for line in (eval_dir / "bbc_news_summary_all.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        bbc.append({**d, "source": "bbc", "ref": "\n".join(d.get("reference_sentences") or [d["reference_summary"]])})
    bbc.sort(key=lambda d: half_of(str(d["id"]) + "#order"))  # a stable, id-based subsample
    return rows + bbc[:bbc_limit]


def oracle(sentences: list[str], candidates: list[int], reference: str, scorer) -> np.ndarray:
    """Greedy ROUGE oracle: add the candidate that most raises ROUGE-1 + ROUGE-2 F1, up to 3, while it helps."""
    y = np.zeros(len(candidates))
    picked: list[int] = []
    best = 0.0
    for _ in range(3):
        choice = None
        for k in range(len(candidates)):
            if k in picked:
                continue
            summary = "\n".join(sentences[candidates[j]] for j in sorted([*picked, k]))
            r = scorer.score(reference, summary)
            value = r["rouge1"].fmeasure + r["rouge2"].fmeasure
            if value > best:
                best, choice = value, k
        if choice is None:
            break
        picked.append(choice)
        y[choice] = 1
    return y


def soft_labels(sentences: list[str], candidates: list[int], reference: str, scorer) -> np.ndarray:
    """Each candidate's ROUGE-1 + ROUGE-2 F1 against the reference, relative to the article's best."""
    values = []
    for i in candidates:
        r = scorer.score(reference, sentences[i])
        values.append(r["rouge1"].fmeasure + r["rouge2"].fmeasure)
    v = np.asarray(values)
    return v / (v.max() or 1.0)


def build(rows: list[dict], options: SummarizerOptions, batch: int = 16) -> list[Item]:
    from rouge_score import rouge_scorer

    rs = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    items: list[Item] = []
    t0 = time.perf_counter()
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        arts = [Article(title=d.get("title") or " ".join(d["text"].split()[:12]), text=d["text"]) for d in chunk]
        analyses = prepare_summary_inputs(arts, options)
        for d, a, (emb, title_emb) in zip(chunk, analyses, embed_candidates(analyses, options), strict=True):
            if not a.english or len(a.candidates) <= options.max_sentences or emb is None:
                continue
            x = sentence_features(a.sentences, a.docs, a.candidates, emb, title_emb, a.title)
            y = oracle(a.sentences, a.candidates, d["ref"], rs)
            soft = soft_labels(a.sentences, a.candidates, d["ref"], rs)
            items.append(
                Item(
                    str(d["id"]),
                    d["source"],
                    half_of(str(d["id"])),
                    a.title,
                    d["text"],
                    d["ref"],
                    a.sentences,
                    a.candidates,
                    x,
                    y,
                    soft,
                    emb,
                )
            )
        print(f"  {start + len(chunk)}/{len(rows)} articles, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return items


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> SentenceScorer:
    """Weighted logistic regression on standardised features, by Newton's method."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        grad = z.T @ (w * (p - y)) + reg * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return SentenceScorer(FEATURES, mean, scale, beta[:-1], float(beta[-1]))


def auc(p: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / max(n1 * n0, 1))


def rouge_vs_lead(items: list[Item], scorer: SentenceScorer, options: SummarizerOptions, eval_dir: Path) -> dict:
    """The selected summary against Lead-3 cut to the same word count (the rules of `score_briefs.py`)."""
    sys.path.insert(0, str(eval_dir))
    from rouge_score import rouge_scorer
    from score_briefs import lead

    rs = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    ours, base = [], []
    for it in items:
        idx = select_sentences(it.sentences, it.candidates, scorer.score(it.x), it.embeddings, options)
        summary = fit_to_budget([it.sentences[i] for i in idx], options.max_words)
        words = len(" ".join(summary).split())
        ours.append(rs.score(it.reference, "\n".join(summary)))
        base.append(rs.score(it.reference, lead(it.text, words)))

    def avg(rows: list) -> list[float]:
        return [round(100 * statistics.mean(r[k].fmeasure for r in rows), 2) for k in ("rouge1", "rouge2", "rougeLsum")]

    return {"n": len(items), "scorer": avg(ours), "lead_same_budget": avg(base)} if items else {"n": 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--bbc", type=int, default=300, help="BBC articles (id-hashed)")
    parser.add_argument("--bbc-weight", type=float, default=0.0, help="weight of a BBC sentence vs a CNN/DM one")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--cache", type=Path, help="pickle of the built features, reused when it exists")
    parser.add_argument("--dry-run", action="store_true", help="report without writing the weights file")
    args = parser.parse_args(argv)
    if not (args.eval / "news_dev_mixed.jsonl").exists() or not (args.eval / "bbc_news_summary_all.jsonl").exists():
        print(
            f"no evaluation data at {args.eval}: the training data lives in ../shared/eval beside the project",
            file=sys.stderr,
        )
        return 2
    options = SummarizerOptions()
    if args.cache and args.cache.exists():
        items = [Item(**row) for row in pickle.loads(args.cache.read_bytes())]  # noqa: S301 - our own scratch file
    else:
        items = build(load(args.eval, args.bbc), options)
        if args.cache:
            args.cache.write_bytes(pickle.dumps([vars(it) for it in items]))
    train = [it for it in items if it.half == "tune" and (it.source != "bbc" or args.bbc_weight > 0)]
    held = [it for it in items if it.half == "check"]
    x = np.vstack([it.x for it in train])
    y = np.concatenate([it.soft for it in train])
    w = np.concatenate([np.full(len(it.y), args.bbc_weight if it.source == "bbc" else 1.0) for it in train])
    scorer = fit(x, y, w, args.l2)
    report: dict = {"features": dict(zip(FEATURES, scorer.weights.round(3).tolist(), strict=True))}
    tuned = [it for it in items if it.half == "tune"]
    for name, part in (("tune", tuned), ("check (held out)", held)):
        for source in ("cnndm", "bbc"):
            sub = [it for it in part if it.source == source]
            if not sub:
                continue
            px = scorer.score(np.vstack([it.x for it in sub]))
            py = np.concatenate([it.y for it in sub])
            loss = -np.mean(py * np.log(px + 1e-9) + (1 - py) * np.log(1 - px + 1e-9))
            report[f"{name} {source}"] = {
                "articles": len(sub),
                "log_loss": round(float(loss), 4),
                "auc": round(auc(px, py), 3),
                "rouge": rouge_vs_lead(sub, scorer, options, args.eval),
            }
    print(json.dumps(report, indent=1))
    if not args.dry_run:
        WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS.write_text(json.dumps(scorer.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
