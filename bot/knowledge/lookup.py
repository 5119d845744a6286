"""Finding entities by name: exact aliases, small typos, closest names, and names inside a question.

Two implementations of one interface (`NameLookup`), the same rules (this module's functions):
- `TrigramNames` (PostgreSQL): every look-up is a query — `alias = ...` on the btree index, typos and
  closest names through `pg_trgm` (the GiST trigram index of migration 0007). Nothing is kept in the
  process, so a name another worker stores is found at once.
- `NameIndex` (SQLite): the aliases in memory, brought up to date before each look-up with the rows stamped
  since the last one (`bot/knowledge/changes.py`), so `/who` costs dictionary look-ups rather than scans.
  Typos are found with a deletion neighbourhood over alias words (SymSpell-style): one deletion on each
  side catches one substitution, insertion, deletion or swap of neighbours, at a memory cost proportional
  to the distinct words only. Distances are rapidfuzz's; the index stays because it finds the candidates
  without scoring every stored word (rapidfuzz's `process.extract` would scan them all on each look-up).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.changes import Watermark
from bot.knowledge.names import edit_distance, normalize_name, strip_titles, typo_budget
from bot.store.tables import EntityAlias

logger = logging.getLogger(__name__)

MAX_NGRAM = 4


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


class NameIndex:
    """alias → entity ids, with typo-tolerant and closest-name look-ups."""

    def __init__(self) -> None:
        self.by_alias: dict[str, set[int]] = defaultdict(set)
        self.aliases_by_word: dict[str, set[str]] = defaultdict(set)
        self.words_by_deletion: dict[str, set[str]] = defaultdict(set)
        self.words_by_prefix: dict[str, set[str]] = defaultdict(set)
        self.watermark = Watermark()

    async def refresh(self, session: AsyncSession) -> None:
        """Load the aliases stored since the last call (by any process, in any commit order)."""
        horizon = await Watermark.horizon(session)
        rows = (
            await session.execute(
                select(EntityAlias.entity_id, EntityAlias.alias).where(self.watermark.since(session, "entity_aliases"))
            )
        ).all()
        for entity_id, alias in rows:
            self._add(alias, entity_id)
        self.watermark.low = max(self.watermark.low, horizon)

    def _add(self, alias: str, entity_id: int) -> None:
        fresh = alias not in self.by_alias
        self.by_alias[alias].add(entity_id)
        if not fresh:
            return
        for word in alias.split():
            if word not in self.words_by_prefix[word[:3]]:
                self.words_by_prefix[word[:3]].add(word)
                if typo_budget(word):
                    for variant in _deletions(word):
                        self.words_by_deletion[variant].add(word)
            self.aliases_by_word[word].add(alias)

    def exact(self, name: str) -> set[int]:
        """Entities with this alias; tries the name as typed, then without titles."""
        key = normalize_name(name)
        return set(self.by_alias.get(key, ()) or self.by_alias.get(strip_titles(key), ()))

    def _similar_words(self, word: str) -> set[str]:
        if not typo_budget(word):
            return set()
        similar: set[str] = set()
        for variant in _deletions(word):
            similar |= self.words_by_deletion.get(variant, set())
        return {w for w in similar if w != word and edit_distance(w, word, 2) <= typo_budget(word)}

    def fuzzy(self, name: str) -> dict[str, set[int]]:
        """Aliases within a small edit distance of the name, word by word ("witkof" → "witkoff")."""
        words = strip_titles(normalize_name(name)).split()
        if not words:
            return {}
        options = [({w} if w in self.aliases_by_word else set()) | self._similar_words(w) for w in words]
        if not all(options):
            return {}
        candidates = set.intersection(*(set().union(*(self.aliases_by_word[w] for w in opt)) for opt in options))
        return {a: self.by_alias[a] for a in candidates if len(a.split()) == len(words)}

    def closest(self, name: str, limit: int = 3) -> list[str]:
        """The stored aliases nearest to an unknown name: words with the same first letters or a small
        edit distance, the nearest few words first, then their aliases by distance to the whole name."""
        key = strip_titles(normalize_name(name))
        words: set[str] = set()
        for word in key.split():
            words |= self.words_by_prefix.get(word[:3], set()) | self._similar_words(word)
            words |= {word} if word in self.aliases_by_word else set()
            if len(words) < limit:
                words |= self.words_by_prefix.get(word[:2], set())
        if not words and len(self.by_alias) <= 5_000:  # small store: every name is a fair suggestion
            words = set(self.aliases_by_word)
        query_words = key.split() or [key]
        nearest = sorted(words, key=lambda w: (min(edit_distance(w, q) for q in query_words), w))[: limit * 2]
        pool = set().union(*(self.aliases_by_word[w] for w in nearest)) if nearest else set()
        return nearest_aliases(key, pool, limit)

    def in_text(self, text_: str) -> dict[int, str]:
        """Entities named in a question: longest alias n-grams first, each word used once."""
        return names_in_words(normalize_name(text_).split(), self.by_alias.get)


def nearest_aliases(key: str, aliases: Iterable[str], limit: int) -> list[str]:
    """Aliases by edit distance to the whole name, then alphabetically: the suggestions `/who` shows."""
    return sorted(set(aliases), key=lambda a: (edit_distance(a, key), a))[:limit]


def word_matches(typed: str, stored: str) -> bool:
    """One word of a name as typed against one word of an alias: equal, or within the typo budget."""
    if typed == stored:
        return True
    budget = typo_budget(typed)
    return bool(budget and typo_budget(stored)) and edit_distance(stored, typed, 2) <= budget


def grams(words: list[str]) -> set[str]:
    """Every run of up to MAX_NGRAM words: the aliases a question may contain."""
    return {" ".join(words[i : i + n]) for n in range(1, MAX_NGRAM + 1) for i in range(len(words) - n + 1)}


def names_in_words(words: list[str], lookup: Callable[[str], set[int] | None]) -> dict[int, str]:
    """Entities named in these words: longest alias n-grams first, each word used once."""
    found: dict[int, str] = {}
    used = [False] * len(words)
    for size in range(min(MAX_NGRAM, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(used[start : start + size]):
                continue
            gram = " ".join(words[start : start + size])
            ids = lookup(gram)
            if ids and (size > 1 or len(gram) > 2):
                for entity_id in sorted(ids):
                    found.setdefault(entity_id, gram)
                used[start : start + size] = [True] * size
    return found


class NameLookup(Protocol):
    """What `/who` and `/ask` need to find entities by name (both implementations below)."""

    async def exact(self, session: AsyncSession, name: str) -> set[int]: ...
    async def fuzzy(self, session: AsyncSession, name: str) -> dict[str, set[int]]: ...
    async def closest(self, session: AsyncSession, name: str, limit: int = 3) -> dict[str, set[int]]: ...
    async def in_text(self, session: AsyncSession, text_: str) -> dict[int, str]: ...


class MemoryNames:
    """`NameLookup` over a `NameIndex` in this process (SQLite), refreshed before every look-up."""

    def __init__(self) -> None:
        self.index = NameIndex()

    async def _fresh(self, session: AsyncSession) -> NameIndex:
        await self.index.refresh(session)
        return self.index

    async def exact(self, session: AsyncSession, name: str) -> set[int]:
        return (await self._fresh(session)).exact(name)

    async def fuzzy(self, session: AsyncSession, name: str) -> dict[str, set[int]]:
        return (await self._fresh(session)).fuzzy(name)

    async def closest(self, session: AsyncSession, name: str, limit: int = 3) -> dict[str, set[int]]:
        index = await self._fresh(session)
        return {a: set(index.by_alias[a]) for a in index.closest(name, limit)}

    async def in_text(self, session: AsyncSession, text_: str) -> dict[int, str]:
        return (await self._fresh(session)).in_text(text_)


TRIGRAM_POOL = 50  # trigram neighbours re-ranked by the rules above


class TrigramNames:
    """`NameLookup` by queries (PostgreSQL): btree for exact aliases, pg_trgm for typos and closest names."""

    async def _ids(self, session: AsyncSession, aliases: Iterable[str]) -> dict[str, set[int]]:
        wanted = sorted({a for a in aliases if a})
        found: dict[str, set[int]] = defaultdict(set)
        if wanted:
            rows = await session.execute(
                select(EntityAlias.alias, EntityAlias.entity_id).where(EntityAlias.alias.in_(wanted))
            )
            for alias, entity_id in rows:
                found[alias].add(entity_id)
        return found

    async def _near(self, session: AsyncSession, key: str, similar_only: bool) -> dict[str, set[int]]:
        """Aliases nearest to `key` by trigram distance (the GiST index orders them)."""
        distance = EntityAlias.alias.op("<->")(key)
        stmt = select(EntityAlias.alias, EntityAlias.entity_id).order_by(distance, EntityAlias.alias)
        if similar_only:
            stmt = stmt.where(EntityAlias.alias.op("%")(key))
        found: dict[str, set[int]] = defaultdict(set)
        for alias, entity_id in await session.execute(stmt.limit(TRIGRAM_POOL)):
            found[alias].add(entity_id)
        return found

    async def exact(self, session: AsyncSession, name: str) -> set[int]:
        key = normalize_name(name)
        found = await self._ids(session, (key, strip_titles(key)))
        return set(found.get(key) or found.get(strip_titles(key)) or ())

    async def fuzzy(self, session: AsyncSession, name: str) -> dict[str, set[int]]:
        words = strip_titles(normalize_name(name)).split()
        if not words:
            return {}
        near = await self._near(session, " ".join(words), similar_only=True)
        return {
            alias: ids
            for alias, ids in near.items()
            if len(alias.split()) == len(words) and all(any(word_matches(w, a) for a in alias.split()) for w in words)
        }

    async def closest(self, session: AsyncSession, name: str, limit: int = 3) -> dict[str, set[int]]:
        key = strip_titles(normalize_name(name))
        if not key:
            return {}
        near = await self._near(session, key, similar_only=False)
        return {a: near[a] for a in nearest_aliases(key, near, limit)}

    async def in_text(self, session: AsyncSession, text_: str) -> dict[int, str]:
        words = normalize_name(text_).split()
        found = await self._ids(session, grams(words))
        return names_in_words(words, found.get)
