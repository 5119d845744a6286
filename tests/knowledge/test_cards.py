"""`/who` cards from stored rows: found by any everyday form of a name, built without parsing anything,
people named beside a brief's key actors, and rows stored before the roles were kept (migration 0008)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, text

from bot.alerts.features import stored_entities
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.cards import find_who
from bot.store.db import Database
from bot.store.tables import MentionRow
from summarizer.models import Actor
from tests.knowledge.support import make_brief, person
from tests.stored_briefs import store_briefed_article


def titled(name: str, role: str, *stated: str) -> Actor:
    return Actor(name=name, type="PERSON", role=role, stated_roles=stated)


async def card_roles(db: Database, knowledge: KnowledgeBase, query: str) -> list[str]:
    async with db.session() as s:
        result = await find_who(knowledge.names, s, query)
    assert result.card is not None, f"no card for {query!r}: {result}"
    roles = [result.card.current_role] if result.card.current_role else []
    return [r.role for r in roles + result.card.other_roles]


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any spaCy parse from here on fails the test, whichever path calls it."""
    from spacy.language import Language

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("spaCy was called at request time")

    monkeypatch.setattr(Language, "__call__", refuse)
    monkeypatch.setattr(Language, "pipe", refuse)


async def test_a_card_reads_the_roles_stored_at_indexing_and_parses_nothing(
    db: Database, knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = ["Orlan's chief executive, Peter Vale, said profits slipped.", "Mr Vale is to become chairman in April."]
    vale = titled("Peter Vale", "chief executive", "chief executive", "chairman and chief executive of Orlan")
    async with db.session() as s:
        await store_briefed_article(s, make_brief("Orlan shake-up", story, [vale], published=date(2025, 5, 1)))
    no_parsing(monkeypatch)
    roles = await card_roles(db, knowledge, "who is Peter Vale?")
    assert roles == ["chief executive", "chairman and chief executive of Orlan"]  # no repeat of the brief's role
    async with db.session() as s:
        card = (await find_who(knowledge.names, s, "Vale")).card
    assert card is not None and card.deeds[0][0] == story[0]


@pytest.mark.parametrize(
    "query",
    ["Doran K. Pell", "Doran Kit Pell", "Dr Doran Pell", "Doran Pell's", "Mr. Pell", "Ivo Marsh", "Ivo Marsh QC"],
)
async def test_middle_initials_honorifics_possessives_and_post_nominals_find_the_stored_name(
    db: Database, knowledge: KnowledgeBase, query: str
) -> None:
    actors = [titled("Doran Pell", "harbour master"), titled("Ivo Marsh QC", "chairman of the Bar Guild")]
    async with db.session() as s:
        await store_briefed_article(
            s, make_brief("Pier closed", ["Doran Pell and Ivo Marsh QC spoke."], actors, published=date(2025, 6, 1))
        )
    roles = await card_roles(db, knowledge, query)
    assert roles[0] == ("chairman of the Bar Guild" if "Marsh" in query else "harbour master")


async def test_a_name_with_post_nominals_tagged_as_an_organisation_is_found_without_them(
    db: Database, knowledge: KnowledgeBase
) -> None:
    marsh = Actor(name="Ivo Marsh QC", type="ORG", role="")
    async with db.session() as s:
        await store_briefed_article(s, make_brief("Pier", ["Ivo Marsh QC spoke."], [marsh]))
        result = await find_who(knowledge.names, s, "Ivo Marsh")
    assert result.card is not None and result.card.name == "Ivo Marsh QC"


async def test_a_middle_initial_never_turns_one_person_into_another(db: Database, knowledge: KnowledgeBase) -> None:
    async with db.session() as s:
        pell = titled("Doran Pell", "harbour master")
        await store_briefed_article(s, make_brief("Pier", ["Doran Pell spoke."], [pell]))
        result = await find_who(knowledge.names, s, "Kira B. Pell")
    assert result.card is None or result.card.name != "Doran Pell"


async def test_someone_named_beside_the_key_actors_is_found_but_kept_out_of_company_and_story_grouping(
    db: Database, knowledge: KnowledgeBase
) -> None:
    brief = make_brief(
        "Harbour strike",
        ["Union leader Tessa Brook said the strike would last.", "Rufus Kell, chairman of the Pilots Guild, agreed."],
        [titled("Tessa Brook", "union leader")],
        published=date(2025, 7, 1),
    )
    brief = replace(brief, also_named=(titled("Rufus Kell", "chairman of the Pilots Guild"),))
    async with db.session() as s:
        article = await store_briefed_article(s, brief)
    assert await card_roles(db, knowledge, "Rufus Kell") == ["chairman of the Pilots Guild"]
    async with db.session() as s:
        tessa = (await find_who(knowledge.names, s, "Tessa Brook")).card
        flags = dict((await s.execute(select(MentionRow.role, MentionRow.key_actor))).all())
        grouped = await stored_entities(s, article.id)
    assert tessa is not None and tessa.related == []
    assert flags == {"union leader": True, "chairman of the Pilots Guild": False}
    assert [e.name for e in grouped] == ["Tessa Brook"]


async def test_a_mention_stored_before_migration_0008_still_gives_its_card(database_url: str) -> None:
    """Rows written by the 0007 schema have no stated roles (NULL) and count as key actors."""
    from bot.store.db import upgrade_schema

    old = await Database.open(database_url, migrate=False)
    try:
        async with old.engine.begin() as conn:
            await conn.run_sync(lambda sync: upgrade_schema(sync, "0007"))
            for statement in (
                "INSERT INTO articles (id, source_key, external_id, origin, title, text, content_hash, state, "
                "created_at, updated_at) VALUES (1, 'f', 'a', 'folder', 'Pier closed', 'Doran Pell spoke.', 'h', "
                "'briefed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "INSERT INTO sentences (article_id, position, text) VALUES (1, 0, 'Doran Pell spoke.')",
                "INSERT INTO entities (id, name, key, type, mention_count, article_count) "
                "VALUES (1, 'Doran Pell', 'doran pell', 'PERSON', 1, 1)",
                "INSERT INTO entity_aliases (entity_id, alias) VALUES (1, 'doran pell'), (1, 'pell')",
                "INSERT INTO mentions (entity_id, article_id, role, count, salience, seen_at) "
                "VALUES (1, 1, 'harbour master', 1, 1.0, CURRENT_TIMESTAMP)",
            ):
                await conn.execute(text(statement))
            await conn.run_sync(lambda sync: upgrade_schema(sync, "head"))
    finally:
        await old.close()
    db = await Database.open(database_url)
    knowledge = await KnowledgeBase.open(db)
    try:
        async with db.session() as s:
            stated, key_actor = (await s.execute(select(MentionRow.stated_roles, MentionRow.key_actor))).one()
        assert (stated, key_actor) == (None, True)
        assert await card_roles(db, knowledge, "Doran K. Pell") == ["harbour master"]
    finally:
        await knowledge.close()
        await db.close()


async def test_index_stores_each_mention_s_stated_roles_as_a_list(db: Database) -> None:
    vale = titled("Peter Vale", "chief executive", "chairman of Orlan")
    async with db.session() as s:
        await store_briefed_article(s, make_brief("Orlan", ["Peter Vale spoke."], [vale, person("Ann Cole")]))
        rows = dict((await s.execute(select(MentionRow.role, MentionRow.stated_roles))).all())
    assert {role: json.loads(stated) for role, stated in rows.items()} == {
        "chief executive": ["chairman of Orlan"],
        "": [],
    }
