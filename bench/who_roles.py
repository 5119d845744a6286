"""Does `/who NAME` state the role the article gives? Measured on the labelled sets' `who_questions`.

Each labelled article is ingested into a throw-away SQLite store through the real service (`App`:
ingest, brief, knowledge index), then every question ("who is Mr Jeffrey") is asked through the router as
the console would (`/who is Mr Jeffrey`). An answer counts when every word group of `must_contain` appears
in the card's role lines (title, stated role, "Also described as"); the looser count over the whole reply
(which also quotes story sentences) is printed beside it.

    .venv/bin/python bench/who_roles.py [--eval ../shared/eval] [--labels DIR] [--show 10]

`--labels DIR` reads the label files from DIR instead (a tuning or check half written by `eval_halves.py`);
the articles still come from `--eval`.

Exits 2 with a message when the evaluation data (`../shared/eval`, beside the project) is absent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETS = (("bbc_news_summary_300.jsonl", "labels_bbc30.jsonl"), ("news_dev_mixed.jsonl", "labels_mixed40.jsonl"))


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _role_text(reply: object) -> tuple[str, str]:
    """(the card's role lines, the whole reply) as plain text."""
    role_parts: list[str] = []
    whole: list[str] = []
    for m in reply.messages:  # type: ignore[attr-defined]
        whole += [m.title or "", m.body or "", m.footer or ""]
        role_parts += [m.title or "", m.body or ""]
        for s in m.sections:
            whole += [s.heading, *s.items]
            if s.heading in {"Also described as", "Pick one"}:
                role_parts += list(s.items)
    return "\n".join(role_parts), "\n".join(whole)


def _has_all(text: str, words: list[str]) -> bool:
    low = text.lower()
    return all(w.lower() in low for w in words)


async def _run(eval_dir: Path, labels_dir: Path, show: int) -> dict[str, object]:
    from bot.app import App
    from bot.items import IngestedItem
    from bot.messages import Command
    from bot.settings import load_settings
    from summarizer import Article

    results: dict[str, object] = {}
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/who.db",
            "NEWSBRIEF_LOG_LEVEL": "WARNING",
        }
        app = await App.create(load_settings(env=env))
        try:
            questions: list[tuple[str, dict]] = []
            for arts_name, labels_name in SETS:
                arts = {d["id"]: d for d in _read(eval_dir / arts_name)}
                for lab in _read(labels_dir / labels_name):
                    d = arts[lab["id"]]
                    title = d.get("title") or " ".join(d["text"].split()[:12])
                    article = Article(
                        title=title,
                        text=d["text"],
                        url=f"https://example.org/{lab['id']}",
                        source=d.get("outlet") or "eval",
                        published=datetime(2026, 1, 1, tzinfo=UTC),
                    )
                    await app.ingest_item(IngestedItem.build(article, "eval", "eval", article.url))
                    questions += [(labels_name, q) for q in lab.get("who_questions") or []]
            await app.process_pending()
            per_set: dict[str, list[int]] = {}
            for labels_name, q in questions:
                args = q["q"].strip()
                args = args[4:] if args.lower().startswith("who ") else args
                reply = await app.dispatch(Command(name="who", args=args, platform="console", user_id="bench"))
                roles, whole = _role_text(reply)
                ok_role, ok_any = _has_all(roles, q["must_contain"]), _has_all(whole, q["must_contain"])
                counts = per_set.setdefault(labels_name, [0, 0, 0])
                counts[0] += 1
                counts[1] += ok_role
                counts[2] += ok_any
                if not ok_role:
                    misses.append(f"{labels_name}: {q['q']!r} needs {q['must_contain']} — got {roles[:160]!r}")
            for name, (n, ok_role, ok_any) in per_set.items():
                results[name] = {
                    "questions": n,
                    "role_answered": round(ok_role / n, 3),
                    "anywhere": round(ok_any / n, 3),
                }
            n = sum(c[0] for c in per_set.values())
            results["all"] = {
                "questions": n,
                "role_answered": round(sum(c[1] for c in per_set.values()) / max(n, 1), 3),
                "anywhere": round(sum(c[2] for c in per_set.values()) / max(n, 1), 3),
            }
        finally:
            await app.close()
    for line in misses[:show]:
        print("  miss", line)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--labels", type=Path, default=None, help="folder of the label files (default: --eval)")
    parser.add_argument("--show", type=int, default=0, help="print this many questions the card did not answer")
    args = parser.parse_args(argv)
    labels = args.labels or args.eval
    if not all((args.eval / a).exists() and (labels / b).exists() for a, b in SETS):
        print(
            f"no labelled evaluation data at {args.eval}: it lives in ../shared/eval beside the project",
            file=sys.stderr,
        )
        return 2
    for key, value in {"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}.items():
        os.environ.setdefault(key, value)
    print(json.dumps(asyncio.run(_run(args.eval, labels, args.show))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
