"""Split the development sets of `../shared/eval/` into a tuning half and a check half, by a hash of each id.

Quality work keeps a change only when it helps the check half too; both halves are reported. The split is
stable (SHA-1 of the id), so every engineer and every run sees the same halves. The data stays in
`../shared/eval/`; the halves are written to a scratch folder (default `/tmp/newsbrief-halves`).

    .venv/bin/python bench/eval_halves.py            # writes the halves and prints the scoring commands
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

FILES = (
    "bbc_news_summary_300.jsonl",
    "news_dev_mixed.jsonl",
    "labels_bbc30.jsonl",
    "labels_mixed40.jsonl",
    "bbc_news_summary_all.jsonl",
)


def half_of(item_id: str) -> str:
    """`tune` or `check`, from the parity of the id's SHA-1: the same id always lands in the same half."""
    return "tune" if hashlib.sha1(str(item_id).encode()).digest()[0] % 2 == 0 else "check"  # noqa: S324 - a split, not security


def split(eval_dir: Path, out: Path) -> None:
    for half in ("tune", "check"):
        (out / half).mkdir(parents=True, exist_ok=True)
    for name in FILES:
        source = eval_dir / name
        if not source.exists():
            continue
        rows = {"tune": [], "check": []}
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows[half_of(json.loads(line)["id"])].append(line)
        for half, lines in rows.items():
            (out / half / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsbrief-halves"))  # noqa: S108 - scratch output
    args = parser.parse_args(argv)
    if not (args.eval / "labels_bbc30.jsonl").exists():
        print(f"no evaluation data at {args.eval}: it lives in ../shared/eval beside the project", file=sys.stderr)
        return 2
    split(args.eval, args.out)
    e = args.eval
    for half in ("tune", "check"):
        h = args.out / half
        print(f"# {half} half")
        print(
            f".venv/bin/python {e}/score_briefs.py --labelled {h}/bbc_news_summary_300.jsonl:{h}/labels_bbc30.jsonl"
            f" --labelled {h}/news_dev_mixed.jsonl:{h}/labels_mixed40.jsonl"
        )
        print(f".venv/bin/python {e}/score_briefs.py --rouge {h}/news_dev_mixed.jsonl")
        print(f".venv/bin/python {e}/score_briefs.py --rouge {h}/bbc_news_summary_300.jsonl")
        print(f".venv/bin/python {e}/brief_defects.py --articles {h}/news_dev_mixed.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
