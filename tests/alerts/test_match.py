"""The subscription index: exactly the matches a brute-force evaluation finds, entities by alias, and a cache
that notices new subscriptions."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np

from bot.alerts import minhash
from bot.alerts.features import EntityRef, Features
from bot.alerts.match import Sub, SubscriptionIndex, index_for, parse_subscription
from bot.alerts.query import evaluate, parse
from bot.alerts.text import Document
from tests.alerts.articles import CHIPS
from tests.alerts.conftest import Harness

WORDS = "ukraine russia talks ceasefire sport chip export control bank rate strike tram rail court music".split()


def features(text: str, entities: list[EntityRef] | None = None) -> Features:
    return Features(
        1, text, "", datetime(2025, 2, 12, tzinfo=UTC), Document(text), minhash.signature(text), None, entities or []
    )


def random_query(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.4:
        word = rng.choice(WORDS)
        return f'"{word} {rng.choice(WORDS)}"' if rng.random() < 0.15 else word
    op = rng.choice(["AND", "OR", "AND NOT", ""])
    return f"({random_query(rng, depth + 1)} {op} {random_query(rng, depth + 1)})"


def test_the_inverted_index_finds_exactly_what_brute_force_finds() -> None:
    rng = random.Random(7)
    queries: list[str] = []
    while len(queries) < 400:
        text = random_query(rng)
        try:
            parse(text)
        except ValueError:
            continue  # e.g. only NOTs
        queries.append(text)
    index = SubscriptionIndex([Sub(i, "console", "u", "", "keyword", q) for i, q in enumerate(queries)], {})
    for _ in range(60):
        doc = " ".join(rng.sample(WORDS, rng.randint(1, 8)))
        found = {h.subscription.id for h in index.match(features(doc))}
        expected = {i for i, q in enumerate(queries) if evaluate(parse(q), Document(doc))}
        assert found == expected


def test_entity_subscriptions_match_by_key_alias_or_compatible_first_name() -> None:
    witkoff = EntityRef(
        "Steve Witkoff", "steve witkoff", "PERSON", frozenset({"steve witkoff", "witkoff", "s witkoff"})
    )
    eu = EntityRef("European Union", "european union", "ORG", frozenset({"european union", "eu"}))
    queries = ["who:Witkoff", "who:Steven Witkoff", "who:Special Envoy Steve Witkoff", "who:EU", "who:Mark Witkoff"]
    index = SubscriptionIndex([Sub(i, "console", "u", "", "entity", q) for i, q in enumerate(queries)], {})
    hits = {h.subscription.query: h.reason for h in index.match(features("text", [witkoff, eu]))}
    assert set(hits) == {"who:Witkoff", "who:Steven Witkoff", "who:Special Envoy Steve Witkoff", "who:EU"}
    assert hits["who:EU"] == "about European Union (known as “eu”)"
    assert hits["who:Special Envoy Steve Witkoff"] == "about Steve Witkoff"


def test_subscription_kinds_are_told_apart() -> None:
    assert parse_subscription("who: “Steve Witkoff”").target == "steve witkoff"
    assert parse_subscription('~"AI chips"').kind == "semantic"
    assert parse_subscription("~ AI chips").query == '~"AI chips"'
    assert parse_subscription("Ukraine talks").target == "Ukraine AND talks"


async def test_the_cached_index_is_rebuilt_when_subscriptions_change(harness: Harness) -> None:
    async with harness.services.db.session() as session:
        before = await index_for(session, harness.services.caches.subscriptions)
        again = await index_for(session, harness.services.caches.subscriptions)
    assert before is again and len(before) == 0
    await harness.say("/subscribe chips")
    async with harness.services.db.session() as session:
        after = await index_for(session, harness.services.caches.subscriptions)
    assert len(after) == 1
    assert [h.reason for h in after.match(features(CHIPS.text))] == ["mentions chips"]
    assert np.asarray(after.sem_matrix).shape == (0, 384)
