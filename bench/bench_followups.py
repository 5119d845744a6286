"""Benchmark `/who` and `/ask` over a large generated store, on one core: latency p50/p99 and memory.

    python bench/bench_followups.py [--articles 100000] [--queries 1000] [--db PATH] [--rebuild]

1. build (cached by article count): generated articles (bench/followups_corpus.py) are loaded straight into
   a migrated SQLite store — articles, sentences (FTS5 by the migration's triggers), passages with vectors,
   entities with aliases, mentions with roles (and the stated roles a card reads), quotes. The summariser and
   MiniLM-per-passage are skipped: a passage's vector is the normalised sum of its sentences' *template*
   embeddings (real MiniLM, computed once per template) plus a per-person component, so vectors cluster like
   real ones without embedding millions of sentences. Entities come from the generator (merging is tested,
   not benchmarked here).
2. serve (a fresh process, so memory is what a running bot holds): open the store like the bot, warm up
   (load vectors and names), then time 1,000 `/who` and 1,000 `/ask` through `Router.dispatch`, each `/ask`
   embedding its question with the real MiniLM. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess  # noqa: S404 - the serve phase runs in a fresh process
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from followups_corpus import GENERIC, Generator, all_templates, ask_queries, who_queries  # noqa: E402

GOALS = {"who_p99_ms": 20.0, "ask_p99_ms": 200.0, "rss_mb": 1536.0}
BATCH = 2_000


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


# ---------------------------------------------------------------------------------------------- build
def template_vectors() -> np.ndarray:
    from bot.services import Embedder

    texts = [t.format_map(_Generic()) for t in all_templates()]
    return Embedder().encode(texts)


class _Generic(dict):
    def __missing__(self, key: str) -> str:
        return GENERIC.get(key, "several")


def build(db_path: Path, articles: int) -> dict[str, float]:
    from bot.knowledge.index import passage_windows
    from bot.knowledge.names import normalize_name, person_aliases
    from bot.knowledge.vectors import quantize
    from bot.store.db import Database

    started = time.perf_counter()
    if db_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)

    async def migrate() -> None:
        db = await Database.open(f"sqlite+aiosqlite:///{db_path}")
        await db.close()

    asyncio.run(migrate())
    base = template_vectors()
    gen = Generator()
    rng = np.random.default_rng(3)
    person_vectors = rng.standard_normal((len(gen.people) + 1, base.shape[1])).astype(np.float32)
    person_vectors /= np.linalg.norm(person_vectors, axis=1, keepdims=True)

    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    entity_of: dict[int, int] = {}
    entity_stats: dict[int, list] = {}
    sentence_id = passage_id = mention_id = 0
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    for start in range(1, articles + 1, BATCH):
        rows_a, rows_s, rows_p, rows_m, rows_q, rows_e, rows_al = [], [], [], [], [], [], []
        for article_id in range(start, min(start + BATCH, articles + 1)):
            a = gen.article(article_id)
            when = a.published.strftime(fmt)
            rows_a.append(
                (
                    article_id,
                    "bench",
                    f"bench-{article_id}",
                    "folder",
                    f"https://news.example/{article_id}",
                    a.title,
                    " ".join(a.sentences),
                    when,
                    f"{article_id:064x}",
                    "briefed",
                    when,
                    when,
                )
            )
            first_sentence = sentence_id + 1
            for pos, text in enumerate(a.sentences):
                sentence_id += 1
                rows_s.append((sentence_id, article_id, pos, text))
            for first, last in passage_windows(len(a.sentences)):
                passage_id += 1
                vector = base[a.templates[first : last + 1]].sum(axis=0)
                vector += 0.35 * person_vectors[a.people[0][0].id]
                rows_p.append((passage_id, article_id, first, last, quantize(vector)[0].tobytes()))
            for person, role, count in a.people:
                entity_id = entity_of.get(person.id)
                if entity_id is None:
                    entity_id = entity_of[person.id] = len(entity_of) + 1
                    entity_stats[entity_id] = [0, 0, when, when]
                    key = normalize_name(person.name)
                    rows_e.append((entity_id, person.name, key))
                    rows_al.extend((entity_id, alias) for alias in sorted(person_aliases(key)))
                stats = entity_stats[entity_id]
                stats[0] += count
                stats[1] += 1
                stats[2], stats[3] = min(stats[2], when), max(stats[3], when)
                mention_id += 1
                # The roles the article states, as `index_brief` stores them (the card only reads them).
                stated = json.dumps([role] if role else [])
                rows_m.append((mention_id, entity_id, article_id, role, count, 0.5, when, stated))
            for speaker, quote, pos in a.quotes:
                rows_q.append(
                    (
                        article_id,
                        entity_of[speaker.id],
                        speaker.name,
                        quote,
                        rows_s[pos - len(a.sentences)][3] if first_sentence else "",
                    )
                )
        with con:
            con.executemany(
                "INSERT INTO articles (id, source_key, external_id, origin, url, title, text, published, "
                "content_hash, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows_a,
            )
            con.executemany("INSERT INTO sentences (id, article_id, position, text) VALUES (?,?,?,?)", rows_s)
            con.executemany(
                "INSERT INTO passages (id, article_id, first_position, last_position, vector) VALUES (?,?,?,?,?)",
                rows_p,
            )
            con.executemany(
                "INSERT INTO entities (id, name, key, type, mention_count, article_count) VALUES (?,?,?,'PERSON',0,0)",
                rows_e,
            )
            con.executemany("INSERT INTO entity_aliases (entity_id, alias) VALUES (?,?)", rows_al)
            con.executemany(
                "INSERT INTO mentions (id, entity_id, article_id, role, count, salience, seen_at, stated_roles) "
                "VALUES (?,?,?,?,?,?,?,?)",
                rows_m,
            )
            con.executemany(
                "INSERT INTO quotes (article_id, entity_id, speaker, text, evidence) VALUES (?,?,?,?,?)", rows_q
            )
        print(f"\r  loaded {min(start + BATCH - 1, articles):,} / {articles:,} articles", end="", file=sys.stderr)
    print(file=sys.stderr)
    with con:
        con.executemany(
            "UPDATE entities SET mention_count=?, article_count=?, first_seen=?, last_seen=? WHERE id=?",
            [(s[0], s[1], s[2], s[3], e) for e, s in entity_stats.items()],
        )
    with con:
        con.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('optimize')")
    with con:
        con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    con.close()
    Path(str(db_path) + ".json").write_text(json.dumps({"articles": articles}))
    return {
        "build_s": time.perf_counter() - started,
        "sentences": sentence_id,
        "passages": passage_id,
        "entities": len(entity_of),
        "db_mb": db_path.stat().st_size / 2**20,
    }


# ---------------------------------------------------------------------------------------------- serve
def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else 0.0


async def serve(db_path: Path, articles: int, queries: int) -> dict[str, float]:
    from bot.messages import Command
    from bot.router import Router
    from bot.services import Embedder, Services
    from bot.settings import Settings

    settings = Settings(database={"url": f"sqlite+aiosqlite:///{db_path}"})
    services = await Services.open(settings, embedder=Embedder(threads=1))
    router = Router(services)
    gen = Generator()
    sample = [gen.article(i) for i in range(1, min(articles, 5_000) + 1)]
    seen = list({p.id: p for a in sample for p, _r, _c in a.people}.values())
    who = who_queries(gen, seen, queries)
    ask = ask_queries(gen, sample, queries)

    t = time.perf_counter()
    await router.dispatch(Command(name="ask", args="warm up"))  # loads vectors, names and MiniLM
    await router.dispatch(Command(name="who", args="warm up"))
    warm_s = time.perf_counter() - t
    rss_warm, _ = rss_mb()

    timings: dict[str, list[float]] = {"who": [], "ask": []}
    outcomes = {"who_card": 0, "who_list": 0, "who_unknown": 0, "ask_answered": 0}
    for name, batch in (("who", who), ("ask", ask)):
        for args in batch:
            t = time.perf_counter()
            reply = await router.dispatch(Command(name=name, args=args))
            timings[name].append((time.perf_counter() - t) * 1000)
            text = reply.messages[0]
            if name == "who":
                key = (
                    "who_unknown"
                    if text.body.startswith("I haven't")
                    else ("who_list" if text.title.startswith("Which") else "who_card")
                )
                outcomes[key] += 1
            elif not text.body.startswith("I don't know"):
                outcomes["ask_answered"] += 1
    rss_now, rss_peak = rss_mb()
    await services.close()
    return {
        "warm_s": warm_s,
        "who_p50_ms": percentile(timings["who"], 50),
        "who_p99_ms": percentile(timings["who"], 99),
        "ask_p50_ms": percentile(timings["ask"], 50),
        "ask_p99_ms": percentile(timings["ask"], 99),
        "rss_warm_mb": rss_warm,
        "rss_mb": rss_now,
        "rss_peak_mb": rss_peak,
        **outcomes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse")
    parser.add_argument("--rebuild", action="store_true", help="build even if a store of this size exists")
    parser.add_argument("--phase", choices=("all", "serve"), default="all", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    db_path = args.db or Path(tempfile.gettempdir()) / "newsbrief-bench" / f"followups-{args.articles}.db"

    if args.phase == "serve":
        print(json.dumps(asyncio.run(serve(db_path, args.articles, args.queries))))
        return 0

    meta = Path(str(db_path) + ".json")
    built: dict[str, float] = {}
    if (
        args.rebuild
        or not db_path.exists()
        or json.loads(meta.read_text() if meta.exists() else "{}").get("articles") != args.articles
    ):
        print(f"building a store of {args.articles:,} generated articles at {db_path}", file=sys.stderr)
        built = build(db_path, args.articles)
    else:
        print(f"reusing {db_path} (--rebuild to rebuild)", file=sys.stderr)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [  # noqa: S607 - taskset pins the serving process to one core
            "taskset",
            "-c",
            "0",
            sys.executable,
            __file__,
            "--phase",
            "serve",
            "--db",
            str(db_path),
            "--articles",
            str(args.articles),
            "--queries",
            str(args.queries),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    served = json.loads(out.stdout.strip().splitlines()[-1])
    result = {"articles": args.articles, "queries": args.queries, **built, **served}
    rows = [
        ("/who p50", f"{served['who_p50_ms']:.1f} ms", ""),
        ("/who p99", f"{served['who_p99_ms']:.1f} ms", f"≤ {GOALS['who_p99_ms']:.0f} ms"),
        ("/ask p50", f"{served['ask_p50_ms']:.1f} ms", ""),
        ("/ask p99", f"{served['ask_p99_ms']:.1f} ms", f"≤ {GOALS['ask_p99_ms']:.0f} ms"),
        ("RSS serving", f"{served['rss_mb']:.0f} MB (peak {served['rss_peak_mb']:.0f})", f"≤ {GOALS['rss_mb']:.0f} MB"),
        ("warm-up", f"{served['warm_s']:.1f} s", ""),
        (
            "/who outcomes",
            f"{served['who_card']} cards, {served['who_list']} lists, {served['who_unknown']} unknown",
            "",
        ),
        ("/ask answered", f"{served['ask_answered']} of {args.queries}", ""),
    ]
    if built:
        rows += [
            ("build", f"{built['build_s']:.0f} s", ""),
            (
                "store",
                f"{built['sentences']:,} sentences, {built['passages']:,} passages, "
                f"{built['entities']:,} entities, {built['db_mb']:.0f} MB",
                "",
            ),
        ]
    print(f"follow-ups benchmark: {args.articles:,} articles, {args.queries:,} queries each, one core")
    for name, value, goal in rows:
        print(f"  {name:<14} {value:<48} {goal}")
    result["pass"] = (
        served["who_p99_ms"] <= GOALS["who_p99_ms"]
        and served["ask_p99_ms"] <= GOALS["ask_p99_ms"]
        and served["rss_peak_mb"] <= GOALS["rss_mb"]
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
