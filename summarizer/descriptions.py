"""Roles stated without the name: definite descriptions and blind leads.

News names a person or firm once and then refers back to it by description: "Malcolm Glazer ... the US
tycoon", "Tony Blair said ... The prime minister added", "BT ... the former telecoms monopoly said". Wire
copy also opens with a "blind lead" that names the actor only in the next sentence: "A close associate of
the former boss has told a court ... Platon Lebedev said". `roles.py` only reads the words next to a
name, so these roles are lost there; this stage fills them in for entities that still have none (or only a
bare one-word role such as "group").

Resolution is deliberately conservative, because a wrong role is worse than none:
  * the description must be definite ("the ..."), singular, at least two words ("the prime minister", not
    "the company"), and headed by a title noun of the lexicon;
  * it must not sit next to a name (that is an ordinary title/apposition, handled by `roles.py`), nor refer
    to someone the article introduced without a name ("a spokesman ... the spokesman");
  * an organisation noun must not carry its own name ("the Islamic State group", "the U.S.-led coalition"),
    be a news outlet or take an "of" complement ("the group of countries"); nouns either kind may hold
    ("the new owner", "the winner") go to people only: in news a firm so described is rarely one named before;
  * it goes to an entity of the matching kind named in the few sentences before it (not in its own
    clause) and not titled differently: the nearest one that was a grammatical subject, else the most
    mentioned one; if any actor already holds that title, the description is theirs and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from summarizer.entities import NAME_LINKS, Entity, called_by, clause_place
from summarizer.lexicon import ORG_TITLES, PERSON_TITLES
from summarizer.roles import noun_phrase, open_quotes, tidy_role

_WINDOW = 3  # sentences back to look for the antecedent
_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
# Title nouns too generic to identify one known actor ("the official said" is usually someone unnamed).
_GENERIC_HEADS = {
    "member",
    "worker",
    "employee",
    "student",
    "player",
    "investor",
    "expert",
    "observer",
    "official",
    "source",
    "analyst",
    "economist",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "partner",
    "unit",
    "division",
    "brand",
    "team",
    "side",
    "government",
    "administration",
    "court",
    "police",
    "force",
    "forces",
    "army",
    "parliament",
    "council",
    "committee",
    "board",
    "service",
    "shareholder",
    "rival",
    "competitor",
    "business",
    "platform",
    "app",
    "website",
    "site",
    "body",
    "union",
    "party",
    "bank",
    "ministry",
    "department",
    "school",
    "hospital",
    "university",
    "institute",
    "newspaper",
    "magazine",
    "exchange",
    "label",  # "the 'genocide' label": a name given to something, not a record label
    "movement",  # "the Olympic movement", "the Islamic movement": a cause, not one organisation
}


_TITLE_HEADS = (PERSON_TITLES | ORG_TITLES) - _GENERIC_HEADS


def _kind(head: Any) -> str:
    """PERSON or ORG for a title head noun, "" if it is not a usable title."""
    word = head.lower_
    if word in _GENERIC_HEADS:
        return ""
    if word in PERSON_TITLES and word not in ORG_TITLES:
        return "PERSON"
    if word in ORG_TITLES and word not in PERSON_TITLES:
        return "ORG"
    return "ANY" if word in PERSON_TITLES else ""  # "the party leader", "the new owner": either kind


def _is_name(tok: Any) -> bool:
    return tok.ent_type_ in {"PERSON", "ORG"}


def definite_descriptions(doc: Any) -> list[tuple[int, int, str, str]]:
    """(start, head index, kind, role text) for each definite title description in one sentence."""
    out: list[tuple[int, int, str, str]] = []
    for t in doc:
        if t.tag_ != "NN" or t.pos_ != "NOUN" or t.lower_ not in _TITLE_HEADS:
            continue
        kind = _kind(t)
        if (
            not kind
            or t.dep_ in {"compound", "appos"}
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
            or any(c.dep_ == "appos" for c in t.children)
            or _predicative(t)
            or (kind == "ORG" and _names_no_known_organisation(t))
            or _not_identifying(t)
        ):
            continue
        toks = noun_phrase(t)
        end = toks[-1].i + 1 if toks else t.i + 1
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and (_is_name(nxt) or (nxt.text == "," and end + 1 < len(doc) and _is_name(doc[end + 1]))):
            continue  # "the chief executive, Susan Blake," / "the chairman of the Bar Council, Guy Mansfield"
        if (len(toks) < 2 and kind != "PERSON") or any(
            x.lower_ in {"his", "her", "its", "their", "this", "that"} for x in toks
        ):
            continue
        if any(x.tag_ in {"JJR", "RBR"} or x.lower_ in {"more", "less"} for x in toks[:2]):
            continue  # "the more complicated your supply chain, the ...": a comparison, not a description
        out.append((toks[0].i, t.i, kind, toks[0].doc[toks[0].i : toks[-1].i + 1].text))
    return out


def _predicative(head: Any) -> bool:
    """ "Y portrayed himself as the successor to ...", "X became the symbol": a predicate says what its own
    clause's subject is (`roles.py` reads that), it does not point back to someone named earlier ("its
    status as the former monopoly" does: "its" is the one named before)."""
    prep = head.head
    as_verb = (
        head.dep_ == "pobj"
        and prep.lower_ == "as"
        and prep.head.pos_ in {"VERB", "AUX"}
        and (prep.i == 0 or prep.doc[prep.i - 1].pos_ != "NOUN")  # "status as", however it is attached
    )
    return head.dep_ in {"attr", "oprd"} or as_verb


def _names_no_known_organisation(head: Any) -> bool:
    """An organisation noun phrase that cannot point back to an organisation named before: it is a name itself,
    names what it belongs to, is a news outlet, or has an "of" complement (each below)."""
    return _named_by_compound(head) or _names_its_own(head) or _news_outlet(head) or _of_complement(head)


def _named_by_compound(head: Any) -> bool:
    """ "the Black Lives Matter movement": two or more capitalised words no entity tagger recognised, compounded
    onto an organisation noun, make the phrase the name of that thing, not a description of another ("the
    Delta subsidiary", "the U.N. agency" stay descriptions: their modifier is a known name)."""
    caps = [t for t in head.subtree if t.i < head.i and t.dep_ == "compound" and t.text[:1].isupper()]
    return len(caps) >= 2 and not any(t.ent_type_ for t in caps)


# Organisation nouns that say whose part the referent is: "the Delta subsidiary", "the U.N. agency".
_PART_OF_HEADS = {"subsidiary", "unit", "affiliate", "division", "arm", "agency"}


# One token naming who leads, backs or owns it: "U.S.-led", "Kremlin-backed" (not "Valencia-based").
_LED_BY_NAME = re.compile(r"^[A-Z][\w.]*-(?!based$)[a-z]+$")


def _names_its_own(head: Any) -> bool:
    """ "the Islamic State group", "the semi-official Tasnim news agency", "the U.S.-led coalition", "the NBC
    network": a proper noun before an organisation noun names that organisation or what it belongs to, not
    another one the article named before. Only a direct proper-noun modifier of a noun of belonging keeps the
    description ("the Delta subsidiary" is Comair's), and so does a place the referent is based in ("the
    Valencia-based club")."""
    for t in head.subtree:
        if t.i >= head.i or t.tag_ not in {"NNP", "NNPS"} and not _LED_BY_NAME.match(t.text):
            continue
        if t.head.lower_ == "based" or any(c.lower_ == "based" for c in t.head.children if c.i > t.i):
            continue
        part_of = head.lower_ in _PART_OF_HEADS and t.dep_ == "compound" and t.head.i == head.i
        if not part_of or any(x.lower_ == "news" for x in head.subtree if x.i < head.i):
            return True
    return False


def _news_outlet(head: Any) -> bool:
    """ "the news agency", "the state news organization": the outlet a story cites, a source and not an actor."""
    return any(c.dep_ == "compound" and c.lower_ == "news" for c in head.children)


def _of_complement(head: Any) -> bool:
    """ "the group of countries", "the company of compost worms", "the authority of the president", "the
    foundation of the club": an organisation noun with an "of" complement is a collective or an abstract
    noun, or an organisation the article does not name."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)


# "the same group", "the combined company", "the other candidate": a phrase that tells which one, not who.
_NOT_IDENTIFYING = {"same", "entire", "whole", "combined", "merged", "other"}


def _not_identifying(head: Any) -> bool:
    return any(c.dep_ == "amod" and c.lower_ in _NOT_IDENTIFYING for c in head.children)


def _introduced_unnamed(docs: Sequence[Any], sent: int, head: str) -> bool:
    """ "A spokesman for the firm said ..." earlier: "the spokesman" then means that unnamed person."""
    for doc in docs[: sent + 1]:
        for t in doc:
            if t.lower_ == head and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in t.children):
                return True
    return False


def _compatible(e: Entity, kind: str, head: str) -> bool:
    if kind == "PERSON" and e.type != "PERSON":
        return False
    if kind == "ORG" and e.type not in {"ORG"}:
        return False
    if kind == "ANY" and e.type != "PERSON":
        return False  # "the current owner", "the statewide winner": in news, a person or a firm not named
    return True


def _clause_mates(entities: Sequence[Entity], doc: Any, sent: int, head: Any) -> set[int]:
    """Entities that cannot be what the description means: in "X celebrates the author of Y" or "GM will
    pay Fiat to buy the Italian car maker", the subject (X, GM) is not "the author"/"the car maker" (a full
    noun phrase does not corefer with a subject that governs it; relative pronouns count as their head)."""
    governors = {a.i for a in head.ancestors}
    coargs = _coarguments(head)
    out: set[int] = set()
    for e in entities:
        for m in e.mentions:
            if m.sent != sent:
                continue
            root = clause_place(doc[m.end - 1])
            verbs = {root.head.i} if root.dep_ in {"nsubj", "nsubjpass"} else set()
            # "Renault, which owns 44% of the Japanese carmaker": "which" is Renault's subject.
            verbs |= {
                c.i
                for c in root.children
                if c.dep_ == "relcl"
                and any(g.dep_ in {"nsubj", "nsubjpass"} and g.tag_ in {"WDT", "WP"} for g in c.children)
            }
            if verbs & governors or root.i in coargs:
                out.add(id(e))
    return out


def _argument_of(tok: Any) -> Any:
    """The verb `tok` is a subject, object or prepositional object of, or None."""
    if tok.dep_ in {"nsubj", "nsubjpass", "dobj", "dative"}:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ in {"prep", "agent"} and tok.head.head.pos_ in {"VERB", "AUX"}:
        return tok.head.head
    return None


def _coarguments(head: Any) -> set[int]:
    """The other arguments of the verb the description is an argument of: in "The New Jersey governor joined
    Trump at a rally", Trump is not the governor (a verb's subject and object are two people, unless one is
    a reflexive)."""
    verb = _argument_of(head)
    if verb is None:
        return set()
    return {
        t.i
        for t in verb.subtree
        if t.i != head.i and t.pos_ != "PRON" and getattr(_argument_of(t), "i", None) == verb.i
    }


def _weak(role: str) -> bool:
    """A one-word lowercase role ("group", "alliance") says little; a fuller description may replace it."""
    return len(role.split()) <= 1 and role.islower()


def _mention_is_subject(docs: Sequence[Any], sent: int, start: int, end: int) -> bool:
    root = clause_place(docs[sent][end - 1], through=NAME_LINKS)
    return root.dep_ in {"nsubj", "nsubjpass"} and start <= root.i < end


def _called(e: Entity, docs: Sequence[Any], head: str) -> bool:
    """The article puts the title `head` before one of e's names ("President Putin", "Russian President
    Vladimir Putin"), inside spaCy's span or just before it."""
    return called_by(e, head) or any(m.start > 0 and docs[m.sent][m.start - 1].lower_ == head for m in e.mentions)


def _antecedent(
    entities: Sequence[Entity], docs: Sequence[Any], sent: int, start: int, kind: str, head: str, excluded: set[int]
) -> Entity | None:
    """The entity a description at (sent, start) points back to, or None (see the module docstring).

    Centering: the nearest candidate that was the subject of its clause wins (in one sentence, the main
    clause's subject before a subordinate one's); without one, the most mentioned candidate does (a
    description usually points back to the article's main actor).
    """
    if any(head in e.role.lower().split() for e in entities if e.role and not _weak(e.role)):
        return None  # "the new home secretary" after "Home Secretary Charles Clarke": already titled
    # Someone the article calls by that title ("President Putin", even in a quote) is the one it means: after
    # "X pointed a finger at Putin, but ... the Russian president", not the nearest subject.
    holders = [e for e in entities if _called(e, docs, head)]
    if holders:
        return holders[0] if len(holders) == 1 and id(holders[0]) not in excluded else None
    best_subject: tuple[tuple[int, bool, int], Entity] | None = None
    best_count: tuple[tuple[int, int, int], Entity] | None = None
    for e in entities:
        real = [m for m in e.mentions if not m.title_modifier and not m.is_source]
        # One-off names are not what an article keeps referring back to; a differently titled actor is
        # someone else.
        if (
            id(e) in excluded
            or len(real) < 2
            or not _compatible(e, kind, head)
            or (e.role and not _weak(e.role) and head not in e.role.lower())
        ):
            continue
        window = [m for m in real if (m.sent, m.start) < (sent, start) and m.sent >= sent - _WINDOW]
        if not window:
            continue
        last = max(window, key=lambda m: (m.sent, m.start))
        # Within one sentence the main clause's subject outranks one in a subordinate clause: after "Cruz fired
        # back, tweeting that Trump continues ...", "the Texas senator" is Cruz.
        place = (last.sent, last.is_subject, last.start)
        if _mention_is_subject(docs, last.sent, last.start, last.end) and (
            best_subject is None or place > best_subject[0]
        ):
            best_subject = (place, e)
        key = (len(real), last.sent, last.start)
        if best_count is None or key > best_count[0]:
            best_count = (key, e)
    if best_subject is not None:
        return best_subject[1]
    return best_count[1] if best_count is not None else None


def resolve_descriptions(entities: Sequence[Entity], docs: Sequence[Any]) -> None:
    """Give role-less entities the definite descriptions that refer back to them (module docstring), after
    the title phrases that name nobody yet (a blind lead names its actor next, so it is theirs first)."""
    _blind_lead(entities, docs)
    if not any(not e.role or _weak(e.role) for e in entities):
        return
    for i, doc in enumerate(docs):
        for start, head_i, kind, text in definite_descriptions(doc):
            head = doc[head_i].lower_
            if _introduced_unnamed(docs, i, head) or _quoted(doc, start):
                continue
            span = range(start, head_i + 1)
            inside = {id(e) for e in entities for m in e.mentions if m.sent == i and m.start in span}
            mates = _clause_mates(entities, doc, i, doc[head_i])
            e = _antecedent(entities, docs, i, start, kind, head, inside | mates)
            if e is not None and " " not in text and e is not _protagonist(entities):
                continue  # "the comedian": one word is safe only for the person the article is about
            if e is not None and (not e.role or (_weak(e.role) and len(text.split()) > 1)):
                e.role = tidy_role(text)


def _quoted(doc: Any, i: int) -> bool:
    """Token `i` is inside a quotation, also one opened in an earlier sentence (either side shows it): what a
    speaker calls someone ("unlike the prime minister") is not the article's description."""
    return any(open_quotes(doc, i, i))


def _protagonist(entities: Sequence[Entity]) -> Entity | None:
    """The person named most often, if named clearly more often than any other (ties give no protagonist)."""
    counts = sorted(
        ((len([m for m in e.mentions if not m.title_modifier]), id(e), e) for e in entities if e.type == "PERSON"),
        key=lambda x: x[0],
        reverse=True,
    )
    if not counts or (len(counts) > 1 and counts[1][0] * 3 > counts[0][0] * 2):
        return None
    return counts[0][2]


_AHEAD = 2  # sentences after an unnamed title phrase in which the person it promises may be named


def _blind_lead(entities: Sequence[Entity], docs: Sequence[Any]) -> None:
    """A title phrase that names nobody, then the person: "A former army officer has been charged ... John
    Smith, 45, appeared", "X suspended an assistant professor who ... Melissa Click was charged", "the interim
    chancellor spoke about ... 'We must heal,' Hank Foley said". The unnamed phrase is the subject of the
    first sentence (or its object), or the subject of a later sentence that names no person and points back
    to no one; the actor is the one person first named as a subject in the next sentence (the next two,
    after the first), who has no role of their own."""
    for i, doc in enumerate(docs[:-1]):
        heads = [t for t in doc if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"]
        if i == 0:
            heads += [t for t in doc if t.dep_ == "dobj" and t.head.dep_ == "ROOT"]
        elif any(t.ent_type_ == "PERSON" for t in doc):
            continue
        for head in heads:
            role = _unnamed_title(doc, head)
            if not role:
                continue
            if i > 0 and (len(role.split()) < 2 or _points_back(entities, docs, i, head)):
                continue
            named = _first_named_subject(entities, i, len(docs) if i == 0 else i + 2)
            if named is not None and not named.role:
                named.role = tidy_role(role)
            break


def _points_back(entities: Sequence[Entity], docs: Sequence[Any], sent: int, head: Any) -> bool:
    """ "The minister spoke ..." after "Finance Minister X said": someone named before holds the title, or is
    what the description refers back to."""
    word = head.lower_
    if any(word in e.role.lower().split() for e in entities if e.first_sent < sent):
        return True
    return _antecedent(entities, docs, sent, head.i, "PERSON", word, set()) is not None


def _unnamed_title(doc: Any, head: Any) -> str:
    """The text of a person's title phrase headed by `head` ("a former army officer", "the interim chancellor
    at the university"), or "" if `head` is no such phrase or a person's name is set beside it."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or _kind(head) != "PERSON":
        return ""
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an", "the"} for c in head.children):
        return ""
    if any(t.ent_type_ == "PERSON" and t.head == head and t.dep_ in {"appos", "compound"} for t in doc):
        return ""
    toks = noun_phrase(head, max_after=10)
    if not toks or len(toks) > 12:
        return ""
    return doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")


def _first_named_subject(entities: Sequence[Entity], after: int, limit: int) -> Entity | None:
    """The one person first named as a subject in the first sentence after `after` that names anyone new."""
    for j in range(after + 1, min(after + 1 + _AHEAD, limit)):
        new = [e for e in entities if e.type == "PERSON" and e.first_sent == j]
        if new:
            named = [e for e in new if any(m.sent == j and m.is_subject for m in e.mentions)]
            return named[0] if len(named) == 1 else None
    return None
