"""`/who` from the store: find who a name means, and gather their card (roles, deeds, stories, company).

Everything on a card is read from stored rows: roles from mentions (with the article and date that gave
them; the further roles each article states were computed when it was indexed), "what they did" from
stored sentences that name them, quotes from the quotes table. Nothing is parsed at request time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import desc, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.lookup import NameLookup
from bot.knowledge.names import clean_query_name, names_pattern, normalize_name, person_parts, shorter_forms
from bot.settings import KnowledgeSettings
from bot.store.tables import ArticleRow, EntityAlias, EntityRow, MentionRow, QuoteRow, Sentence
from summarizer.roles import spell_out_ranks

logger = logging.getLogger(__name__)

MAX_OTHER_ROLES = 4  # "Also described as" lines on a card


@dataclass(frozen=True)
class StoryRef:
    article_id: int
    title: str
    url: str | None
    when: datetime | None


@dataclass(frozen=True)
class RoleSeen:
    role: str
    story: StoryRef


@dataclass(frozen=True)
class Choice:
    entity_id: int
    name: str
    type: str
    role: str
    article_count: int


@dataclass
class EntityCard:
    entity_id: int
    name: str
    type: str
    mention_count: int
    article_count: int
    first_seen: datetime | None
    last_seen: datetime | None
    current_role: RoleSeen | None = None
    other_roles: list[RoleSeen] = field(default_factory=list)
    deeds: list[tuple[str, StoryRef]] = field(default_factory=list)  # verbatim sentences naming them
    stories: list[StoryRef] = field(default_factory=list)
    related: list[Choice] = field(default_factory=list)
    quotes: list[tuple[str, StoryRef]] = field(default_factory=list)
    also: list[Choice] = field(default_factory=list)  # rarer people with the same name


@dataclass
class WhoResult:
    query: str
    card: EntityCard | None = None
    choices: list[Choice] = field(default_factory=list)  # ambiguous: the reader picks
    suggestions: list[str] = field(default_factory=list)  # unknown: closest names


async def _choices(session: AsyncSession, ids: set[int], limit: int = 8) -> list[Choice]:
    """Entities with their latest role, most written-about first (each role read through the
    (entity_id, seen_at) index from the newest end, so a name in 10,000 articles costs the same)."""
    if not ids:
        return []
    latest_role = (
        select(MentionRow.role)
        .where(MentionRow.entity_id == EntityRow.id, MentionRow.role != "")
        .order_by(desc(MentionRow.seen_at))
        .limit(1)
        .correlate(EntityRow)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            select(EntityRow.id, EntityRow.name, EntityRow.type, EntityRow.article_count, latest_role)
            .where(EntityRow.id.in_(sorted(ids)))
            .order_by(desc(EntityRow.article_count), EntityRow.name)
            .limit(limit)
        )
    ).all()
    return [Choice(e_id, name, type_, spell_out_ranks(role or ""), count) for e_id, name, type_, count, role in rows]


async def find_who(
    names: NameLookup, session: AsyncSession, text: str, settings: KnowledgeSettings | None = None
) -> WhoResult:
    """Resolve what the reader typed: one card, a short list to pick from, or closest names. `settings`
    (`[knowledge]`, defaults without): when one reading of a name wins, how many articles a card reads."""
    settings = settings or KnowledgeSettings()
    query = clean_query_name(text)
    result = WhoResult(query=query)
    if not query:
        return result
    ids = await names.exact(session, query)
    for form in shorter_forms(query):
        if ids:
            break
        ids = await names.exact(session, form)
    if not ids:
        fuzzy = await names.fuzzy(session, query)
        ids = set().union(*fuzzy.values()) if fuzzy else set()
    choices = await _choices(session, ids)  # also drops ids whose entity was deleted
    if not choices and len(query.split()) > 1:
        choices = await _known_by_surname_only(names, session, query)
    if not choices:
        suggestions = await _choices(session, set().union(*(await names.closest(session, query, 5)).values()))
        result.suggestions = list(dict.fromkeys(c.name for c in suggestions))[:3]
        return result
    exact_full = [c for c in choices if normalize_name(c.name) == query]
    if len(exact_full) == 1 and len(query.split()) > 1:
        choices = exact_full + [c for c in choices if c is not exact_full[0]]
        result.card = await build_card(session, choices[0].entity_id, settings.who_articles)
        result.card.also = choices[1:]
        return result
    if len(choices) == 1 or choices[0].article_count >= settings.who_dominance * max(choices[1].article_count, 1):
        result.card = await build_card(session, choices[0].entity_id, settings.who_articles)
        result.card.also = choices[1:]
        return result
    result.choices = choices
    return result


async def _known_by_surname_only(names: NameLookup, session: AsyncSession, query: str) -> list[Choice]:
    """ "Guillaume Soro" when the stories only gave the store "Soro": an entity named by the query's last word
    alone (not another full name with that surname) is the one the reader means."""
    surname = query.split()[-1]
    choices = await _choices(session, await names.exact(session, surname))
    return [c for c in choices if normalize_name(c.name) == surname]


async def build_card(session: AsyncSession, entity_id: int, latest_articles: int) -> EntityCard:
    """Who an entity is, from its `latest_articles` most recent articles: roles, deeds, stories, co-mentions."""
    entity = await session.get(EntityRow, entity_id)
    if entity is None:
        raise LookupError(entity_id)
    card = EntityCard(
        entity_id=entity.id,
        name=entity.name,
        type=entity.type,
        mention_count=entity.mention_count,
        article_count=entity.article_count,
        first_seen=entity.first_seen,
        last_seen=entity.last_seen,
    )
    latest = (
        await session.execute(
            select(
                MentionRow.role,
                MentionRow.stated_roles,
                MentionRow.seen_at,
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.url,
            )
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(MentionRow.entity_id == entity.id)
            .order_by(desc(MentionRow.seen_at))
            .limit(latest_articles)
        )
    ).all()
    stories = [StoryRef(a_id, title, url, seen) for _role, _stated, seen, a_id, title, url in latest]
    card.stories = stories[:3]
    roles: dict[str, RoleSeen] = {}
    for (role, *_rest), story in zip(latest, stories, strict=True):
        role = spell_out_ranks(role) if role else role
        if role and role.lower() not in roles:
            roles[role.lower()] = RoleSeen(role, story)
    seen_roles = list(roles.values())
    card.current_role = seen_roles[0] if seen_roles else None
    card.other_roles = seen_roles[1:MAX_OTHER_ROLES]

    aliases = list((await session.scalars(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id))).all())
    if entity.type == "PERSON":
        aliases.append(person_parts(entity.key)[1])
    pattern = names_pattern(aliases or [entity.key])
    for story in stories[:2]:
        sentences = await session.scalars(
            select(Sentence.text).where(Sentence.article_id == story.article_id).order_by(Sentence.position)
        )
        deed = next((x for x in sentences if pattern.search(x)), None)
        if deed is not None:
            card.deeds.append((deed, story))
    stated = [(_stored_roles(row[1]), story) for row, story in zip(latest, stories, strict=True)]
    _add_stated_roles(card, stated)
    card.related = await _related(session, entity.id, [s.article_id for s in stories])
    quotes = (
        await session.execute(
            select(
                QuoteRow.text,
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.url,
                ArticleRow.published,
                ArticleRow.created_at,
            )
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .where(QuoteRow.entity_id == entity.id)
            .order_by(desc(QuoteRow.id))
            .limit(2)
        )
    ).all()
    card.quotes = [(q, StoryRef(a, t, u, p or c)) for q, a, t, u, p, c in quotes]
    return card


def _stored_roles(text: str | None) -> list[str]:
    """The roles an article states, as `index_brief` stored them (NULL: a row from before migration 0008
    not yet backfilled, which then shows its one role only)."""
    if not text:
        return []
    try:
        roles = json.loads(text)
    except ValueError:
        return []
    return [r for r in roles if isinstance(r, str) and r] if isinstance(roles, list) else []


def _add_stated_roles(card: EntityCard, stated: list[tuple[list[str], StoryRef]]) -> None:
    """The other roles the latest stories state for this actor ("co-chairman" kept by the brief, "chief
    executive" said later in the story), newest story first, as stored when each story was indexed."""
    known = {r.role.lower() for r in ([card.current_role] if card.current_role else []) + card.other_roles}
    for roles, story in stated:
        for role in roles:
            if len(card.other_roles) >= MAX_OTHER_ROLES:
                return
            role = spell_out_ranks(role)
            # "Orlan's UK-based co-chairman" says nothing new beside "UK-based co-chairman"; "chairman and chief
            # executive of Renault" does beside "chief executive".
            low = role.lower()
            if not any(k.endswith(low) or low.endswith(k) for k in known):
                known.add(low)
                card.other_roles.append(RoleSeen(role, story))


async def _related(session: AsyncSession, entity_id: int, article_ids: list[int], limit: int = 5) -> list[Choice]:
    """Who appears in the same recent articles most often, with the role those articles gave them.

    Read from the mentions of those few articles only (a popular co-actor's other thousands of mentions
    are never touched), then counted here."""
    if not article_ids:
        return []
    rows = (
        await session.execute(
            select(
                MentionRow.entity_id,
                MentionRow.role,
                MentionRow.seen_at,
                EntityRow.name,
                EntityRow.type,
                EntityRow.article_count,
            )
            .join(EntityRow, EntityRow.id == MentionRow.entity_id)
            .where(MentionRow.article_id.in_(article_ids), MentionRow.entity_id != entity_id)
            .where(EntityRow.type.in_(("PERSON", "ORG")), MentionRow.key_actor)
        )
    ).all()
    together: dict[int, int] = {}
    latest: dict[int, tuple] = {}
    for e_id, role, seen, name, type_, count in rows:
        together[e_id] = together.get(e_id, 0) + 1
        best = latest.get(e_id)
        if best is None or (role and (not best[0] or (seen or datetime.min) > (best[1] or datetime.min))):
            latest[e_id] = (role, seen, name, type_, count)
    ranked = sorted(together, key=lambda e: (-together[e], -latest[e][4], e))[:limit]
    return [Choice(e, latest[e][2], latest[e][3], latest[e][0] or "", latest[e][4]) for e in ranked]
