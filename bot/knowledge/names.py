"""Name normalisation and comparison: the rules that decide when two spellings are the same entity.

Everything that stores or looks up a name goes through `normalize_name`, so "President Trump's",
"trump" and "TRUMP" meet at one key. Merging is deliberately conservative (`same_person`): a shared
surname is never enough, the first names must agree too.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from rapidfuzz.distance import OSA

from summarizer.lexicon import NAME_SUFFIXES

logger = logging.getLogger(__name__)

# Words that precede a name but are not part of it ("Secretary of State Marco Rubio" keeps "marco rubio").
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss mx dr prof sir dame lord lady president vice former prime minister premier chancellor
    secretary general gen lt col sgt capt adm admiral senator sen rep representative congressman congresswoman
    governor gov mayor judge justice king queen prince princess pope rev reverend sheikh ambassador envoy
    special chief director spokesperson spokesman spokeswoman advisor adviser ceo chairman chairwoman chair
    foreign defense defence state national security interior finance us u.s. uk russian ukrainian
    """.split()
)
# Joining words that can sit between title words ("Secretary of State", "Minister for Defence").
TITLE_JOINERS = frozenset({"of", "for", "the", "to", "and"})
LEADING_NOISE = frozenset({"who", "is", "was", "are", "the", "a", "an", "about", "tell", "me"})

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)(?=\s|$)")
_INITIALS = re.compile(r"\b((?:[a-z]\.){2,})")  # "j.d." → "jd"
_NON_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(name: str) -> str:
    """Lower case, no accents, no possessive, no punctuation: the form every key and alias is stored in."""
    text = strip_accents(name).lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = _INITIALS.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _NON_WORD.sub(" ", text).replace("-", " ").replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def strip_titles(normalized: str) -> str:
    """Drop leading title words ("secretary of state marco rubio" → "marco rubio"), never the whole name."""
    tokens = normalized.split()
    start = 0
    while start < len(tokens) - 1 and (tokens[start] in TITLE_WORDS or tokens[start] in TITLE_JOINERS):
        start += 1
    return " ".join(tokens[start:])


def clean_query_name(text: str) -> str:
    """What a reader typed after /who ("is the Kremlin spokesperson?", "Witkoff's") → a lookup key."""
    normalized = normalize_name(text)
    tokens = normalized.split()
    while len(tokens) > 1 and tokens[0] in LEADING_NOISE:
        tokens = tokens[1:]
    if tokens and tokens[0] in LEADING_NOISE and len(tokens) == 1 and tokens[0] in {"who", "is"}:
        return ""
    return " ".join(tokens)


def without_suffixes(key: str) -> str:
    """A normalised name without its trailing suffixes ("jane roe qc" → "jane roe"); never the whole name."""
    tokens = key.split()
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens = tokens[:-1]
    return " ".join(tokens)


def person_parts(key: str) -> tuple[str, str]:
    """(first names, surname) of a normalised person key, without suffixes ("jr", "qc"); a single word is a
    surname."""
    tokens = without_suffixes(key).split()
    if not tokens:
        return "", ""
    return " ".join(tokens[:-1]), tokens[-1]


def shorter_forms(key: str) -> list[str]:
    """Shorter forms a typed person name may be stored under, most complete first: without titles or
    honorifics ("mr", "dr"), without a suffix ("jr"), without middle initials ("ashton b carter" →
    "ashton carter"), with only the first given name ("mary ann evans" → "mary evans")."""
    stripped = strip_titles(key)
    first, surname = person_parts(stripped)
    given = first.split()
    forms = [stripped, " ".join([*given, surname])]
    if len(given) > 1:
        named = [w for w in given if len(w) > 1]
        forms += [" ".join([*named, surname]) if named else "", f"{given[0]} {surname}"]
    return [f for f in dict.fromkeys(forms) if f and f != key and len(f.split()) > 1]


def names_pattern(aliases: list[str]) -> re.Pattern[str]:
    """A case-blind pattern for any of these names as whole words (the longest first; words of one or two
    letters are left out, they would match everywhere)."""
    words = sorted({a for a in aliases if len(a) > 2}, key=len, reverse=True)
    escaped = [r"\s+".join(re.escape(w) for w in a.split()) for a in words]
    return re.compile(r"\b(?:" + "|".join(escaped) + r")\b", re.IGNORECASE)


def first_names_compatible(a: str, b: str) -> bool:
    """True when two first-name parts can be the same person: equal, a short form ("steve"/"steven"),
    or an initial ("j"/"john"). An empty part (surname only) is compatible with nothing here: the caller
    decides that case, because merging on a surname alone is exactly the mistake to avoid."""
    if not a or not b:
        return False
    fa, fb = a.split()[0], b.split()[0]
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    short, long_ = sorted((fa, fb), key=len)
    return len(short) >= 3 and long_.startswith(short)


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment, rapidfuzz's
    `OSA`), since that is the commonest typo; `limit + 1` once the distance must exceed `limit`."""
    return OSA.distance(a, b, score_cutoff=limit)


def typo_budget(text: str) -> int:
    """How many edits a lookup forgives: none for short names (too many false friends), one, then two."""
    n = len(text)
    if n <= 3:
        return 0
    if n <= 8:
        return 1
    return 2


def person_aliases(key: str) -> set[str]:
    """The lookup forms of a person: full key, surname, and first initial + surname."""
    first, surname = person_parts(key)
    aliases = {key}
    if surname and len(surname) > 1:
        aliases.add(surname)
    if first:
        aliases.add(f"{first.split()[0]} {surname}")
    return aliases
