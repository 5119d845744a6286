"""Entities across articles: resolve a brief's actors to stored entities, conservatively, and keep their counts.

The rule is "merge only when sure": the same normalised full name; or, for people, the same surname AND
compatible first names ("Steve"/"Steven", "J."/"John"). Two people who share a surname stay two entities,
and `/who SURNAME` then lists both so the reader can pick.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.names import (
    LEADING_NOISE,
    TITLE_WORDS,
    first_names_compatible,
    normalize_name,
    person_aliases,
    person_parts,
    strip_titles,
    without_suffixes,
)
from bot.store.tables import EntityAlias, EntityRow, MentionRow
from summarizer.models import Actor

logger = logging.getLogger(__name__)


def actor_key(name: str, type_: str) -> str:
    """The stored key of an actor: normalised, and for people without the titles in front of the name."""
    key = normalize_name(name)
    return strip_titles(key) if type_ == "PERSON" else key


def actor_aliases(actor: Actor) -> set[str]:
    """Every normalised form the actor can be looked up by."""
    key = actor_key(actor.name, actor.type)
    if actor.type == "PERSON":
        aliases = person_aliases(key)
        for alias in actor.aliases:
            norm = strip_titles(normalize_name(alias))
            if norm and norm not in LEADING_NOISE and norm not in TITLE_WORDS and len(norm) > 1:
                aliases.add(norm)
        return aliases
    aliases = {key}
    if len(without_suffixes(key).split()) > 1:
        # "Jane Roe QC" typed as an organisation (post-nominals fool the tagger) is still asked for as "Jane Roe".
        aliases.add(without_suffixes(key))
    for alias in actor.aliases:
        norm = normalize_name(alias)
        if norm and len(norm) > 1 and norm not in LEADING_NOISE:
            aliases.add(norm)
    return aliases


@dataclass
class ResolvedActor:
    """One entity of one article: which actors of the brief it gathers, and what goes into its mention row."""

    entity_id: int
    key: str
    aliases: set[str] = field(default_factory=set)
    role: str = ""
    count: int = 0
    salience: float = 0.0
    stated_roles: list[str] = field(default_factory=list)  # every role the article states, most specific first
    key_actor: bool = False  # one of the brief's key actors (not only named beside them)


def _pick_person(key: str, candidates: Sequence[EntityRow]) -> EntityRow | None:
    """The one stored person this key certainly is, or None (then a new entity is made)."""
    first, surname = person_parts(key)
    same_surname = [c for c in candidates if person_parts(c.key)[1] == surname]
    if first:
        matches = [c for c in same_surname if first_names_compatible(first, person_parts(c.key)[0])]
        # A stored surname-only entity ("witkoff") is this person if it is the only one with that surname.
        if not matches:
            bare = [c for c in same_surname if not person_parts(c.key)[0]]
            others = [c for c in same_surname if person_parts(c.key)[0]]
            matches = bare if len(bare) == 1 and not others else []
    else:
        matches = same_surname
    return matches[0] if len(matches) == 1 else None


async def _find_entity(session: AsyncSession, key: str, type_: str, aliases: set[str]) -> EntityRow | None:
    exact = (
        await session.scalars(
            select(EntityRow)
            .where(EntityRow.key == key, EntityRow.type == type_)
            .order_by(EntityRow.article_count.desc())
        )
    ).first()
    if exact is not None:
        return exact
    if type_ == "PERSON":
        _first, surname = person_parts(key)
        candidates = (
            await session.scalars(
                select(EntityRow)
                .join(EntityAlias, EntityAlias.entity_id == EntityRow.id)
                .where(EntityAlias.alias == surname, EntityRow.type == "PERSON")
            )
        ).all()
        return _pick_person(key, list({c.id: c for c in candidates}.values()))
    candidates = (
        await session.scalars(
            select(EntityRow)
            .join(EntityAlias, EntityAlias.entity_id == EntityRow.id)
            .where(EntityAlias.alias.in_(sorted(aliases)), EntityRow.type == type_)
        )
    ).all()
    unique = list({c.id: c for c in candidates}.values())
    return unique[0] if len(unique) == 1 else None


async def resolve_actors(
    session: AsyncSession, actors: Iterable[Actor], also_named: Iterable[Actor] = ()
) -> dict[str, ResolvedActor]:
    """Map each actor name of a brief to an entity id, creating entities (and aliases) that are new.

    `also_named` (the people a brief names beside its key actors) resolve the same way; a key actor's role
    wins over theirs when both turn out to be one entity."""
    by_entity: dict[int, ResolvedActor] = {}
    by_name: dict[str, ResolvedActor] = {}
    tagged = [(a, True) for a in actors] + [(a, False) for a in also_named]
    for actor, key_actor in tagged:
        key = actor_key(actor.name, actor.type)
        if not key:
            continue
        aliases = actor_aliases(actor)
        entity = await _find_entity(session, key, actor.type, aliases)
        if entity is None:
            entity_id = (
                await session.execute(
                    insert(EntityRow)
                    .values(name=actor.name.strip(), key=key, type=actor.type, mention_count=0, article_count=0)
                    .returning(EntityRow.id)
                )
            ).scalar_one()
        else:
            entity_id = entity.id
            if not person_parts(entity.key)[0] and person_parts(key)[0]:
                # The store only knew a surname; now it knows the full name.
                await session.execute(
                    update(EntityRow).where(EntityRow.id == entity_id).values(name=actor.name.strip(), key=key)
                )
        resolved = by_entity.setdefault(entity_id, ResolvedActor(entity_id=entity_id, key=key))
        resolved.aliases |= aliases
        resolved.count += max(actor.mentions, 1)
        resolved.salience = max(resolved.salience, actor.salience)
        if (key_actor or not resolved.key_actor) and len(actor.role) > len(resolved.role):
            resolved.role = actor.role.strip()
        resolved.key_actor |= key_actor
        resolved.stated_roles += [r for r in actor.stated_roles if r not in resolved.stated_roles]
        by_name[actor.name] = resolved
    await _add_aliases(session, by_entity.values())
    return by_name


async def _add_aliases(session: AsyncSession, resolved: Iterable[ResolvedActor]) -> None:
    wanted = {(r.entity_id, alias) for r in resolved for alias in r.aliases}
    if not wanted:
        return
    ids = sorted({entity_id for entity_id, _ in wanted})
    existing = set(
        (
            await session.execute(
                select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(ids))
            )
        ).all()
    )
    new = [{"entity_id": e, "alias": a} for e, a in sorted(wanted - existing)]
    if new:
        await session.execute(insert(EntityAlias), new)


async def add_mentions(
    session: AsyncSession, article_id: int, resolved: Iterable[ResolvedActor], seen_at: datetime
) -> None:
    """One mention row per entity of the article, and the entity's running counts and dates."""
    rows = list({r.entity_id: r for r in resolved}.values())
    if not rows:
        return
    await session.execute(
        insert(MentionRow),
        [
            {
                "entity_id": r.entity_id,
                "article_id": article_id,
                "role": r.role[:512],
                "count": r.count,
                "salience": r.salience,
                "seen_at": seen_at,
                "stated_roles": json.dumps(r.stated_roles),
                "key_actor": r.key_actor,
            }
            for r in rows
        ],
    )
    for r in rows:
        await session.execute(
            update(EntityRow)
            .where(EntityRow.id == r.entity_id)
            .values(
                mention_count=EntityRow.mention_count + r.count,
                article_count=EntityRow.article_count + 1,
                first_seen=case(
                    (or_(EntityRow.first_seen.is_(None), EntityRow.first_seen > seen_at), seen_at),
                    else_=EntityRow.first_seen,
                ),
                last_seen=case(
                    (or_(EntityRow.last_seen.is_(None), EntityRow.last_seen < seen_at), seen_at),
                    else_=EntityRow.last_seen,
                ),
            )
        )


async def remove_mentions(session: AsyncSession, article_id: int) -> None:
    """Undo an article's mentions (before a re-brief): counts go down, dates are recomputed, orphans go."""
    old = (
        await session.execute(select(MentionRow.entity_id, MentionRow.count).where(MentionRow.article_id == article_id))
    ).all()
    if not old:
        return
    await session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))
    for entity_id, count in old:
        first, last = (
            await session.execute(
                select(func.min(MentionRow.seen_at), func.max(MentionRow.seen_at)).where(
                    MentionRow.entity_id == entity_id
                )
            )
        ).one()
        await session.execute(
            update(EntityRow)
            .where(EntityRow.id == entity_id)
            .values(
                mention_count=EntityRow.mention_count - count,
                article_count=EntityRow.article_count - 1,
                first_seen=first,
                last_seen=last,
            )
        )
    await session.execute(delete(EntityRow).where(EntityRow.id.in_([e for e, _ in old]), EntityRow.article_count <= 0))
