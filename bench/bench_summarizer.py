"""Benchmark the summariser: throughput and latency on ~600-word articles, cold start, peak memory,
against Lead-3 (the floor) and a distilbart-6-6-sized abstractive model with random weights.

    python bench/bench_summarizer.py                 # default run, well under 3 minutes
    python bench/bench_summarizer.py --articles 200 --abstractive-articles 5 --beams 4

Prints a table and one JSON line. Run with OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "tests" / "data" / "summarizer" / "sample_news.jsonl"


def make_articles(n: int, words: int = 600, seed: int = 7) -> list[tuple[str, str]]:
    """~`words`-word articles: sample stories concatenated in shuffled order (titles from the first)."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        picked, count = [], 0
        while count < words:
            r = rng.choice(rows)
            picked.append(r)
            count += len(r["text"].split())
        out.append((picked[0]["title"], "\n".join(r["text"] for r in picked)))
    return out


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _timed(arts: list[tuple[str, str]], options: Any) -> dict[str, float]:
    """Briefs per second and p50/p95 latency, one article after another in this process."""
    from summarizer import Article, summarize

    lat = []
    t0 = time.perf_counter()
    for title, text in arts:
        t = time.perf_counter()
        summarize(Article(title=title, text=text), options)
        lat.append(time.perf_counter() - t)
    wall = time.perf_counter() - t0
    return {
        "briefs_per_s": round(len(lat) / wall, 2),
        "p50_ms": round(1000 * _pct(lat, 0.5)),
        "p95_ms": round(1000 * _pct(lat, 0.95)),
    }


# --- worker side (process pool) -------------------------------------------------------------------
def _init_worker() -> None:
    from summarizer import Article, summarize

    summarize(Article(title="warm", text="The council met on Monday. It approved the budget."))


def _brief_batch(items: list[tuple[str, str]]) -> tuple[list[float], float]:
    from summarizer import Article, summarize

    lat = []
    for title, text in items:
        t = time.perf_counter()
        summarize(Article(title=title, text=text))
        lat.append(time.perf_counter() - t)
    return lat, rss_peak_mb()


def _abstractive_worker(texts: list[str], max_new_tokens: int, beams: int, threads: int) -> dict:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    cfg = BartConfig(
        vocab_size=50265,
        d_model=1024,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=16,
        decoder_attention_heads=16,
        encoder_ffn_dim=4096,
        decoder_ffn_dim=4096,
        max_position_embeddings=1024,
        forced_eos_token_id=None,
    )
    t0 = time.perf_counter()
    model = BartForConditionalGeneration(cfg).eval()
    load_s = time.perf_counter() - t0
    gen = torch.Generator().manual_seed(0)
    lat = []
    for text in texts:
        n_tok = min(1024, int(len(text.split()) * 1.3))  # BPE tokens per English word
        ids = torch.randint(4, 50265, (1, n_tok), generator=gen)
        t = time.perf_counter()
        with torch.inference_mode():
            model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=max_new_tokens,
                min_new_tokens=max_new_tokens,
                num_beams=beams,
                do_sample=False,
            )
        lat.append(time.perf_counter() - t)
    params = sum(p.numel() for p in model.parameters())
    return {"latencies": lat, "build_s": load_s, "rss_mb": rss_peak_mb(), "params_m": round(params / 1e6, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=60, help="articles per throughput run")
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--abstractive-articles", type=int, default=2)
    ap.add_argument("--max-new-tokens", type=int, default=80, help="abstractive summary length (~60 words)")
    ap.add_argument("--beams", type=int, default=4, help="4 = distilbart-cnn-6-6's shipped generation config")
    ap.add_argument("--skip-abstractive", action="store_true")
    args = ap.parse_args(argv)
    arts = make_articles(args.articles, args.words)
    mean_words = statistics.mean(len(t.split()) for _, t in arts)
    res: dict = {"articles": len(arts), "mean_words": round(mean_words), "cpus": os.cpu_count()}

    # Cold start: first brief in this process, model loading included.
    from summarizer import Article, SummarizerOptions, summarize
    from summarizer.evaluation import lead_baseline

    t = time.perf_counter()
    summarize(Article(title=arts[0][0], text=arts[0][1]))
    res["cold_start_s"] = round(time.perf_counter() - t, 2)

    # 1 core: one process, one torch thread.
    res["extractive_1core"] = _timed(arts, SummarizerOptions(torch_threads=1))
    res["peak_rss_mb_extractive"] = round(rss_peak_mb())

    # 2 cores: a pool of two worker processes (models loaded by each worker before timing).
    ctx = get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx, initializer=_init_worker) as pool:
        list(pool.map(_brief_batch, [[arts[0]], [arts[1]]]))  # make sure both workers are warm
        chunks = [arts[i::2] for i in range(2)]
        t0 = time.perf_counter()
        results = list(pool.map(_brief_batch, chunks))
        wall = time.perf_counter() - t0
    lat2 = [x for r, _ in results for x in r]
    res["extractive_2proc"] = {
        "briefs_per_s": round(len(arts) / wall, 2),
        "p50_ms": round(1000 * _pct(lat2, 0.5)),
        "p95_ms": round(1000 * _pct(lat2, 0.95)),
        "worker_peak_rss_mb": round(max(r for _, r in results)),
    }

    # 2 torch threads in one process (the other way to use two cores).
    res["extractive_2threads"] = _timed(arts[: max(10, len(arts) // 3)], SummarizerOptions(torch_threads=2))

    # Lead-3: the floor (clean, split, take three sentences).
    t0 = time.perf_counter()
    for _, text in arts:
        lead_baseline(text, 75)
    res["lead3_briefs_per_s"] = round(len(arts) / (time.perf_counter() - t0), 1)

    # Abstractive, distilbart-6-6 size, random weights, in its own process (memory measured separately).
    if not args.skip_abstractive and args.abstractive_articles > 0:
        texts = [t for _, t in arts[: args.abstractive_articles]]
        with ProcessPoolExecutor(1, mp_context=ctx) as pool:
            ab = pool.submit(_abstractive_worker, texts, args.max_new_tokens, args.beams, 1).result()
        ext_s = 1 / res["extractive_1core"]["briefs_per_s"]  # an abstractive brief also runs the extractive stages
        per_brief = statistics.mean(ab["latencies"]) + ext_s
        res["abstractive_distilbart66_1core"] = {
            "params_m": ab["params_m"],
            "briefs_per_s": round(1 / per_brief, 3),
            "p50_ms": round(1000 * (statistics.median(ab["latencies"]) + ext_s)),
            "peak_rss_mb": round(ab["rss_mb"]),
            "max_new_tokens": args.max_new_tokens,
            "beams": args.beams,
        }
        res["extractive_speedup_vs_abstractive"] = round(res["extractive_1core"]["briefs_per_s"] * per_brief, 1)

    rows = [
        ("extractive, 1 core", res["extractive_1core"]),
        ("extractive, 2 processes", res["extractive_2proc"]),
        ("extractive, 2 torch threads", res["extractive_2threads"]),
    ]
    if "abstractive_distilbart66_1core" in res:
        rows.append(("distilbart-6-6 size, 1 core", res["abstractive_distilbart66_1core"]))
    print(
        f"{res['articles']} articles, mean {res['mean_words']} words; cold start {res['cold_start_s']} s; "
        f"peak RSS (spaCy + MiniLM) {res['peak_rss_mb_extractive']} MB"
    )
    print(f"{'path':<30}{'briefs/s':>10}{'p50 ms':>9}{'p95 ms':>9}")
    for name, r in rows:
        print(f"{name:<30}{r['briefs_per_s']:>10}{r['p50_ms']:>9}{r.get('p95_ms', ''):>9}")
    print(f"{'Lead-3 (floor)':<30}{res['lead3_briefs_per_s']:>10}")
    if "extractive_speedup_vs_abstractive" in res:
        print(
            f"extractive is {res['extractive_speedup_vs_abstractive']}x faster than the distilbart-6-6-sized model "
            f"(its process peaked at {res['abstractive_distilbart66_1core']['peak_rss_mb']} MB)"
        )
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
