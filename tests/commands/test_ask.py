"""`/ask` through the router over the seeded store: quoted answers, thread scope, and "I don't know"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.app import App
from bot.messages import Command, Reply
from bot.store.tables import ArticleRow, Delivery
from tests.knowledge.support import make_brief, person
from tests.stored_briefs import shared_embedder, store_briefed_article


async def ask(app: App, question: str, **context: object) -> Reply:
    app.services.embedder = shared_embedder()  # one MiniLM load for the whole test session
    reply = await app.dispatch(Command(name="ask", args=question, **context))  # type: ignore[arg-type]
    assert not reply.error, reply.plain_text()
    return reply


async def test_what_hegseth_said_about_nato_is_quoted_and_cited(seeded_app: App) -> None:
    message = (await ask(seeded_app, "what did Hegseth say about NATO?")).messages[0]
    assert "NATO membership for Ukraine is unlikely" in message.body
    assert "unrealistic" in message.body and "pre-2014" in message.body
    assert message.body.count("[1]") >= 1 and "[2]" not in message.body
    sources = message.sections[0].items
    assert len(sources) == 1 and sources[0].startswith("[1] Trump says Putin agreed")


async def test_a_follow_up_in_a_story_thread_is_answered_from_that_story(seeded_app: App) -> None:
    async with seeded_app.services.db.session() as s:
        rates = await store_briefed_article(
            s,
            make_brief(
                "Central bank raises rates",
                ["Governor Ana Costa said the bank's board would meet again on Friday to review lending."],
                [person("Ana Costa", "central bank governor")],
                published=date(2025, 3, 6),
            ),
        )
        s.add(
            Delivery(
                platform="discord",
                channel_id="news",
                item_key=f"brief:{rates.id}",
                article_id=rates.id,
                status="sent",
                message_id="m1",
                thread_id="thread-rates",
            )
        )
        seed_id = await s.scalar(select(ArticleRow.id).where(ArticleRow.title.like("Trump says Putin%")))
    question = "who will meet on Friday?"

    in_thread = await ask(seeded_app, question, platform="discord", channel_id="news", thread_id="thread-rates")
    assert "Ana Costa" in in_thread.messages[0].body
    assert in_thread.messages[0].footer == "Quoted from this story."

    await seeded_app.dispatch(Command(name="brief", args=str(seed_id)))  # the console's way into a story
    after_brief = await ask(seeded_app, question)
    assert "Zelenskyy is set to meet US Vice President JD Vance" in after_brief.messages[0].body
    assert after_brief.article_id == seed_id


async def test_a_question_the_articles_do_not_answer_gets_i_dont_know(seeded_app: App) -> None:
    async with seeded_app.services.db.session() as s:
        await store_briefed_article(
            s,
            make_brief(
                "Local team wins the cup",
                ["The Riverside Rovers beat Hillport 2-1 in the cup final on Saturday."],
                published=date(2025, 3, 8),
            ),
        )
    reply = await ask(seeded_app, "What did the finance minister say about unemployment?")
    assert reply.messages[0].body.startswith("I don't know")
    assert reply.messages[0].sections[0].heading == "Closest stories"
