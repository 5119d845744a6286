"""Stage 5 — salience: which entities matter, most important first.

An entity matters when it is mentioned often, early (news is lead-heavy: a mention in the lead counts
extra), as the grammatical subject of a main clause, in the title, or in the summary. Countries and
nationalities are usually setting rather than actors, so they must earn their place (a country that is itself
a party: subject or object again and again, in the title). News sources ("told Reuters") and organisations
that only qualify someone's title ("CIA Director X") count little; products ("the drug X") are not actors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence

from summarizer.entities import LEGAL_FORMS, PRODUCT_NOUNS, Entity
from summarizer.lexicon import NEWS_OUTLETS
from summarizer.roles import role_strength

logger = logging.getLogger(__name__)

# The lead of a news story (its first few sentences) names who it is about: a mention there counts extra, so
# two mentions in the lead outweigh three in the closing paragraphs.
LEAD_SENTENCES = 6
LEAD_BONUS = 0.5
_TYPE_FACTOR = {"PERSON": 1.0, "ORG": 1.0, "GPE": 0.7, "NORP": 0.3}


def _in_title(e: Entity, title: str) -> bool:
    low = title.lower()
    if any(re.search(rf"\b{re.escape(f)}\b", low) for f in e.forms() if len(f) > 1):
        return True
    return e.type == "GPE" and _demonym_in(e.name, title)


def _demonym_in(place: str, title: str) -> bool:
    """ "Iraqi voters ..." names Iraq, "Mexican drug lord" Mexico: a capitalised title word that continues the
    place's name (less a final vowel: "Chin-ese", "Somali") is its demonym. The stem keeps a final consonant,
    so "Iraqi" never reads as Iran."""
    if " " in place or len(place) < 4:
        return False
    stem = place[:-1] if place[-1].lower() in "aeiouy" else place
    return any(
        w[:1].isupper() and len(w) > len(stem) and w.lower().startswith(stem.lower()) and w.lower() != place.lower()
        for w in re.findall(r"[A-Za-z]+", title)
    )


def score_entity(e: Entity, title: str, summary_sents: Collection[int]) -> float:
    """Raw salience score (see module docstring)."""
    s = 0.0
    for m in e.mentions:
        w = 1.0 + 1.5 / (1 + m.sent) + (LEAD_BONUS if m.sent < LEAD_SENTENCES else 0.0)
        if m.is_subject:
            w += 0.75
        if m.sent in summary_sents:
            w += 0.3
        if m.title_modifier:
            w *= 0.4
        if m.is_source:
            w *= 0.2
        s += w
    if title and _in_title(e, title):
        s += 2.0
    if e.role:
        # Who holds a title ("Judge", "chief executive") acts in the story; an open description ("Flint resident",
        # "46-year-old resident of Mesa") says who someone is, but such people are more often witnesses.
        s += 0.75 if role_strength(e.role, e.type) == 3 else 0.5
    return s * _TYPE_FACTOR.get(e.type, 0.5)


def _is_actor(e: Entity, title: str) -> bool:
    """Filter: people always; organisations unless only a source or title modifier; places when a party."""
    mentions = e.mentions
    real = [m for m in mentions if not m.is_source and not m.title_modifier]
    if is_product(e):
        return False
    if _is_news_medium(e) and not _in_title(e, title):
        return False  # a newspaper or agency the story cites ("the Ankara news agency reported") reports it
    if _is_reporter(e, title):
        return False
    if e.type == "PERSON":
        if len(real) == 1 and not e.role and not real[0].is_subject and real[0].sent >= LEAD_SENTENCES:
            return False  # a name dropped in passing, late in the story, with nothing said about who it is
        # A one-word "person" with no title, honorific or role is often a product or place spaCy mistook.
        if len(e.name.split()) == 1 and not e.role and not any(m.honorific for m in mentions):
            return len(real) >= 2 and any(m.is_subject for m in real)
        return True
    if e.type == "ORG":
        if e.name.islower() and len(real) < 2:
            return False  # an unnamed body ("police said") mentioned once is background, not a party
        return bool(real) and (
            len(real) >= 2 or bool(e.role) or any(m.is_subject or m.sent <= 1 for m in real) or _in_title(e, title)
        )
    if e.type == "GPE":
        subj = sum(m.is_subject for m in real)
        return subj >= 2 or (_in_title(e, title) and subj >= 1) or _is_party(e, title)
    if e.type == "NORP":
        return sum(m.is_subject for m in real) >= 2
    return False


def _is_party(e: Entity, title: str) -> bool:
    """A place that acts or is acted on, again and again ("Turkey is preparing", "accused Turkey"): a country
    as a party to the story rather than where it happens."""
    args = sum(m.is_argument for m in e.mentions if not m.is_source and not m.title_modifier)
    return args >= 3 or (args >= 2 and _in_title(e, title))


def is_product(e: Entity) -> bool:
    """An "organisation" that the text introduces or describes as a product ("the drug Zentrax", role
    "blogging platform"): a thing in the story, not a party to it. A person's full name is never one."""
    if e.type == "PERSON" and len(e.name.split()) > 1:
        return False
    if len(e.name.split()) > 1 and e.name.split()[-1].lower().strip(".,") in LEGAL_FORMS:
        return False  # "Acme Motor Corp": a company by its legal form, whatever its brand is called
    role_head = e.role.lower().split()[-1] if e.role else ""
    return any(m.is_product for m in e.mentions) or role_head in PRODUCT_NOUNS


# What a news organisation is called when the story cites it ("the Ankara news agency", "a Belgian newspaper").
_MEDIUM_WORDS = frozenset("newspaper newspapers tabloid broadcaster daily weekly magazine".split())
_MEDIUM_PHRASES = ("news agency", "news service", "wire service", "tv station", "television station", "radio station")


def _is_news_medium(e: Entity) -> bool:
    """A name the text introduces as a newspaper, broadcaster or news agency (whatever type spaCy gave it): it
    reports the story."""
    role = e.role.lower().rstrip(". ")
    name = e.name.lower()
    return (
        bool(role)
        and role.split()[-1] in _MEDIUM_WORDS
        or any(role.endswith(p) or name.endswith(p) for p in _MEDIUM_PHRASES)
    )


# Who writes, films or edits the news: named in a story that is not about them, they report it.
_JOURNALIST_WORDS = frozenset(
    "reporter reporters correspondent columnist photographer photojournalist editor writer anchor contributor".split()
)


# Who comments on the news for an outlet: an analyst or commentator the role ties to a news organisation.
_COMMENTATOR_WORDS = frozenset("analyst analysts commentator pundit contributor".split())


def _is_reporter(e: Entity, title: str) -> bool:
    """A journalist the story names once or twice ("Follow reporter Jane Roe", "said Jane Roe, a correspondent
    for the paper"), or an outlet's own analyst ("CNN legal analyst Jane Roe"): they report or explain the
    story. One the title names, or who comes back again and again (a reporter held abroad), is in it."""
    role = e.role.lower().rstrip(". ")
    words = re.findall(r"[a-z][a-z.&-]*", role)
    journalist = bool(words) and (
        words[-1] in _JOURNALIST_WORDS
        or (words[-1] in _COMMENTATOR_WORDS and any(w in NEWS_OUTLETS for w in words[:-1]))
    )
    return e.type == "PERSON" and journalist and len(e.mentions) <= 2 and not _in_title(e, title)


def _is_setting(e: Entity, title: str) -> bool:
    return e.type == "GPE" and not (title and _in_title(e, title)) and not _is_party(e, title)


def rank_actors(
    entities: Sequence[Entity], title: str, summary_sents: Collection[int], max_actors: int
) -> list[Entity]:
    """The entities that are actors, salience set (normalised to the top one = 1.0), best first."""
    scored = [(score_entity(e, title, summary_sents), e) for e in entities if _is_actor(e, title)]
    if not scored:
        return []
    # A place the title does not name is the setting of the story: it scores below every person and
    # organisation that acts in it, whatever its mention count ("Flint" in a story about its mayor).
    floor = min((s for s, e in scored if not _is_setting(e, title)), default=None)
    if floor is not None:
        scored = [(min(s, 0.95 * floor) if _is_setting(e, title) else s, e) for s, e in scored]
    top = max(s for s, _ in scored) or 1.0
    for s, e in scored:
        e.salience = round(s / top, 3)
    ranked = sorted((e for _, e in scored), key=lambda e: (-e.salience, e.first_sent))
    return ranked[:max_actors]
