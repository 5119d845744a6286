"""Rebuild Reuters wire stories of 1996 from the CoNLL-2003 development sentences, for reading briefs on an
outlet no label covers.

`../shared/eval/conll2003_dev.jsonl` holds the sentences of 216 Reuters documents (datelines, sports tables,
markets, politics), tokenised with spaces before punctuation. Grouped by document and detokenised, they are
articles in the shape the bot ingests (`id`, `title`, `text`), which `brief_defects.py` and a reader can take:

    .venv/bin/python bench/wire_articles.py                       # writes /tmp/newsbrief-wire.jsonl
    .venv/bin/python ../shared/eval/brief_defects.py --articles /tmp/newsbrief-wire.jsonl --show 3

The data stays in `../shared/eval/`; the articles are written to a scratch file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

_MIN_LINES = 6  # fewer lines is a results line or a one-paragraph brief, not a story


def detokenise(line: str) -> str:
    """CoNLL's "top , though , may" back to "top, though, may" (and the same for brackets, quotes, "'s")."""
    line = re.sub(r" ([,.;:!?%)\]}])", r"\1", line)
    line = re.sub(r"([(\[{$]) ", r"\1", line)
    line = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", line)
    return re.sub(r'" (.*?) "', r'"\1"', line)


def articles(conll: Path) -> list[dict[str, str]]:
    """One article per document of at least `_MIN_LINES` lines: its first line (a headline, in capitals in the
    source) as the title, the rest as paragraphs."""
    docs: dict[int, list[str]] = defaultdict(list)
    for line in conll.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            docs[row["doc"]].append(row["text"])
    out = []
    for doc, lines in docs.items():
        if len(lines) < _MIN_LINES:
            continue
        title = detokenise(lines[0])
        out.append(
            {
                "id": f"conll-{doc}",
                "title": title.title() if title.isupper() else title,
                "text": "\n".join(detokenise(x) for x in lines[1:]),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsbrief-wire.jsonl"))  # noqa: S108 - scratch output
    args = parser.parse_args(argv)
    conll = args.eval / "conll2003_dev.jsonl"
    if not conll.exists():
        print(f"no CoNLL-2003 data at {conll}: it lives in ../shared/eval beside the project", file=sys.stderr)
        return 2
    rows = articles(conll)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
