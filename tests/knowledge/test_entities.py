"""Entities across articles: conservative merging, aliases, roles over time, counts that survive re-briefs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.knowledge.index import index_brief
from bot.store.db import Database
from bot.store.tables import ArticleRow, EntityAlias, EntityRow, MentionRow
from tests.knowledge.support import make_brief, person
from tests.stored_briefs import store_briefed_article


async def _entities(db: Database) -> dict[str, EntityRow]:
    async with db.session() as s:
        return {e.name: e for e in (await s.scalars(select(EntityRow))).all()}


async def test_two_people_sharing_a_surname_stay_apart(db: Database) -> None:
    async with db.session() as s:
        await store_briefed_article(
            s, make_brief("Budget vote", ["John Smith backed the budget."], [person("John Smith", "Senator")])
        )
        await store_briefed_article(
            s, make_brief("Court ruling", ["Jane Smith ruled on Monday."], [person("Jane Smith", "Judge")])
        )
    entities = await _entities(db)
    assert {"John Smith", "Jane Smith"} <= set(entities)
    assert entities["John Smith"].id != entities["Jane Smith"].id


async def test_short_first_names_titles_and_case_merge_into_one_person(db: Database) -> None:
    async with db.session() as s:
        await store_briefed_article(
            s,
            make_brief(
                "Talks",
                ["Steve Witkoff flew to Riyadh."],
                [person("Steve Witkoff", "Special Envoy")],
                published=date(2025, 2, 12),
            ),
        )
        await store_briefed_article(
            s,
            make_brief(
                "More talks",
                ["Envoy Steven Witkoff met officials."],
                [person("Envoy STEVEN Witkoff", "US envoy")],
                published=date(2025, 3, 1),
            ),
        )
    entities = await _entities(db)
    people = [e for e in entities.values() if e.type == "PERSON"]
    assert len(people) == 1
    witkoff = people[0]
    assert witkoff.article_count == 2 and witkoff.mention_count == 2
    assert witkoff.first_seen.date() == date(2025, 2, 12) and witkoff.last_seen.date() == date(2025, 3, 1)
    async with db.session() as s:
        roles = (
            await s.scalars(
                select(MentionRow.role).where(MentionRow.entity_id == witkoff.id).order_by(MentionRow.seen_at)
            )
        ).all()
        aliases = set((await s.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == witkoff.id))).all())
    assert roles == ["Special Envoy", "US envoy"]
    assert {"witkoff", "steve witkoff"} <= aliases


async def test_rebriefing_an_edited_article_replaces_its_rows_instead_of_adding(db: Database) -> None:
    first = make_brief("Talks", ["Marco Rubio spoke.", "He left."], [person("Marco Rubio", "Secretary of State", 2)])
    edited = make_brief(
        "Talks (updated)",
        ["Marco Rubio spoke again.", "Pete Hegseth listened."],
        [person("Marco Rubio", "Secretary of State"), person("Pete Hegseth", "Defense Secretary")],
    )
    async with db.session() as s:
        article = await store_briefed_article(s, first)
    async with db.session() as s:
        row = await s.get(ArticleRow, article.id)
        await index_brief(s, row, edited)
        await index_brief(s, row, edited)  # twice: still idempotent
    entities = await _entities(db)
    assert entities["Marco Rubio"].article_count == 1
    assert entities["Marco Rubio"].mention_count == 1
    assert entities["Pete Hegseth"].article_count == 1


async def test_an_entity_no_article_mentions_any_more_is_forgotten(db: Database) -> None:
    async with db.session() as s:
        article = await store_briefed_article(s, make_brief("A", ["Ann Lee spoke."], [person("Ann Lee", "Mayor")]))
    async with db.session() as s:
        await index_brief(s, await s.get(ArticleRow, article.id), make_brief("A", ["Nobody spoke."]))
    assert "Ann Lee" not in await _entities(db)
