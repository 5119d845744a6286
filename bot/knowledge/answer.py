"""`/ask`: hybrid retrieval over stored sentences, and an answer made only of quoted sentences.

Stages, in order:
1. the question → content terms (with their document frequencies), entities it names, a MiniLM vector;
2. candidates from three lists: full-text (BM25 / ts_rank), passage vectors, and — for "what did X say"
   questions — the stored quotes of X;
3. fusion: reciprocal-rank fusion of those lists, plus boosts for sentences naming the asked-about
   entities and for recent articles;
4. confidence from the best sentence's own evidence (share of the question's rare terms it contains,
   its passage's cosine, the entities and answer type asked for); below it the reply says it does not
   know and lists the closest stories;
5. the answer: the best sentence (with the sentence before it when it opens with a reference such as
   "such an outcome"), and up to two more strong ones, each cited by number. Nothing is paraphrased.
A story in scope (a thread, or the console's last `/brief N`) is searched first, on its own.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import (
    document_frequencies,
    fulltext_match,
    idf,
    query_terms,
    sentence_count,
    tokens,
)
from bot.knowledge.tables import Passage
from bot.knowledge.vectors import TextEncoder, dequantize, embed_pending
from bot.settings import KnowledgeSettings
from bot.store.tables import ArticleRow, MentionRow, QuoteRow, Sentence
from summarizer.lexicon import SPEECH_VERBS
from summarizer.words import CALENDAR_WORDS, SEASONS, any_of

logger = logging.getLogger(__name__)

ANAPHORA = re.compile(
    r"^(?:he|she|they|it|this|that|these|those|his|her|their|its|the move|the decision)\b|\bsuch an?\b", re.I
)
_SPEECH = re.compile(rf"\b{any_of(SPEECH_VERBS)}\b", re.I)
_WHEN = re.compile(r"^\s*when\b", re.I)
_HOW_MANY = re.compile(r"^\s*how (?:many|much)\b", re.I)
_DATE_WORDS = re.compile(
    rf"\b(?:\d{{1,4}}|{any_of(CALENDAR_WORDS | set(SEASONS))}|today|tomorrow|yesterday|week|month|year|"
    r"soon|later|next|last)\b",
    re.I,
)
_NUMBER = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|"
    r"millions?|billions?|dozens?)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def capitalised_names(text: str) -> list[str]:
    """Capitalised words after the first one: the names a question asks about."""
    words = _WORD.findall(text)[1:]
    return [w.removesuffix("'s").removesuffix("’s") for w in words if len(w) > 2 and w[0].isupper()]


@dataclass
class Question:
    text: str
    terms: list[str]
    weights: dict[str, float]  # idf of each term
    frequencies: dict[str, int]
    entities: dict[int, str]  # entity id → the alias the question used
    vector: np.ndarray | None
    about_speech: bool
    unknown_names: list[str]  # capitalised words that no stored sentence or entity knows


@dataclass
class Candidate:
    sentence_id: int
    article_id: int
    position: int
    text: str
    fused: float = 0.0
    cosine: float = 0.0
    coverage: float = 0.0
    names_entity: bool = False
    quoted: bool = False


@dataclass(frozen=True)
class Citation:
    """A story an answer cites: `[number]` in the answer's text points at it."""

    number: int
    article_id: int
    title: str
    url: str | None
    when: datetime | None


@dataclass(frozen=True)
class Cited:
    text: str
    number: int


@dataclass
class Answer:
    question: str
    confident: bool
    cited: list[Cited] = field(default_factory=list)
    sources: list[Citation] = field(default_factory=list)
    closest: list[Citation] = field(default_factory=list)
    from_scope: bool = False  # answered from the story in scope
    scope_missed: bool = False  # a story was in scope but did not answer it


def _stem_match(term: str, words: set[str]) -> bool:
    """Does a sentence contain the term, allowing inflections ("negotiate" ~ "negotiations")?"""
    if term in words:
        return True
    stem = term[: max(4, len(term) - 3)]
    return len(term) >= 5 and any(w.startswith(stem) for w in words)


def coverage(question: Question, text: str) -> float:
    """Share of the question's idf weight present in the text."""
    total = sum(question.weights.values())
    if not total:
        return 0.0
    words = set(tokens(text))
    return sum(w for t, w in question.weights.items() if _stem_match(t, words)) / total


async def _prepare(
    knowledge: KnowledgeBase, session: AsyncSession, text: str, embedder: TextEncoder | None
) -> Question:
    terms = query_terms(text)
    frequencies = await document_frequencies(session, terms, knowledge.common_terms)
    total = max(await sentence_count(session), 1)
    entities = await knowledge.names.in_text(session, text)
    known_words = {w for alias in entities.values() for w in alias.split()}
    unknown = [
        w
        for w in capitalised_names(text)
        if w.lower() not in known_words
        and frequencies.get(w.lower(), 1) == 0
        and not await knowledge.names.exact(session, w)
    ]
    weights = {t: idf(frequencies.get(t, 0), total) for t in terms}
    for alias in entities.values():  # the named entity matters more than its idf alone says
        for word in alias.split():
            if word in weights:
                weights[word] *= 1.5
    vector = None
    if embedder is not None:
        vector = (await asyncio.to_thread(embedder.encode, [text]))[0]
    return Question(text, terms, weights, frequencies, entities, vector, bool(_SPEECH.search(text)), unknown)


async def _article_meta(session: AsyncSession, ids: set[int]) -> dict[int, tuple[str, str | None, datetime | None]]:
    rows = await session.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.published, ArticleRow.created_at).where(
            ArticleRow.id.in_(sorted(ids))
        )
    )
    out: dict[int, tuple[str, str | None, datetime | None]] = {}
    for a_id, title, url, published, created in rows:
        when = published or created
        out[a_id] = (title, url, when.replace(tzinfo=UTC) if when and when.tzinfo is None else when)
    return out


async def _candidates(
    knowledge: KnowledgeBase,
    session: AsyncSession,
    question: Question,
    embedder: TextEncoder | None,
    article_id: int | None,
    now: datetime,
    settings: KnowledgeSettings,
) -> list[Candidate]:
    if question.vector is not None and embedder is not None:
        await embed_pending(session, embedder, limit=settings.lazy_embed_limit)  # the embedding job is behind
    match = fulltext_match(question.terms, question.frequencies, session.get_bind().dialect.name)
    text_hits, passage_hits = await knowledge.passages.search(
        session, match, question.vector, settings.fulltext_candidates, settings.vector_candidates, article_id
    )

    passages = {}
    if passage_hits:
        rows = await session.execute(
            select(Passage.id, Passage.article_id, Passage.first_position, Passage.last_position).where(
                Passage.id.in_([p for p, _ in passage_hits])
            )
        )
        passages = {p: (a, first, last) for p, a, first, last in rows}
        gone = [p for p, _ in passage_hits if p not in passages]
        if gone:
            await knowledge.passages.forget(gone)
    passage_rank = {p: rank for rank, (p, _s) in enumerate((h for h in passage_hits if h[0] in passages), 1)}
    passage_score = dict(passage_hits)

    quote_sentences: dict[int, int] = {}  # article id → rank of its quote, for speech questions
    quotes: list[tuple[int, str, str]] = []
    if question.about_speech and question.entities:
        stmt = select(QuoteRow.article_id, QuoteRow.text, QuoteRow.evidence).where(
            QuoteRow.entity_id.in_(sorted(question.entities))
        )
        if article_id is not None:
            stmt = stmt.where(QuoteRow.article_id == article_id)
        quotes = list(await session.execute(stmt.order_by(QuoteRow.id.desc()).limit(20)))
        for rank, (a_id, _t, _e) in enumerate(quotes, 1):
            quote_sentences.setdefault(a_id, rank)

    by_id: dict[int, Candidate] = {}
    if text_hits:
        found = await session.execute(
            select(Sentence.id, Sentence.article_id, Sentence.position, Sentence.text).where(
                Sentence.id.in_([s for s, _ in text_hits])
            )
        )
        for s_id, a_id, pos, text in found:
            by_id[s_id] = Candidate(s_id, a_id, pos, text)
    wide_articles = {a for a, _f, _l in passages.values()} | set(quote_sentences)
    if wide_articles:
        nearby = await session.execute(
            select(Sentence.id, Sentence.article_id, Sentence.position, Sentence.text).where(
                Sentence.article_id.in_(sorted(wide_articles))
            )
        )
        for s_id, a_id, pos, text in nearby:
            in_passage = any(a == a_id and f <= pos <= last for a, f, last in passages.values())
            quoted = any(a == a_id and (e and e in text or t and t in text) for a, t, e in quotes)
            if in_passage or quoted:
                by_id.setdefault(s_id, Candidate(s_id, a_id, pos, text)).quoted = quoted
    if not by_id:
        return []

    # Every candidate's passage cosine, also for those found by full text only.
    articles = {c.article_id for c in by_id.values()}
    spans = defaultdict(list)
    spans_rows = await session.execute(
        select(Passage.id, Passage.article_id, Passage.first_position, Passage.last_position, Passage.vector).where(
            Passage.article_id.in_(sorted(articles))
        )
    )
    for p_id, a_id, first, last, vector in spans_rows:
        if p_id in passage_score:
            score = passage_score[p_id]
        elif vector is not None and question.vector is not None:
            score = float(dequantize(np.frombuffer(vector, dtype=np.int8).reshape(1, -1))[0] @ question.vector)
        else:
            score = 0.0
        spans[a_id].append((first, last, p_id, score))

    entity_articles: set[int] = set()
    if question.entities:
        entity_articles = set(
            (
                await session.scalars(
                    select(MentionRow.article_id).where(
                        MentionRow.entity_id.in_(sorted(question.entities)), MentionRow.article_id.in_(sorted(articles))
                    )
                )
            ).all()
        )
    meta = await _article_meta(session, articles)
    text_rank = {s: rank for rank, (s, _score) in enumerate(text_hits, 1)}
    alias_words = [re.compile(r"\b" + re.escape(a) + r"\b", re.I) for a in set(question.entities.values())]
    rrf_k = settings.fusion_k
    unit = 1.0 / (rrf_k + 1)
    for c in by_id.values():
        p_rank, cosine = None, 0.0
        for first, last, p_id, score in spans.get(c.article_id, ()):
            if first <= c.position <= last:
                p_rank, cosine = passage_rank.get(p_id), score
        c.cosine = cosine
        c.coverage = coverage(question, c.text)
        c.names_entity = any(p.search(c.text) for p in alias_words)
        fused = 0.0
        if c.sentence_id in text_rank:
            fused += 1.0 / (rrf_k + text_rank[c.sentence_id])
        if p_rank is not None:
            fused += 1.0 / (rrf_k + p_rank)
        if c.quoted:
            fused += 1.0 / (rrf_k + quote_sentences.get(c.article_id, 20))
        if c.names_entity:
            fused += 0.5 * unit
        elif c.article_id in entity_articles:
            fused += 0.2 * unit
        when = meta.get(c.article_id, ("", None, None))[2]
        if when is not None:
            age_days = max((now - when).total_seconds() / 86400, 0.0)
            fused += settings.recency_weight * unit * math.exp(-age_days / settings.recency_days)
        c.fused = fused + 0.1 * unit * c.coverage
    return sorted(by_id.values(), key=lambda c: (-c.fused, c.article_id, c.position))


def is_confident(question: Question, best: Candidate, context: str, article_names_entity: bool) -> bool:
    """Does the best sentence answer the question, on its own evidence?"""
    if question.unknown_names:
        return False
    if question.entities and not (best.names_entity or article_names_entity):
        return False
    if _WHEN.search(question.text) and not _DATE_WORDS.search(context):
        return False
    if _HOW_MANY.search(question.text) and not _NUMBER.search(context):
        return False
    cov = coverage(question, context)
    cos = best.cosine
    absent = [t for t in question.terms if question.frequencies.get(t, 0) == 0]
    if absent and cos < 0.6:
        return False  # the store never mentions part of the question
    return (cov >= 0.6 and cos >= 0.2) or (cov >= 0.4 and cos >= 0.4) or cos >= 0.6 or (cov >= 0.99 and best.quoted)


async def _previous_sentence(session: AsyncSession, c: Candidate) -> Candidate | None:
    if c.position == 0:
        return None
    row = (
        await session.execute(
            select(Sentence.id, Sentence.text).where(
                Sentence.article_id == c.article_id, Sentence.position == c.position - 1
            )
        )
    ).first()
    return Candidate(row[0], c.article_id, c.position - 1, row[1], cosine=c.cosine) if row else None


async def _compose(
    session: AsyncSession, question: Question, ranked: list[Candidate], entity_articles: set[int], most: int
) -> tuple[bool, list[Candidate]]:
    for best in ranked[:3]:  # the fused order decides, but a close runner-up may carry the evidence
        chosen = [best]
        if ANAPHORA.search(best.text):
            previous = await _previous_sentence(session, best)
            if previous is not None:
                chosen.insert(0, previous)
        context = " ".join(c.text for c in chosen)
        if is_confident(question, best, context, best.article_id in entity_articles):
            break
    else:
        return False, []
    for other in ranked:
        if len(chosen) >= most:
            break
        if other.fused < 0.8 * best.fused or other.coverage < 0.5 or any(o.text == other.text for o in chosen):
            continue
        if question.entities and not other.names_entity:
            continue
        chosen.append(other)
    order = list(dict.fromkeys(c.article_id for c in chosen))
    chosen.sort(key=lambda c: (order.index(c.article_id), c.position))
    return True, chosen


async def _entity_articles(session: AsyncSession, question: Question, ranked: list[Candidate]) -> set[int]:
    if not question.entities or not ranked:
        return set()
    return set(
        (
            await session.scalars(
                select(MentionRow.article_id).where(
                    MentionRow.entity_id.in_(sorted(question.entities)),
                    MentionRow.article_id.in_(sorted({c.article_id for c in ranked[:10]})),
                )
            )
        ).all()
    )


async def answer_question(
    knowledge: KnowledgeBase,
    session: AsyncSession,
    text: str,
    embedder: TextEncoder | None,
    scope_article_id: int | None = None,
    *,
    now: datetime,
    settings: KnowledgeSettings | None = None,
) -> Answer:
    """Answer from stored sentences, the story in scope first; or say so and show the closest stories.

    `now` (the service's clock) dates the recency boost; `settings` (`[knowledge]`, defaults without) tune the
    retrieval, the ranking and the length of the answer."""
    settings = settings or KnowledgeSettings()
    question = await _prepare(knowledge, session, text, embedder)
    answer = Answer(question=text, confident=False)
    tried: list[Candidate] = []
    for scope in [scope_article_id, None] if scope_article_id else [None]:
        ranked = await _candidates(knowledge, session, question, embedder, scope, now, settings)
        tried.extend(ranked)
        if not ranked:
            continue
        entity_articles = await _entity_articles(session, question, ranked)
        confident, chosen = await _compose(session, question, ranked, entity_articles, settings.answer_sentences)
        if confident:
            answer.confident = True
            answer.from_scope = scope is not None
            answer.scope_missed = scope_article_id is not None and scope is None
            meta = await _article_meta(session, {c.article_id for c in chosen})
            numbers: dict[int, int] = {}
            for c in chosen:
                number = numbers.setdefault(c.article_id, len(numbers) + 1)
                answer.cited.append(Cited(c.text, number))
            answer.sources = [Citation(n, a, *meta[a]) for a, n in numbers.items()]
            return answer
    answer.scope_missed = scope_article_id is not None
    closest = list(dict.fromkeys(([scope_article_id] if scope_article_id else []) + [c.article_id for c in tried]))[:3]
    meta = await _article_meta(session, set(closest))
    answer.closest = [Citation(i, a, *meta[a]) for i, a in enumerate(closest, 1) if a in meta]
    return answer
