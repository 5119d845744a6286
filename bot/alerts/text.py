"""One tokeniser for subscriptions and articles, so a query word and an article word meet at the same form.

Lower case, accents stripped, possessives dropped and a light plural fold ("talks" → "talk",
"ceasefires" → "ceasefire"): enough that people don't have to guess the exact inflection, without a
stemmer's surprises ("news" and "us" stay as they are).
"""

from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_POSSESSIVE = re.compile(r"(?:'s|’s)\b")
_KEEP_S = frozenset({"news", "us", "uk", "is", "was", "has", "this", "its", "gas", "bus", "plus", "series", "physics"})


def fold(token: str) -> str:
    """The light plural fold applied to every token (query and article alike)."""
    if len(token) <= 3 or token in _KEEP_S or not token.endswith("s") or token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "xes", "sses")):
        return token[:-2]
    return token[:-1]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Normalised word tokens, in order."""
    text = _POSSESSIVE.sub("", strip_accents(text).lower()).replace("_", " ")
    return [fold(t) for t in _WORD.findall(text)]


class Document:
    """An article prepared for keyword matching: a token set for words, a padded string for phrases."""

    __slots__ = ("joined", "words")

    def __init__(self, text: str) -> None:
        toks = tokens(text)
        self.words: frozenset[str] = frozenset(toks)
        self.joined = " " + " ".join(toks) + " "

    def has(self, term: tuple[str, ...]) -> bool:
        if len(term) == 1:
            return term[0] in self.words
        return term[0] in self.words and (" " + " ".join(term) + " ") in self.joined
