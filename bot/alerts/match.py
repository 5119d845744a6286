"""Matching one article against every subscription, fast, with the reason for each match.

The index is built once from the database and reused while the subscriptions don't change (a cheap
fingerprint query checks that), so each article costs:
- keywords: an inverted index from each query term to its queries; only queries sharing a word with the
  article are evaluated (exact: `query.parse` refuses queries that would match an empty article);
- entities: a dict lookup per alias of each of the article's entities (plus first-name-compatible
  people: `who:Steven Witkoff` finds "Steve Witkoff");
- semantic topics: one matrix-vector product of the topic vectors with the article's vector.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import numpy as np
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import query as keyword_query
from bot.alerts.errors import QuerySyntaxError
from bot.alerts.features import EntityRef, Features
from bot.alerts.tables import AlertMatch, SubscriptionVector
from bot.knowledge.names import clean_query_name, first_names_compatible, person_parts, strip_titles
from bot.store.tables import Subscription

if TYPE_CHECKING:
    from bot.memo import Memo

logger = logging.getLogger(__name__)

Kind = Literal["keyword", "entity", "semantic"]
# Cosine similarity (MiniLM, headline + lead vs the topic) from which a semantic topic matches: the best F1
# on tests/alerts/data/semantic_labels.json (12 topics, 60 positives, 48 hard negatives; P 0.85, R 0.85,
# 2-fold by topic held-out P 0.81–0.95, R 0.70–0.87), see tests/alerts/test_semantic_calibration.py.
SEMANTIC_THRESHOLD = 0.35
ENTITY_EXAMPLE = '/subscribe who:Witkoff   ·   /subscribe who:"European Union"'
SEMANTIC_EXAMPLE = '/subscribe ~"AI chip export controls"'


@dataclass(frozen=True)
class Spec:
    """A subscription as typed, understood: its kind and the text its matcher uses."""

    kind: Kind
    query: str  # the normalised text stored in `subscriptions.query`
    target: str  # what it looks for: the keyword query, the entity key, or the topic

    def describe(self) -> str:
        if self.kind == "entity":
            return f"the person or organisation “{self.target}”"
        if self.kind == "semantic":
            return f"stories about “{self.target}”"
        return f"stories matching {self.target}"


_CURLY = str.maketrans({"“": '"', "”": '"'})


def _unquote(text: str) -> str:
    text = text.strip().translate(_CURLY)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return " ".join(text.split())


def entity_key(name: str) -> str:
    return strip_titles(clean_query_name(name))


def parse_subscription(text: str) -> Spec:
    """`who:NAME` → entity, `~"topic"` → semantic, anything else → keyword query; raises QuerySyntaxError."""
    text = " ".join(text.split())
    if text.lower().startswith("who:"):
        name = _unquote(text[4:])
        key = entity_key(name)
        if not key:
            raise QuerySyntaxError("who: needs a name after it", ENTITY_EXAMPLE)
        return Spec("entity", f"who:{name}", key)
    if text.startswith("~"):
        topic = _unquote(text[1:])
        if len(topic) < 3:
            raise QuerySyntaxError("~ needs a topic in words after it", SEMANTIC_EXAMPLE)
        return Spec("semantic", f'~"{topic}"', topic)
    node = keyword_query.parse(text)
    return Spec("keyword", text, keyword_query.show(node))


@dataclass(frozen=True)
class Sub:
    id: int
    platform: str
    user_id: str
    channel_id: str  # "" = personal (DM)
    kind: str
    query: str


@dataclass(frozen=True)
class Hit:
    subscription: Sub
    reason: str
    score: float


def _entity_hit(key: str, entity: EntityRef) -> str | None:
    """Why `entity` is the one a `who:` key asks for, or None."""
    if key == entity.key:
        return f"about {entity.name}"
    if key in entity.aliases:
        return f"about {entity.name} (known as “{key}”)"
    if entity.type == "PERSON":
        first, surname = person_parts(key)
        efirst, esurname = person_parts(entity.key)
        if first and surname == esurname and first_names_compatible(first, efirst):
            return f"about {entity.name} (same person as “{key}”)"
    return None


class SubscriptionIndex:
    """Every subscription compiled for matching; immutable, rebuilt when subscriptions change."""

    def __init__(self, subs: list[Sub], vectors: dict[int, np.ndarray], threshold: float = SEMANTIC_THRESHOLD) -> None:
        self.threshold = threshold
        self.subs = {s.id: s for s in subs}
        self.keyword: dict[int, keyword_query.Node] = {}
        self.by_token: dict[str, list[int]] = {}
        self.entity_keys: dict[int, str] = {}
        self.by_alias: dict[str, list[int]] = {}
        self.by_surname: dict[str, list[int]] = {}
        sem_ids: list[int] = []
        sem_vecs: list[np.ndarray] = []
        for sub in subs:
            try:
                spec = parse_subscription(sub.query)
            except QuerySyntaxError as exc:  # stored before a grammar change; skip, never crash matching
                logger.warning("subscription %s (%r) no longer parses: %s", sub.id, sub.query, exc)
                continue
            if spec.kind == "keyword":
                node = keyword_query.parse(sub.query)
                self.keyword[sub.id] = node
                for token in {keyword_query.index_key(t) for t in keyword_query.terms(node)}:
                    self.by_token.setdefault(token, []).append(sub.id)
            elif spec.kind == "entity":
                self.entity_keys[sub.id] = spec.target
                self.by_alias.setdefault(spec.target, []).append(sub.id)
                first, surname = person_parts(spec.target)
                if first:
                    self.by_surname.setdefault(surname, []).append(sub.id)
            elif sub.id in vectors:
                sem_ids.append(sub.id)
                sem_vecs.append(vectors[sub.id])
        self.sem_ids = np.asarray(sem_ids, dtype=np.int64)
        self.sem_matrix = np.stack(sem_vecs).astype(np.float32) if sem_vecs else np.zeros((0, 384), np.float32)

    def __len__(self) -> int:
        return len(self.subs)

    def match(self, features: Features) -> list[Hit]:
        """Every subscription the article matches, each once, with its reason."""
        hits: dict[int, Hit] = {}
        doc = features.document
        candidates: set[int] = set()
        for token in doc.words:
            found = self.by_token.get(token)
            if found:
                candidates.update(found)
        for sub_id in candidates:
            node = self.keyword[sub_id]
            if keyword_query.evaluate(node, doc):
                hits[sub_id] = Hit(self.subs[sub_id], keyword_query.explain(node, doc), 1.0)
        for entity in features.entities:
            for alias in entity.aliases | {entity.key}:
                for sub_id in self.by_alias.get(alias, ()):
                    if sub_id not in hits:
                        why = _entity_hit(self.entity_keys[sub_id], entity)
                        if why:
                            hits[sub_id] = Hit(self.subs[sub_id], why, 1.0)
            if entity.surname:
                for sub_id in self.by_surname.get(entity.surname, ()):
                    if sub_id not in hits:
                        why = _entity_hit(self.entity_keys[sub_id], entity)
                        if why:
                            hits[sub_id] = Hit(self.subs[sub_id], why, 1.0)
        if features.vector is not None and len(self.sem_ids):
            scores = self.sem_matrix @ features.vector
            for i in np.flatnonzero(scores >= self.threshold):
                sub = self.subs[int(self.sem_ids[i])]
                score = float(scores[i])
                topic = parse_subscription(sub.query).target
                hits[sub.id] = Hit(sub, f"close to “{topic}” (similarity {score:.2f} ≥ {self.threshold:.2f})", score)
        return list(hits.values())

    def explain_miss(self, sub_id: int, features: Features) -> str:
        """Why an article did not match one subscription (for `/why` on a filtered item)."""
        sub = self.subs.get(sub_id)
        if sub is None:
            return "this subscription could not be read"
        if sub_id in self.keyword:
            return keyword_query.explain_miss(self.keyword[sub_id], features.document)
        if sub_id in self.entity_keys:
            names = ", ".join(e.name for e in features.entities[:6]) or "none found"
            return f"“{self.entity_keys[sub_id]}” is not among its people and organisations ({names})"
        where = np.flatnonzero(self.sem_ids == sub_id)
        if len(where) and features.vector is not None:
            score = float(self.sem_matrix[where[0]] @ features.vector)
            return f"similarity {score:.2f} is below the threshold {self.threshold:.2f}"
        return "no similarity could be computed"


async def load_subs(session: AsyncSession) -> tuple[list[Sub], dict[int, np.ndarray]]:
    rows = (
        await session.execute(
            select(
                Subscription.id,
                Subscription.platform,
                Subscription.user_id,
                Subscription.channel_id,
                Subscription.kind,
                Subscription.query,
            )
        )
    ).all()
    subs = [Sub(*row) for row in rows]
    vectors = {
        sid: np.frombuffer(blob, dtype="<f4").astype(np.float32)
        for sid, blob in (await session.execute(select(SubscriptionVector.subscription_id, SubscriptionVector.vector)))
    }
    return subs, vectors


async def index_for(session: AsyncSession, memo: Memo[SubscriptionIndex]) -> SubscriptionIndex:
    """The compiled index of the current subscriptions, rebuilt only when they changed (any process).

    `memo` is the service's (`services.caches.subscriptions`): it keeps the last index with its fingerprint."""
    count, top, total = (
        await session.execute(select(func.count(Subscription.id), func.max(Subscription.id), func.sum(Subscription.id)))
    ).one()
    fingerprint = (int(count or 0), int(top or 0), int(total or 0))
    cached = memo.get(fingerprint)
    if cached is not None:
        return cached
    subs, vectors = await load_subs(session)
    index = memo.put(fingerprint, SubscriptionIndex(subs, vectors))
    logger.debug("subscription index rebuilt: %d subscriptions", len(index))
    return index


async def record_matches(
    session: AsyncSession, hits: Iterable[Hit], story_id: int, article_id: int, now: datetime
) -> int:
    """Remember each subscription that matched this story, once per story (later articles add nothing)."""
    hits = list(hits)
    if not hits:
        return 0
    already = set(
        await session.scalars(
            select(AlertMatch.subscription_id).where(
                AlertMatch.story_id == story_id, AlertMatch.subscription_id.in_([h.subscription.id for h in hits])
            )
        )
    )
    added = 0
    for hit in hits:
        sub = hit.subscription
        if sub.id in already:
            continue
        session.add(
            AlertMatch(
                subscription_id=sub.id,
                story_id=story_id,
                article_id=article_id,
                platform=sub.platform,
                user_id=sub.user_id,
                channel_id=sub.channel_id,
                reason=hit.reason[:2000],
                score=hit.score,
                created_at=now,
            )
        )
        added += 1
    return added


async def interested_users(
    session: AsyncSession, story_ids: Collection[int], platform: str | None = None, channel_id: str | None = None
) -> dict[int, int]:
    """How many distinct users' subscriptions matched each story (only those subscribed in one channel, when
    `platform` and `channel_id` are given); stories nobody matched are left out."""
    query = select(AlertMatch.story_id, func.count(distinct(AlertMatch.user_id))).where(
        AlertMatch.story_id.in_(list(story_ids))
    )
    if platform is not None and channel_id is not None:
        query = query.where(AlertMatch.platform == platform, AlertMatch.channel_id == channel_id)
    rows = await session.execute(query.group_by(AlertMatch.story_id))
    return {story_id: int(count) for story_id, count in rows}
