"""Service benchmark: cold start to first post (`run --once` on seeds/) against the bare import time,
folder-ingest throughput for 1,000 generated articles (store only) against ingest + brief + index of 200
of them (the whole pipeline, one process), and peak memory. Throughputs include process start-up.

    .venv/bin/python bench/bench_service.py [--articles 1000] [--briefed 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import article  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def timed(cmd: list[str], env: dict[str, str], marker: str | None = None) -> tuple[float, float | None, float]:
    """(total seconds, seconds until `marker` appeared on stdout, peak RSS MB of the child)."""
    start = time.perf_counter()
    first = None
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if marker and first is None and marker in line:
            first = time.perf_counter() - start
    proc.wait()
    total = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed with {proc.returncode}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return total, first, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles stored by folder ingest")
    parser.add_argument("--briefed", type=int, default=200, help="of which this many are also briefed end to end")
    args = parser.parse_args()
    newsbrief = [sys.executable, "-m", "bot"]
    results: dict[str, float | int | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **ENV,
            "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/cold.db",
            "NEWSBRIEF_SEEDS": str(REPO / "seeds"),
            "NEWSBRIEF_LOG_LEVEL": "WARNING",
        }
        results["baseline_import_s"], _, _ = timed([sys.executable, "-c", "import bot.cli, summarizer"], env)
        total, first, peak = timed([*newsbrief, "run", "--once"], env, marker="[post 1]")
        results.update(cold_start_to_first_post_s=first, run_once_total_s=total, run_once_peak_rss_mb=peak)

        folder = Path(tmp) / "articles"
        folder.mkdir()
        rng = random.Random(7)
        for n in range(args.articles):
            (folder / f"a{n:05}.json").write_text(json.dumps(article(rng, n)))
        store_env = {**env, "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/store.db"}
        t_store, _, _ = timed([*newsbrief, "ingest", "--no-brief", str(folder)], store_env)
        subset = Path(tmp) / "subset"
        subset.mkdir()
        for path in sorted(folder.iterdir())[: args.briefed]:
            (subset / path.name).write_bytes(path.read_bytes())
        brief_env = {**env, "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/brief.db"}
        t_brief, _, peak_brief = timed([*newsbrief, "ingest", str(subset)], brief_env)
        results.update(
            articles=args.articles,
            ingest_store_only_per_s=round(args.articles / t_store, 1),
            briefed=args.briefed,
            ingest_and_brief_per_s=round(args.briefed / t_brief, 2),
            peak_rss_mb=round(max(peak, peak_brief), 1),
        )
    print(f"{'measure':<36}{'value':>12}")
    for key, value in results.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<36}{shown:>12}")
    print(json.dumps({"bench": "service", **results}))


if __name__ == "__main__":
    main()
