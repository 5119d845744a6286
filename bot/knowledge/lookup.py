"""Finding entities by name: exact aliases, small typos, closest names, and names inside a question.

The aliases live in `entity_aliases`; this keeps them in memory per database (loaded once, then only the
new rows), so `/who` costs dictionary look-ups rather than scans. Typos are found with a deletion
neighbourhood over alias words (SymSpell-style): one deletion on each side catches one substitution,
insertion, deletion or swap of neighbours, at a memory cost proportional to the distinct words only.
"""

from __future__ import annotations

import logging
import weakref
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.names import edit_distance, normalize_name, strip_titles, typo_budget
from bot.store.db import Database
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
        self.loaded_up_to = 0

    async def refresh(self, session: AsyncSession) -> None:
        """Load aliases added since the last call (by any process)."""
        rows = (
            await session.execute(
                select(EntityAlias.id, EntityAlias.entity_id, EntityAlias.alias)
                .where(EntityAlias.id > self.loaded_up_to)
                .order_by(EntityAlias.id)
            )
        ).all()
        for alias_id, entity_id, alias in rows:
            self._add(alias, entity_id)
            self.loaded_up_to = alias_id

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
        found = set(self.by_alias.get(key, ()))
        if not found:
            found = set(self.by_alias.get(strip_titles(key), ()))
        return found

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
        matches = {a: self.by_alias[a] for a in candidates if len(a.split()) == len(words)}
        return matches

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
        return sorted(pool, key=lambda a: (edit_distance(a, key), a))[:limit]

    def in_text(self, text_: str) -> dict[int, str]:
        """Entities named in a question: longest alias n-grams first, each word used once."""
        words = normalize_name(text_).split()
        found: dict[int, str] = {}
        used = [False] * len(words)
        for size in range(min(MAX_NGRAM, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start : start + size]):
                    continue
                gram = " ".join(words[start : start + size])
                ids = self.by_alias.get(gram)
                if ids and (size > 1 or len(gram) > 2):
                    for entity_id in ids:
                        found.setdefault(entity_id, gram)
                    used[start : start + size] = [True] * size
        return found


_BY_DATABASE: weakref.WeakKeyDictionary[Database, NameIndex] = weakref.WeakKeyDictionary()


async def name_index(db: Database, session: AsyncSession) -> NameIndex:
    """The process's name index for this database, brought up to date."""
    index = _BY_DATABASE.get(db)
    if index is None:
        index = _BY_DATABASE[db] = NameIndex()
    await index.refresh(session)
    return index
