"""Alert matching benchmark: 10,000 subscriptions against 1,000 incoming articles, on one core.

    .venv/bin/python bench/bench_alerts.py [--subscriptions 10000] [--articles 1000] [--db-articles 200]

Matching time per article = preparing the article for keyword matching (tokens, phrase string) + matching
it against the compiled index of every subscription (keywords via the inverted index, entities via aliases,
semantic topics via one matrix-vector product). Goal: p99 ≤ 20 ms. The MiniLM embedding of the article is
not part of matching (it is computed once per article for story grouping too); its time is reported
separately when the model is installed.

Data is generated, deterministic (seed 7): articles of 300–900 words drawn from a Zipf vocabulary of 20,000
words with 3–10 named entities each; subscriptions are 60 % keyword queries (1–4 terms of mid-frequency
words with AND/OR/NOT, parentheses and phrases), 20 % entities, 20 % semantic topics (unit vectors).
A second section runs the real hook (`bot.alerts.on_briefed`: story grouping + matching + recording) in a
SQLite store holding the same 10,000 subscriptions, for `--db-articles` articles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bot.alerts import minhash  # noqa: E402
from bot.alerts.features import EntityRef, Features  # noqa: E402
from bot.alerts.match import Sub, SubscriptionIndex  # noqa: E402
from bot.alerts.text import Document  # noqa: E402

GOAL_P99_MS = 20.0
VOCAB = 20_000
DIM = 384
FIRST = [
    "anna",
    "mark",
    "sofia",
    "kwame",
    "lena",
    "rahul",
    "maria",
    "tomasz",
    "aisha",
    "jonas",
    "elena",
    "david",
    "chen",
    "fatima",
    "oliver",
    "ines",
    "yusuf",
    "clara",
    "mateo",
    "hana",
]


def word(rank: int) -> str:
    """A pseudo-word per frequency rank (distinct tokens that the plural fold leaves alone)."""
    return f"w{rank}x"


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def entity_pool(rng: random.Random, n: int = 2000) -> list[EntityRef]:
    pool = []
    for i in range(n):
        if i % 3:
            first, last = rng.choice(FIRST), f"surname{i}"
            key = f"{first} {last}"
            pool.append(EntityRef(key.title(), key, "PERSON", frozenset({key, last, f"{first[0]} {last}"})))
        else:
            key = f"organisation {i}"
            pool.append(EntityRef(key.title(), key, "ORG", frozenset({key, f"org{i}"})))
    return pool


def make_articles(n: int, pool: list[EntityRef], seed: int = 7) -> list[tuple[str, list[EntityRef]]]:
    rng = random.Random(seed)
    weights = [1 / (r**1.07) for r in range(1, VOCAB + 1)]
    articles = []
    for _ in range(n):
        words = rng.choices(range(1, VOCAB + 1), weights=weights, k=rng.randint(300, 900))
        entities = rng.sample(pool, rng.randint(3, 10))
        names = " ".join(e.name for e in entities)
        text = " ".join(word(w) for w in words)
        articles.append((f"{names}. {text}", entities))
    return articles


def make_query(rng: random.Random) -> str:
    def term() -> str:
        if rng.random() < 0.15:
            start = rng.randint(40, 2000)
            return f'"{word(start)} {word(start + 1)}"'
        return word(rng.randint(40, 4000))  # topical words: neither stop words nor one-offs

    shape = rng.randint(1, 4)
    if shape == 1:
        return term()
    if shape == 2:
        return f"{term()} AND {term()}"
    if shape == 3:
        return f"{term()} AND ({term()} OR {term()}) NOT {term()}"
    return f"({term()} OR {term()}) AND {term()}"


def make_subscriptions(n: int, pool: list[EntityRef], seed: int = 7) -> tuple[list[Sub], dict[int, np.ndarray]]:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    subs: list[Sub] = []
    vectors: dict[int, np.ndarray] = {}
    n_sem = n // 5
    sem_vecs = unit(nrng, n_sem)
    for i in range(n):
        user = f"user{i}"
        kind = "keyword" if i % 5 < 3 else ("entity" if i % 5 == 3 else "semantic")
        if kind == "keyword":
            query = make_query(rng)
        elif kind == "entity":
            e = rng.choice(pool)
            query = "who:" + (rng.choice(sorted(e.aliases)) if rng.random() < 0.5 else e.name)
        else:
            query = f'~"topic {i}"'
            vectors[i + 1] = sem_vecs[len(vectors)]
        subs.append(Sub(i + 1, "console", user, "", kind, query))
    return subs, vectors


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    values = {"p50": pct(50), "p95": pct(95), "p99": pct(99), "max": ordered[-1], "mean": statistics.fmean(ordered)}
    return {k: round(v, 3) for k, v in values.items()}


def bench_matching(n_subs: int, n_articles: int) -> dict[str, object]:
    pool = entity_pool(random.Random(11))
    subs, vectors = make_subscriptions(n_subs, pool)
    t = time.perf_counter()
    index = SubscriptionIndex(subs, vectors)
    build_s = time.perf_counter() - t
    articles = make_articles(n_articles, pool)
    article_vecs = unit(np.random.default_rng(99), n_articles)
    at = datetime(2025, 2, 12, tzinfo=UTC)
    prep_ms, match_ms, total_ms, hits = [], [], [], []
    for i, (text, entities) in enumerate(articles):
        t0 = time.perf_counter()
        doc = Document(text)
        t1 = time.perf_counter()
        found = index.match(Features(i, "", "", at, doc, minhash.signature(""), article_vecs[i], entities))
        t2 = time.perf_counter()
        prep_ms.append((t1 - t0) * 1000)
        match_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
        hits.append(len(found))
    return {
        "index_build_s": build_s,
        "prepare_ms": percentiles(prep_ms),
        "match_ms": percentiles(match_ms),
        "total_ms": percentiles(total_ms),
        "hits_per_article_mean": statistics.fmean(hits),
        "keyword_subs": len(index.keyword),
        "entity_subs": len(index.entity_keys),
        "semantic_subs": len(index.sem_ids),
    }


class RandomEmbedder:
    """Stands in for MiniLM in the store section, so it measures the hook rather than the model."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(5)

    def encode(self, texts: list[str]) -> np.ndarray:
        return unit(self.rng, len(texts))


async def bench_hook(n_subs: int, n_articles: int) -> dict[str, object]:
    """`on_briefed` in a real SQLite store holding the subscriptions: story grouping + matching + recording."""
    from sqlalchemy import insert

    from bot import alerts
    from bot.alerts.tables import SubscriptionVector
    from bot.ingest import IngestedItem
    from bot.services import Services
    from bot.settings import load_settings
    from bot.store import articles as article_store
    from bot.store.tables import ArticleRow, Subscription
    from summarizer import Article, Brief

    pool = entity_pool(random.Random(11))
    subs, vectors = make_subscriptions(n_subs, pool)
    texts = make_articles(n_articles, pool, seed=13)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        settings = load_settings(
            Path(__file__).resolve().parent.parent / "config" / "newsbrief.toml",
            env={},
            overrides={"database.url": url},
        )
        clock_now = datetime(2025, 2, 12, 8, 0, tzinfo=UTC)
        services = await Services.open(settings, clock=lambda: clock_now, embedder=RandomEmbedder())  # type: ignore[arg-type]
        db = services.db
        async with db.session() as session:
            await session.execute(
                insert(Subscription),
                [
                    {
                        "id": s.id,
                        "platform": s.platform,
                        "user_id": s.user_id,
                        "channel_id": "",
                        "kind": s.kind,
                        "query": s.query,
                        "timezone": "UTC",
                    }
                    for s in subs
                ],
            )
            await session.execute(
                insert(SubscriptionVector),
                [{"subscription_id": k, "vector": v.astype("<f4").tobytes()} for k, v in vectors.items()],
            )
        samples: list[float] = []
        for i, (text, _entities) in enumerate(texts):
            published = clock_now + timedelta(minutes=7 * i)
            article = Article(title=text[:80], text=text, source=f"outlet{i % 7}", published=published)
            async with db.session() as session:
                saved = await article_store.save_item(session, IngestedItem.build(article, "feed", "bench", str(i)))
            brief = Brief(title=article.title, summary=text[:400])
            async with db.session() as session:
                row = await session.get(ArticleRow, saved.article_id)
                t = time.perf_counter()
                await alerts.on_briefed(session, row, brief, services)
                samples.append((time.perf_counter() - t) * 1000)
        await services.close()
    first = samples[0]
    return {"on_briefed_ms": percentiles(samples[1:]), "first_call_with_index_build_ms": first}


def bench_embedding(n: int = 64) -> float | None:
    try:
        from bot.services import Embedder

        embedder = Embedder(1)
        embedder.encode(["warm up"])
    except Exception:  # noqa: BLE001 - the model is optional here
        return None
    texts = [
        f"Headline number {i} about a subject. A lead sentence of twenty words or so describing the news "
        f"event in some detail for embedding {i}."
        for i in range(n)
    ]
    t = time.perf_counter()
    for text in texts:
        embedder.encode([text])
    return (time.perf_counter() - t) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--db-articles", type=int, default=200)
    parser.add_argument("--no-embedding", action="store_true", help="skip timing the MiniLM embedding")
    args = parser.parse_args()
    started = time.perf_counter()
    matching = bench_matching(args.subscriptions, args.articles)
    hook = asyncio.run(bench_hook(args.subscriptions, args.db_articles)) if args.db_articles else {}
    embed_ms = None if args.no_embedding else bench_embedding()
    total = matching["total_ms"]
    assert isinstance(total, dict)
    ok = total["p99"] <= GOAL_P99_MS

    print(f"alerts benchmark: {args.subscriptions:,} subscriptions × {args.articles:,} articles, one core")
    print(f"  {'measure':<34} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}   goal")
    rows = [
        ("prepare article (tokens)", matching["prepare_ms"], ""),
        ("match against index", matching["match_ms"], ""),
        ("matching time per article", total, f"p99 ≤ {GOAL_P99_MS:.0f} ms  {'OK' if ok else 'MISSED'}"),
    ]
    if hook:
        rows.append(
            (f"on_briefed in SQLite ({args.db_articles} art.)", hook["on_briefed_ms"], "story + match + record")
        )
    for name, p, goal in rows:
        assert isinstance(p, dict)
        print(f"  {name:<34} {p['p50']:>6.2f}ms {p['p95']:>6.2f}ms {p['p99']:>6.2f}ms {p['max']:>6.2f}ms   {goal}")
    print(
        f"  index build: {matching['index_build_s']:.2f} s ({matching['keyword_subs']:,} keyword, "
        f"{matching['entity_subs']:,} entity, {matching['semantic_subs']:,} semantic); "
        f"{matching['hits_per_article_mean']:.1f} matches per article"
    )
    if embed_ms is not None:
        print(f"  MiniLM embedding of one article (headline + lead), not part of matching: {embed_ms:.1f} ms")
    elapsed = time.perf_counter() - started
    print(f"  elapsed {elapsed:.1f} s")
    result = {
        "bench": "alerts",
        "subscriptions": args.subscriptions,
        "articles": args.articles,
        "matching_ms": total,
        "match_only_ms": matching["match_ms"],
        "prepare_ms": matching["prepare_ms"],
        "index_build_s": round(float(matching["index_build_s"]), 3),  # type: ignore[arg-type]
        "hits_per_article_mean": round(float(matching["hits_per_article_mean"]), 2),  # type: ignore[arg-type]
        "on_briefed_ms": hook.get("on_briefed_ms"),
        "embedding_ms": round(embed_ms, 2) if embed_ms else None,
        "goal_p99_ms": GOAL_P99_MS,
        "ok": ok,
        "elapsed_s": round(elapsed, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
