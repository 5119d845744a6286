"""`index_brief` stores sentences (searchable), passages for vectors, and quotes tied to speakers."""

from __future__ import annotations

from sqlalchemy import select

from bot.knowledge.index import passage_windows
from bot.knowledge.search import document_frequencies, fulltext_match, fulltext_search
from bot.knowledge.tables import Passage
from bot.store.db import Database
from bot.store.tables import EntityRow, QuoteRow, Sentence
from tests.knowledge.support import seed_brief
from tests.stored_briefs import store_briefed_article


def test_passages_are_windows_of_three_without_a_lonely_last_sentence() -> None:
    assert passage_windows(7) == [(0, 2), (3, 6)]
    assert passage_windows(6) == [(0, 2), (3, 5)]
    assert passage_windows(1) == [(0, 0)]
    assert passage_windows(0) == []


async def test_the_seed_is_stored_sentence_by_sentence_and_full_text_searchable(db: Database) -> None:
    brief = seed_brief()
    async with db.session() as s:
        article = await store_briefed_article(s, brief)
    async with db.session() as s:
        texts = (
            await s.scalars(select(Sentence.text).where(Sentence.article_id == article.id).order_by(Sentence.position))
        ).all()
        passages = (await s.scalars(select(Passage).where(Passage.article_id == article.id))).all()
        frequencies = await document_frequencies(s, ["hegseth", "nato", "zebra"], common=set())
        match = fulltext_match(["hegseth", "nato"], frequencies, db.dialect)
        assert match is not None
        hits = await fulltext_search(s, match)
        hit_texts = [await s.scalar(select(Sentence.text).where(Sentence.id == i)) for i, _ in hits]
    assert list(texts) == list(brief.sentences)
    assert len(passages) == 5 and all(p.vector is None for p in passages)  # embedding is deferred
    assert frequencies == {"hegseth": 1, "nato": 1, "zebra": 0}
    assert "Hegseth" in hit_texts[0] and "NATO" in hit_texts[0]


async def test_quotes_are_tied_to_the_entity_of_their_speaker(db: Database) -> None:
    async with db.session() as s:
        await store_briefed_article(s, seed_brief())
    async with db.session() as s:
        rows = (
            await s.execute(
                select(QuoteRow.speaker, EntityRow.name).join(EntityRow, EntityRow.id == QuoteRow.entity_id)
            )
        ).all()
    assert ("Pete Hegseth", "Pete Hegseth") in rows
    assert ("Donald Trump", "Donald Trump") in rows


async def test_mentions_stored_before_stated_roles_were_kept_are_backfilled_once(db: Database) -> None:
    import json

    from sqlalchemy import update

    from bot.knowledge import backfill_roles
    from bot.knowledge.index import backfill_stated_roles
    from bot.store.tables import MentionRow
    from tests.knowledge.support import make_brief, person

    story = ["Orlan's chief executive, Peter Vale, said profits slipped.", "Mr Vale is to become chairman of Orlan."]
    async with db.session() as s:
        await store_briefed_article(s, make_brief("Orlan shake-up", story, [person("Peter Vale")]))
        await s.execute(update(MentionRow).values(stated_roles=None))  # as migration 0008 leaves old rows

    class Context:
        def __init__(self, database: Database) -> None:
            self.db, self.embedder = database, None

    assert await backfill_roles(Context(db)) == 1  # type: ignore[arg-type]
    async with db.session() as s:
        stored = await s.scalar(select(MentionRow.stated_roles))
        assert await backfill_stated_roles(s) == 0  # nothing left: one query, no parsing
    assert stored is not None and "chairman of Orlan" in json.loads(stored)
