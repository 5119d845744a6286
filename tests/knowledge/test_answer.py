"""`/ask` retrieval on hand-made briefs: quoted sentences with citations, or an honest "I don't know"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.knowledge.answer import answer_question, coverage, query_terms
from bot.knowledge.base import KnowledgeBase
from bot.settings import KnowledgeSettings
from bot.store.db import Database
from tests.knowledge.support import SEED_URL, make_brief, person, seed_brief
from tests.stored_briefs import shared_embedder, store_briefed_article

RATES = make_brief(
    "Central bank raises interest rates to 4.5%",
    [
        "The central bank raised its main interest rate by a quarter point to 4.5% on Thursday.",
        "Governor Ana Costa said inflation remained too high and further increases were possible.",
        "Markets had expected the move, and the currency barely changed.",
    ],
    [person("Ana Costa", "central bank governor")],
    published=date(2025, 3, 6),
)
NOW = datetime(2025, 4, 1, tzinfo=UTC)


def test_question_terms_drop_stop_words_and_speech_verbs() -> None:
    assert query_terms("What did Hegseth say about NATO?") == ["hegseth", "nato"]
    assert query_terms("Who's leading the pre-2014 border talks?") == ["leading", "pre", "2014", "border", "talks"]
    assert query_terms("What happens next?") == ["happens", "next"]  # spaCy's stop words would drop `next`
    assert query_terms("Who will lead the US delegation?") == ["lead", "us", "delegation"]


async def test_the_seed_answers_what_hegseth_said_about_nato(db: Database, knowledge: KnowledgeBase) -> None:
    async with db.session() as s:
        seed = await store_briefed_article(s, seed_brief(), url=SEED_URL)
        await store_briefed_article(s, RATES)
    async with db.session() as s:
        answer = await answer_question(knowledge, s, "what did Hegseth say about NATO?", shared_embedder(), now=NOW)
    assert answer.confident
    text = " ".join(c.text for c in answer.cited)
    assert "NATO membership for Ukraine is unlikely" in text and "unrealistic" in text
    assert "pre-2014" in text  # the sentence "such an outcome" refers to comes along
    assert {c.number for c in answer.cited} == {1}
    assert answer.sources[0].article_id == seed.id and answer.sources[0].url == SEED_URL
    assert all(any(c.text == s for s in seed_brief().sentences) for c in answer.cited)  # verbatim only


async def test_the_knowledge_settings_bound_how_much_an_answer_quotes(db: Database, knowledge: KnowledgeBase) -> None:
    async with db.session() as s:
        await store_briefed_article(s, seed_brief(), url=SEED_URL)
    question = "who will negotiate?"
    async with db.session() as s:
        full = await answer_question(knowledge, s, question, shared_embedder(), now=NOW)
        short = await answer_question(
            knowledge, s, question, shared_embedder(), now=NOW, settings=KnowledgeSettings(answer_sentences=1)
        )
    assert len(full.cited) == 3 and len(short.cited) == 1
    assert short.cited[0].text in {c.text for c in full.cited}


async def test_when_the_answer_is_absent_it_says_so_and_shows_the_closest_stories(
    db: Database, knowledge: KnowledgeBase
) -> None:
    async with db.session() as s:
        await store_briefed_article(s, seed_brief(), url=SEED_URL)
        await store_briefed_article(s, RATES)
    embedder = shared_embedder()
    for question in (
        "What did Elon Musk say about Tesla layoffs?",
        "What was the unemployment rate in March?",
        "When will the central bank cut rates again?",
    ):
        async with db.session() as s:
            answer = await answer_question(knowledge, s, question, embedder, now=NOW)
        assert not answer.confident, question
        assert answer.closest and not answer.cited


async def test_the_story_in_scope_is_searched_first(db: Database, knowledge: KnowledgeBase) -> None:
    other = make_brief(
        "Governor warns on inflation",
        ["Governor Ana Costa said inflation would stay high through the summer."],
        [person("Ana Costa", "central bank governor")],
        published=date(2025, 3, 20),  # newer, so unscoped it would win
    )
    async with db.session() as s:
        rates = await store_briefed_article(s, RATES)
        await store_briefed_article(s, other)
    async with db.session() as s:
        scoped = await answer_question(
            knowledge, s, "What did Costa say about inflation?", shared_embedder(), rates.id, now=NOW
        )
    assert scoped.confident and scoped.from_scope
    assert scoped.sources[0].article_id == rates.id


def test_coverage_weighs_terms_by_rarity() -> None:
    from bot.knowledge.answer import Question

    question = Question("q", ["nato", "said"], {"nato": 3.0, "said": 1.0}, {}, {}, None, False, [])
    assert coverage(question, "NATO membership is unlikely") == 0.75
