"""Full-text search over stored sentences, one implementation per database.

SQLite uses the FTS5 table of migration 0002 (BM25); PostgreSQL uses `to_tsvector('english', ...)` with
its GIN index (`ts_rank_cd`). Both take the same question terms and return (sentence id, score), best first.
The SQLite-only SQL is all in `_sqlite_fulltext` and `_sqlite_document_frequency`.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.names import strip_accents
from bot.store.tables import Sentence
from summarizer.lexicon import SPEECH_VERBS
from summarizer.words import STOPWORDS

logger = logging.getLogger(__name__)

# Words of a question that ask for news without saying what it is about.
QUESTION_WORDS = frozenset("tell know happened happen happening latest news story article think thought going".split())
# Not search terms: function words, those question words, and the verbs of a question about what someone said.
NOT_TERMS = STOPWORDS | QUESTION_WORDS | SPEECH_VERBS
COMMON_CAP = 20_000  # a term in more sentences than this is "common": ranked, but not used to retrieve

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def tokens(text_: str) -> list[str]:
    return _TOKEN.findall(strip_accents(text_).lower().replace("’", "'"))


def query_terms(question: str) -> list[str]:
    """The content words of a question, in order, without duplicates, stop words or speech verbs."""
    seen: dict[str, None] = {}
    for token in tokens(question):
        token = token.removesuffix("'s")
        for part in token.replace("'", "-").split("-"):
            if len(part) > 1 and part not in NOT_TERMS:
                seen.setdefault(part, None)
    return list(seen)


async def document_frequencies(session: AsyncSession, terms: list[str], common: set[str]) -> dict[str, int]:
    """How many sentences contain each term (capped at COMMON_CAP, which is all a ranking needs).

    `common` holds the terms already seen to reach the cap (the caller keeps it between questions):
    counting them again would cost the most and change nothing; this adds the new ones."""
    if not terms:
        return {}
    found = {t: COMMON_CAP for t in terms if t in common}  # once common, always common: skip the count
    todo = [t for t in terms if t not in found]
    if session.get_bind().dialect.name == "sqlite":
        found.update({t: await _sqlite_document_frequency(session, t) for t in todo})
        common.update(t for t in todo if found[t] >= COMMON_CAP)
        return found
    for term in todo:
        inner = (
            select(Sentence.id)
            .where(func.to_tsvector("english", Sentence.text).op("@@")(func.plainto_tsquery("english", term)))
            .limit(COMMON_CAP)
            .subquery()
        )
        found[term] = int(await session.scalar(select(func.count()).select_from(inner)) or 0)
    common.update(t for t in todo if found[t] >= COMMON_CAP)
    return found


async def sentence_count(session: AsyncSession) -> int:
    """Sentences stored (approximately: the highest id), for inverse document frequencies."""
    return int(await session.scalar(select(func.max(Sentence.id))) or 0)


def idf(df: int, total: int) -> float:
    return math.log((total + 1) / (df + 0.5)) + 0.1


def fulltext_match(terms: list[str], frequencies: dict[str, int], dialect: str) -> str | None:
    """The dialect's full-text query for the terms: any rare term may match; common terms only rank
    (see COMMON_CAP). None when no term occurs at all."""
    present = [t for t in terms if frequencies.get(t, 1) > 0]
    rare = [t for t in present if frequencies.get(t, 0) < COMMON_CAP]
    if not present:
        return None
    if dialect == "sqlite":
        return " OR ".join(f'"{t}"' for t in rare) if rare else " AND ".join(f'"{t}"' for t in present)
    return " | ".join(rare) if rare else " & ".join(present)


async def fulltext_search(
    session: AsyncSession, match: str, limit: int = 50, article_id: int | None = None
) -> list[tuple[int, float]]:
    """Best sentences for a `fulltext_match` query, (sentence id, score), best first."""
    if session.get_bind().dialect.name == "sqlite":
        return await _sqlite_fulltext(session, match, limit, article_id)
    stmt = postgres_fulltext(match, limit, article_id)
    return [(int(i), float(r)) for i, r in (await session.execute(stmt))]


async def _sqlite_fulltext(
    session: AsyncSession, match: str, limit: int, article_id: int | None
) -> list[tuple[int, float]]:
    """SQLITE-ONLY: FTS5 MATCH ranked by bm25() (lower is better, so the score is its negation)."""
    scoped = " AND rowid IN (SELECT id FROM sentences WHERE article_id = :article_id)" if article_id else ""
    sql = (
        "SELECT rowid, bm25(sentences_fts) AS rank FROM sentences_fts "  # noqa: S608 - constant fragments only
        f"WHERE sentences_fts MATCH :match{scoped} ORDER BY rank LIMIT :limit"
    )
    rows = await session.execute(
        text(sql),
        {"match": match, "limit": limit, "article_id": article_id},
    )
    return [(int(r[0]), -float(r[1])) for r in rows]


async def _sqlite_document_frequency(session: AsyncSession, term: str) -> int:
    """SQLITE-ONLY: sentences matching one term, counted up to COMMON_CAP."""
    return int(
        await session.scalar(
            text("SELECT count(*) FROM (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH :t LIMIT :cap)"),
            {"t": f'"{term}"', "cap": COMMON_CAP},
        )
        or 0
    )


def postgres_fulltext(query: str, limit: int, article_id: int | None) -> Select[Any]:
    """PostgreSQL full text: the GIN index finds, ts_rank_cd ranks; (sentence id, rank), best first."""
    vector = func.to_tsvector("english", Sentence.text)
    tsquery = func.to_tsquery("english", query)
    rank = func.ts_rank_cd(vector, tsquery).label("rank")
    stmt = select(Sentence.id, rank).where(vector.op("@@")(tsquery)).order_by(rank.desc()).limit(limit)
    if article_id:
        stmt = stmt.where(Sentence.article_id == article_id)
    return stmt
