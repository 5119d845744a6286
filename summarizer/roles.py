"""Stage 4 — roles: the title or role of each actor, worded as the article words it.

Patterns, tried on each mention in reading order (the first mention usually carries the title):
  1. a title before the name: "Secretary of State Marco Rubio", "Kremlin spokesperson Dmitry Peskov",
     "former US President Donald Trump", "oil firm Rosneft" (plus "at IXIS" in "economist X at IXIS");
  2. an appositive after it: "Dmitry Peskov, the Kremlin spokesperson," / "X, 52, a spokesman for Y";
  3. "X, who is the ..." ;
  4. an appositive before it: "the Kremlin spokesperson, Dmitry Peskov,";
  5. a predicate: "X is/became/remains the ..." and "X emerged/serves as the ...", "X's status as the ...",
     "X was named/appointed (as) the ...";
  6. for a private person with nothing else stated, the age and home the story gives ("46-year-old Jane Roe,
     of Mesa, Arizona," → "46-year-old resident of Mesa, Arizona"; `assign_particulars`, after descriptions).
A name right after "(the) ... of (the)" is the complement, not the holder ("the operator of the Frankfurt
exchange" gives Frankfurt no role). Roles stated away from the name are `descriptions.py`'s job.
A phrase counts as a role only if it holds a title word from the lexicon, so "offer from X" is not a role.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

from summarizer.entities import NAME_LINKS, Entity, Mention, age_after, age_before, clause_place
from summarizer.lexicon import (
    ADDRESS_ONLY,
    GPE_ALIASES,
    HONORIFICS,
    NAME_SUFFIXES,
    NOT_A_ROLE_NOUNS,
    ORG_TITLES,
    PERSON_TITLES,
    RANK_WORDS,
    RANKS,
    SPEECH_VERBS,
)
from summarizer.words import MONTHS, WEEKDAYS, any_of, singular

logger = logging.getLogger(__name__)

_CONNECTORS = {"of", "to", "for", "&", "'s", "'", "the", "-", "at", "on", "in"}
_INNER_OK = {"of", "to", "for", "&", "'s", "'", "the", "-"}
_STOP_DEPS_IN_APPOS = {"relcl", "acl"}
_FINITE = {"VBD", "VBZ", "VBP", "MD", "VB"}
_MAX_ROLE_TOKENS = 12
_MAX_APPOS_TOKENS = 16
_RELATIVE_DETERMINERS = {"his", "her", "its", "their"}
_SPEECH_FORMS = {"said", "says", "told", "tells", "added", "adds", "warned", "explained"}  # finite, past or present


def _inflect(*lemmas: str) -> set[str]:
    """Regular verb forms (the pipeline runs without a lemmatizer, so `lemma_` is empty)."""
    out: set[str] = set()
    for w in lemmas:
        stem = w[:-1] if w.endswith("e") else w
        out |= {w, w + "s", stem + "ed", stem + "ing"}
    return out


_COPULAS = {
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "being",
    "'s",
    "became",
    "become",
    "becomes",
    "becoming",
    *_inflect("remain"),
}
# Verbs and nouns whose "as" phrase predicates a role of the subject / possessor.
_AS_VERBS = _inflect("emerge", "serve", "act", "operate", "remain", "work", "continue", "return", "stay", "rank")
# Verbs whose passive subject receives the role their predicate names: "X was named chief executive".
_APPOINT_VERBS = {"named", "appointed", "elected", "reelected", "re-elected", "promoted", "nominated"}
_AS_VERBS |= _APPOINT_VERBS
# Nouns a place names the home of ("the Ohio company", "the Texas team"), not a firm it is.
_ORIGIN_NOUNS = {"company", "firm", "group", "team", "side", "club", "government", "administration", "business"}
# Capitalised nouns that end an institution's name ("Harlow College"), whatever type spaCy gave it.
_INSTITUTIONS = {"college", "university", "institute", "school", "foundation", "center", "centre", "hospital"}
_TIME_NOUNS = {"time", "times", "day", "week", "weekend", "month", "year", "night", "morning", "evening", "moment"}
_AS_NOUNS = {"status", "role", "position", "job", "post", "capacity", "tenure", "reputation"}


def _titles_for(etype: str) -> set[str]:
    return PERSON_TITLES if etype == "PERSON" else ORG_TITLES


def _has_title(tokens: Sequence[Any], etype: str) -> bool:
    titles = _titles_for(etype)
    for t in tokens:
        w = t.lower_.split("-")[-1]
        if w in titles or (w.endswith("s") and w[:-1] in titles) or (w.endswith("es") and w[:-2] in titles):
            return True
        if etype == "PERSON" and t.lower_.rstrip(".") in RANKS:
            return True
    return False


def _describes_person(head: Any) -> bool:
    """An open-class noun standing as a person's description in a strong structural slot ("survivor X",
    "X, a sports memorabilia collector"): a singular common noun that is not a date, number or place."""
    opening = _opens_sentence(head) and head.is_title  # "Passenger Chris Downes, 46, ...", "(CNN) -- Filmmaker X"
    return (
        (head.pos_ == "NOUN" and head.tag_ == "NN" or opening and head.tag_ == "NNP")
        and head.is_alpha
        and (head.is_lower or opening)
        and not head.ent_type_
        and len(head.text) > 2
    )


def _opens_sentence(tok: Any) -> bool:
    """The first word of a sentence, or the first after a dateline ("LONDON, England -- ", "(CNN) -- "), where
    every noun is capitalised and spaCy may tag a common one as a proper noun."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is None or (prev.text in {"--", "\u2014", "\u2013", "-"} and bool(prev.whitespace_))


def _is_word(tok: Any) -> bool:
    """A word that can sit inside a title; participles only as modifiers ("the pioneering economist")."""
    return (
        tok.pos_ in {"PROPN", "NOUN", "ADJ"}
        or (tok.ent_type_ in {"ORG", "GPE", "NORP", "LOC"})
        or (tok.tag_ in {"VBG", "VBN"} and tok.dep_ == "amod")
    )


def _trim(tokens: list[Any]) -> list[Any]:
    while tokens and (tokens[0].lower_ in _CONNECTORS | {"a", "an"} or tokens[0].pos_ in {"DET", "ADP", "CCONJ"}):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in _CONNECTORS or tokens[-1].pos_ in {"DET", "ADP", "CCONJ", "PUNCT"}):
        if _rank_stop(tokens):
            break  # "Spc" + "." of "Spc. Caleb Barnes": the full stop belongs to the abbreviation
        tokens = tokens[:-1]
    return tokens


def _rank_stop(tokens: list[Any]) -> bool:
    return len(tokens) > 1 and tokens[-1].text == "." and not tokens[-2].whitespace_ and tokens[-2].lower_ in RANKS


def _text(tokens: Sequence[Any]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,-")


_BRACKETED_ACRONYM = re.compile(r" ?\([A-Z][A-Za-z]*[A-Z]\)")


def title_before(doc: Any, start: int, etype: str, relative: bool = False) -> str:
    """The title directly before a name ("former US President" for "... President Donald Trump"); with
    `relative`, a possessive pronoun before it stays ("his former colleague"): the title is someone else's
    relation, weaker than a title of its own (`role_strength`)."""
    i = start - 1
    while i >= 0 and _address_word(doc[i]):
        i -= 1
    taken: list[Any] = []
    person_modifier = False  # inside "Lib Dem" of "Lib Dem leader X" (spaCy tags it PERSON)
    while i >= 0 and len(taken) < _MAX_ROLE_TOKENS:
        tok = doc[i]
        if tok.text == "." and i > 0 and doc[i - 1].lower_ in RANKS:  # "Sgt." is tokenised "Sgt" + "."
            taken.insert(0, tok)
            i -= 1
            continue
        if tok.ent_type_ == "PERSON" and tok.lower_ not in PERSON_TITLES and tok.lower_ not in RANKS:
            if not (person_modifier or (taken and taken[0].lower_ in _titles_for(etype))):
                break
            person_modifier = True
        else:
            person_modifier = False
        # "the operator of the Frankfurt exchange": a name right after "of (the)" is the complement, not the holder.
        # "a close associate of former Yukos boss X": the title after "of" is already X's whole title.
        if tok.lower_ in {"of", "to", "for"} and (
            all(t.lower_ in {"the", "a", "an"} or (t.pos_ == "ADJ" and t.is_lower) for t in taken)
            or i == 0
            or (_has_title(taken, etype) and doc[i - 1].pos_ != "PROPN")
            or not (doc[i - 1].lower_ in _titles_for(etype) or doc[i - 1].pos_ == "PROPN")
        ):
            break
        if taken and tok.is_lower and tok.lower_ in _TIME_NOUNS:
            break  # "every time Senator X", "last week Judge X": the clause's time, not the title
        if taken and tok.is_lower and _outside_relative_subject(doc, tok, start):
            break  # "a law President X signed": the noun the relative clause is about, not the title
        if taken and tok.text == ")" and i >= 2 and doc[i - 1].is_upper and doc[i - 2].text == "(":
            # "Federal Aviation Administration (FAA) administrator X": the title goes on past the bracketed
            # acronym, which the role leaves out (`_BRACKETED_ACRONYM`: a reader sees no brackets in a role).
            taken[0:0] = [doc[i - 2], doc[i - 1], tok]
            i -= 3
            continue
        hyphen = tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if hyphen and taken and (doc[i - 1].is_alpha or doc[i - 1].like_num):
            # "all-rounder", "non-executive", "34-year-old": the word before the hyphen belongs to the title
            # word, whatever its part of speech ("all" is a determiner on its own).
            taken[0:0] = [doc[i - 1], tok]
            i -= 2
            continue
        noun_by_parse = _compounded_onto_name(tok, start)
        if hyphen or tok.lower_ in _INNER_OK or _is_word(tok) or tok.lower_ in _titles_for(etype) or noun_by_parse:
            if (tok.tag_ in _FINITE or tok.pos_ in {"AUX", "PRON"} or (tok.pos_ == "VERB" and tok.dep_ != "amod")) and (
                not _mistagged_title(doc, i, etype) and not noun_by_parse
            ):
                break
            # "Fellow shareholders US-based hedge fund X": a verb's argument further left is another phrase.
            if taken and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "ROOT"} and tok.tag_ in {"NNS", "NNPS"}:
                break
            taken.insert(0, tok)
            i -= 1
            # "his predecessor the late President X": an article opens the title phrase, unless a preposition
            # of a longer title comes before it ("head of the ...") or it is the name's own ("industry group
            # the Petroleum Institute").
            if len(taken) > 1 and tok.lower_ in {"the", "a", "an"} and i >= 0 and doc[i].lower_ not in _CONNECTORS:
                break
            continue
        break
    taken = _trim(taken)
    if not taken or not (_has_title(taken, etype) or (etype == "PERSON" and _open_title_before(doc, taken, start))):
        return ""
    owner = doc[taken[0].i - 1] if taken[0].i > 0 else None
    if owner is not None and owner.lower_ in {"a", "an"} and len(taken) == 1 and taken[0].text[:1].isupper():
        return ""  # "How would a President Ben Moss choose judges?": an office imagined, not held
    title = _BRACKETED_ACRONYM.sub("", _text(taken))
    if relative and owner is not None and owner.tag_ == "PRP$" and owner.lower_ in _RELATIVE_DETERMINERS:
        return f"{owner.text} {title}"
    return title


def _outside_relative_subject(doc: Any, tok: Any, start: int) -> bool:
    """The name opens the subject of a relative clause without "that" ("legislation President X signed"), and
    `tok` is not part of that subject."""
    root = clause_place(doc[start], through=NAME_LINKS)
    if root.dep_ not in {"nsubj", "nsubjpass"} or root.head.dep_ != "relcl":
        return False
    if root.head.lower_ in SPEECH_VERBS or tok.lower_ in PERSON_TITLES | ORG_TITLES:
        return False  # "business lobby group the CBI says": the parser's relative clause, the title all the same
    return not any(a.i == root.i for a in tok.ancestors) and tok.i != root.i


# Forms of address that are no office: "former Tory Treasurer Lord X" is a former treasurer, not a lord's role.
_ADDRESS_FORMS = (HONORIFICS - PERSON_TITLES - RANKS) | ADDRESS_ONLY


def _address_word(tok: Any) -> bool:
    """ "Mr", "Lord", "Sister" right before a name (capitalised: "his sister Jane" is kin, a description)."""
    word = tok.text.rstrip(".").lower()
    return word in ADDRESS_ONLY or (word in _ADDRESS_FORMS and tok.is_title)


def _compounded_onto_name(tok: Any, start: int) -> bool:
    """ "director of telecoms research Tony Lavender": the tagger called "research" a verb, but the parse
    compounds it onto the name, as only a noun can be."""
    return tok.dep_ == "compound" and tok.head.i >= start and tok.pos_ != "AUX"


def _mistagged_title(doc: Any, i: int, etype: str) -> bool:
    """ "WHO director general Margaret Chan": spaCy may tag a title noun in a run of capitalised or title words
    as a present-tense verb. A lexicon title word counts as one unless a modal, "to" or a pronoun before it
    makes it a real verb ("they head", "will chair")."""
    tok = doc[i]
    if tok.lower_ not in _titles_for(etype) or tok.tag_ not in {"VBP", "VB", "NN"} and tok.pos_ != "VERB":
        return False
    prev = doc[i - 1] if i > 0 else None
    if prev is None or prev.is_upper:  # "WHO director general": an acronym, not the pronoun
        return True
    return not (prev.tag_ in {"MD", "TO", "PRP", "WP", "WDT"} or prev.lower_ in {"to", "who", "which", "that"})


def _open_title_before(doc: Any, taken: list[Any], start: int) -> bool:
    """ "survivor Gary Babineau", "Atlanta Falcons quarterback Michael Vick": a common noun directly before
    a person's name and attached to it is a description even when the lexicon lacks the word. Short: at most
    five words, none a verb, the noun lower-case (a capitalised sentence start could be anything)."""
    last = taken[-1]
    if last.i != start - 1 or len(taken) > 5 or not _describes_person(last):
        return False
    attached = last.dep_ in {"compound", "nmod", "amod"} and start <= last.head.i
    # "said witness Ahmed Nur, who ...": the parser may make the name the noun's apposition instead.
    if not (attached or _name_in_apposition(doc, start, last)):
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in taken)


def title_after(doc: Any, start: int, end: int) -> str:
    """ "the Northern Rock building society", "the Harland bakery chain": an organisation's name used as the
    modifier of a title noun of the lexicon, after "the" (a thing it owns, "a Harland branch", is not it)."""
    if start == 0 or doc[start - 1].lower_ != "the" or doc[end - 1].dep_ != "compound":
        return ""
    if start > 1 and doc[start - 2].lower_ == "of":
        return ""  # "the operator of the Brandt exchange": the complement of another noun, as in `title_before`
    k = end
    while k < len(doc) and k - end < 3 and doc[k].pos_ == "NOUN" and doc[k].is_lower:
        k += 1
    head = doc[k - 1] if k > end else None
    if head is None or head.lower_ not in ORG_TITLES or doc[end - 1].head.i not in range(end, k):
        return ""
    return doc[end:k].text


def _post_affiliation(doc: Any, end: int, role_tokens: str) -> str:
    """ "at IXIS" in "economist Marie-Pierre Ripert at IXIS" or "Rabbi Ari Stein of the Hillel Center" (after a
    lowercase title or a single capitalised one)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in {"at", "of", "for", "with"}:
        return ""
    words = role_tokens.split()
    # A capitalised title phrase names its own body ("Foreign Secretary X of ..." is not "of the party"), but a
    # single capitalised title does not: "Rabbi X of the Hillel Center", "Sen. X of Iowa".
    if len(words) > 1 and any(w[:1].isupper() for w in words):
        return ""
    j = end + 1
    while j < len(doc) and doc[j].lower_ == "the":
        j += 1
    k = j
    while k < len(doc) and doc[k].ent_type_ in {"ORG", "GPE"} and doc[k].ent_iob_ in {"B", "I"}:
        k += 1
        if k < len(doc) and doc[k].ent_iob_ == "B":
            break
    return doc[end:k].text if k > j else ""


def appositive_after(doc: Any, end: int, etype: str) -> str:
    """ "the Kremlin spokesperson" in "Dmitry Peskov, the Kremlin spokesperson, said"."""
    if end >= len(doc) or doc[end].text not in {",", "-", "("}:
        return ""
    if doc[end].text == "-" and not doc[end].whitespace_ and not doc[end - 1].whitespace_:
        return ""  # "the Fiat-GM alliance": a hyphenated compound, not an apposition
    j = end + 1
    # Skip an age: "X, 52, a spokesman".
    if j + 1 < len(doc) and doc[j].like_num and doc[j + 1].text == ",":
        j += 2
    opens_np = j < len(doc) and doc[j].lower_ in {"a", "an", "the"}
    if j < len(doc) and doc[j].pos_ == "CCONJ":
        return ""  # "X, 28, and Army medic Y": the next person of a list, not X's description
    if j < len(doc) and doc[j].pos_ == "ADP":
        return ""  # "the Millennium Bridge, by the demonstration site": a place phrase, not an apposition
    if j < len(doc) and doc[j].lower_ in {"who", "which"}:
        j += 1
        if j < len(doc) and doc[j].lemma_ in {"be"} or (j < len(doc) and doc[j].lower_ in {"is", "was", "are", "'s"}):
            j += 1
            if j < len(doc) and doc[j].lower_ in {"also", "now", "currently"}:
                j += 1
        else:
            return ""
    taken: list[Any] = []
    while j < len(doc) and len(taken) < _MAX_APPOS_TOKENS:
        tok = doc[j]
        if tok.text in {",", ".", ";", ":", ")", "-", '"', "?", "!"} and not (
            tok.text == "-" and not tok.whitespace_ and taken and not taken[-1].whitespace_
        ):
            break
        if tok.lower_ in {"who", "which", "that", "whose", "where", "when"} or tok.dep_ in _STOP_DEPS_IN_APPOS:
            break
        if tok.tag_ in _FINITE and tok.dep_ not in {"amod", "compound"}:
            # "Chris Panayis, managing director of ISP Freedom2surf said ...": the main verb ends the title, and
            # so does a speech verb after a comma the writer left out ("X, a cocoa farmer from Edo told ...").
            # "X, a 32-year-old technical writer from Leeds has seen ...": so does the main verb's auxiliary after
            # a noun phrase describing a person ("In California, the company is ..." is a fronted place).
            person_np = opens_np and etype == "PERSON"
            main = tok.dep_ == "ROOT" or (tok.dep_ in {"aux", "auxpass"} and tok.head.dep_ == "ROOT" and person_np)
            if (main and (_has_title(taken[:7], etype) or person_np)) or (taken and tok.lower_ in _SPEECH_FORMS):
                if tok.lower_ in _SPEECH_FORMS and _speaker_not_apposition(doc, end, taken, tok):
                    return ""
                break
            return ""
        if (
            tok.ent_type_ == "PERSON"
            and not _has_title(taken, etype)
            and not _possessed(doc, j)
            and not _institution_typed_person(doc, j)
        ):
            return ""
        taken.append(tok)
        j += 1
    taken = _trim(taken)
    # "a 44-year-old teacher": the age is not where the role starts.
    while len(taken) > 1 and (taken[0].like_num or taken[0].text in {"-", "year", "years", "old", "year-old"}):
        if taken[0].text in {"old", "year-old"}:
            taken = _trim(taken[1:])
            break
        taken = taken[1:]
    # "X, a sports memorabilia collector, ...", "Tesla, the U.S. pioneer in electric cars, ...".
    if taken and not _has_title(taken, etype) and etype in {"PERSON", "ORG"} and opens_np and _open_appositive(taken):
        return _text(taken)
    if not taken or not _has_title(taken, etype):
        return ""
    if taken[0].pos_ == "VERB" and taken[0].dep_ != "amod" or taken[0].tag_ == "CD":
        return ""
    # The title word must come early: "40% to Nissan and the rest to the group's ..." is not a role. A name
    # counts as one word: "a former U.S. Air Force cyber operations officer".
    head_zone = []
    for t in taken:
        if t.lower_ in {"and", "to", "with", "from"}:
            break
        inside_name = t.ent_iob_ == "I" and t.ent_type_ in {"ORG", "GPE", "NORP", "LOC", "FAC"}
        if not t.is_punct and not inside_name:  # "English-as-a-Second-Language teacher": hyphens are not words
            head_zone.append(t)
    if not _has_title(head_zone[:7], etype):
        return ""
    if not opens_np and _coordinated_plural(taken, etype):
        return ""
    return _text(taken)


def _coordinated_plural(taken: list[Any], etype: str) -> bool:
    """ "Google, major carmakers and several suppliers are ...": a bare plural title noun coordinated after a
    name lists more parties, it does not describe the one name."""
    titles = _titles_for(etype)
    first = next((t for t in taken if t.lower_ in titles or t.lower_.rstrip("s") in titles or t.tag_ == "NNS"), None)
    return first is not None and first.tag_ in {"NNS", "NNPS"} and any(t.dep_ in {"cc", "conj"} for t in taken)


def _speaker_not_apposition(doc: Any, end: int, taken: list[Any], verb: Any) -> bool:
    """ "... to Madaya and Kefraya, the Red Cross's Syria account said.": a noun phrase after a comma that is
    the speech verb's subject, after a name that is not a subject itself, is the sentence's source, not a
    description of the name (the writer who leaves out a closing comma, "said X, a farmer told ...", puts the
    name in the subject's place)."""
    name = doc[end - 1]
    if name.dep_ in {"nsubj", "nsubjpass"} or name.head.i == verb.i:
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in {t.i for t in taken} for c in verb.children)


def _institution_typed_person(doc: Any, j: int) -> bool:
    """ "X, Harlow College of Law professor emeritus": spaCy may tag a college named after a person as one;
    the run of person-tagged words ends in an institution noun."""
    k = j
    while k < len(doc) and doc[k].ent_type_ == "PERSON":
        k += 1
    return doc[k - 1].lower_ in _INSTITUTIONS and doc[k - 1].is_title


def _possessed(doc: Any, j: int) -> bool:
    """ "Bush's physician": a person's name inside a role only as the possessor."""
    k = j
    while k < len(doc) and doc[k].ent_type_ == "PERSON" and doc[k].tag_ != "POS":
        k += 1
    return k < len(doc) and doc[k].tag_ == "POS"


def _open_appositive(taken: list[Any]) -> bool:
    """ "X, a sports memorabilia collector who ...": an indefinite or definite noun phrase set off after a
    person's name describes them even when its head noun is not in the lexicon (at most six words, headed
    by a singular common noun, no name of another person inside)."""
    # "an attendant at a liquor store in Los Angeles": the head noun may carry one prepositional phrase.
    cut = next((k for k, t in enumerate(taken) if k and t.pos_ == "ADP"), len(taken))
    core = taken[:cut]
    if core and _noun_tagged_adjective(core[-1]):
        # "X, a Republican crisis communications operative,": the tagger may read the head noun as an adjective,
        # but the parse makes it the name's apposition, a noun's slot.
        return len(core) <= 6 and len(taken) <= 12 and not any(t.pos_ in {"VERB", "AUX", "PRON"} for t in taken)
    head = next((t for t in reversed(core) if t.pos_ in {"NOUN", "PROPN"}), None)
    if head is None or len(core) > 6 or len(taken) > 12 or head.i != core[-1].i:
        return False
    return _describes_person(head) and not any(t.pos_ in {"VERB", "AUX", "PRON"} for t in taken)


def _noun_tagged_adjective(tok: Any) -> bool:
    """A lowercase adjective-tagged word the parser made an apposition, after a noun or adjective of its own
    phrase ("a crisis communications operative"), stands for the phrase's head noun."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (
        tok.tag_ == "JJ"
        and tok.dep_ == "appos"
        and tok.is_lower
        and tok.is_alpha
        and prev is not None
        and prev.pos_ in {"NOUN", "ADJ", "PROPN"}
        and not tok.ent_type_
    )


def appositive_before(doc: Any, start: int, etype: str) -> str:
    """ "the Kremlin spokesperson" in "the Kremlin spokesperson, Dmitry Peskov, said"."""
    if start < 2 or doc[start - 1].text != ",":
        return ""
    nxt = doc[start + 1 :]
    if not any(t.text == "," for t in nxt[:6]) and not (len(nxt) and nxt[-1].is_sent_end):
        pass
    phrase = title_before(doc, start - 1, etype)
    if not phrase:
        return _open_appositive_before(doc, start, etype)
    if _subject_after_object(doc, start, doc[start - 2]):
        return ""
    # Must open with a determiner or possessive: "the ...", "its ...", "United's ...", "China's premier".
    k = start - 2
    while k >= 0 and phrase.startswith(doc[k : start - 1].text) is False:
        k -= 1
    first = k - 1
    possessed = any(t.tag_ == "POS" for t in doc[max(k, 0) : start - 1])
    if first > 0 and doc[first - 1].lower_ == "of" and not possessed and all(w[:1].isupper() for w in phrase.split()):
        return ""  # "the military wing of the Colombian Labour Party, FARC": a name, the complement of "wing"
    openers = {"the", "its", "their", "a", "an", "as"} | ({"his", "her"} if etype == "PERSON" else set())
    if first >= 0 and doc[first].lower_ in openers:
        return phrase
    if etype == "PERSON" and possessed:
        return phrase
    if etype == "PERSON" and first > 0 and doc[first].tag_ == "POS":
        # "Obama's chief of staff, Denis McDonough": the title phrase stopped at the name that owns it.
        owner = doc[first].head
        return f"{doc[owner.left_edge.i : first + 1].text} {phrase}" if owner.i < first else ""
    return ""


def _subject_after_object(doc: Any, start: int, head: Any) -> bool:
    """ "Amid calls to fire the professor, Foley told reporters": the name opens its own clause as the subject
    of a verb, so the object or complement before the comma is someone else, not its apposition."""
    end = start
    while end < len(doc) and doc[end].ent_type_ == "PERSON":
        end += 1
    root = next((t for t in doc[start:end] if not start <= t.head.i < end), doc[start])
    return (
        (head.dep_ == "dobj" or (head.dep_ == "pobj" and head.head.lower_ != "as"))  # "As chief operating officer, X"
        and root.dep_ in {"nsubj", "nsubjpass"}
        and not any(a.i == head.i for a in root.ancestors)
    )


def _open_appositive_before(doc: Any, start: int, etype: str) -> str:
    """ "A neighbor, Joe Quinn, said", "Goldman's sister, Kim Goldman,": a short determined noun phrase set
    off before a person's name describes them, even with a head noun the lexicon lacks."""
    head = doc[start - 2]
    if etype != "PERSON" or not _describes_person(head):
        return ""
    # A verb's object is set off before a name only when the parse makes the name its apposition ("called
    # his Danish counterpart, Ulrik Moen, ..."), not in a list ("met the coach, Anna Berg and ..."); a
    # preposition's never is ("From his hospital bed, X said").
    if head.dep_ == "pobj" or (head.dep_ == "dobj" and not _name_in_apposition(doc, start, head)):
        return ""
    dets = [c for c in head.children if c.i < head.i and (c.dep_ in {"det", "poss"})]
    if not dets or any(c.lower_ in {"this", "that", "these", "those", "no", "every", "each"} for c in dets):
        return ""
    left = min(c.left_edge.i for c in head.children if c.i < head.i)
    toks = _trim(list(doc[left : head.i + 1]))
    if not toks or len(toks) > 6 or any(t.pos_ in {"VERB", "AUX", "PRON"} and t.tag_ != "PRP$" for t in toks):
        return ""
    return _text(toks)


def _name_in_apposition(doc: Any, start: int, head: Any) -> bool:
    """The name starting at `start` is parsed as an apposition of `head` and closed by a comma or the end."""
    k = start
    while k < len(doc) and doc[k].ent_type_ == "PERSON":
        k += 1
    root = next((t for t in doc[start:k] if t.head.i == head.i and t.dep_ == "appos"), None)
    return root is not None and (k == len(doc) or doc[k].text in {",", ".", ";"})


def copular_role(doc: Any, m: Mention, etype: str) -> str:
    """ "Standard Life is the latest shareholder in Deutsche Boerse": X is/was [the] <title ...>; also in a
    relative clause ("X, who is the mayor", "X, who was appointed finance minister last year")."""
    return next((r for verb in _verbs_of(doc, m) if (r := _predicate_role(verb, doc[m.end - 1], etype))), "")


def _passive(verb: Any) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _predicate_role(verb: Any, root: Any, etype: str) -> str:
    # "X was named chief executive of Y", "X has been appointed finance director": the appointment's object
    # predicate is the role, as a copula's is.
    appointed = verb.lower_ in _APPOINT_VERBS and _passive(verb)
    if not appointed and (verb.lower_ not in _COPULAS or _passive(verb)):
        return ""
    # "X is to become chairman of Y": the copula is the infinitive the first verb governs.
    verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.lower_ in _COPULAS), verb)
    deps = {"attr", "oprd"} if appointed else {"attr"}
    attr = next((c for c in verb.children if c.dep_ in deps and c.i > root.i), None)
    if attr is None or attr.pos_ not in {"NOUN", "PROPN"}:
        return ""
    toks = [
        t
        for t in attr.subtree
        if not any(
            a.dep_ in {"relcl", "acl"}
            for a in [t, *t.ancestors]
            if a.i > attr.i - 1 and a is not attr and attr in a.ancestors
        )
    ]  # noqa: E501
    toks = _trim([t for t in toks if t.i <= attr.i + 6])
    if not toks or not _has_title(toks, etype) or len(toks) > _MAX_ROLE_TOKENS:
        return ""
    return _text(toks)


def noun_phrase(head: Any, max_after: int = 6) -> list[Any]:
    """The noun phrase headed by `head`, without determiners, relative clauses or anything far to the right."""

    def inside(t: Any) -> bool:
        node = t
        while node.i != head.i:
            if node.dep_ in _STOP_DEPS_IN_APPOS or node.text in {",", "(", "-"} or node.head.i == node.i:
                return False
            node = node.head
        return True

    toks = [t for t in head.subtree if t.i <= head.i + max_after and inside(t)]
    # Stop at a coordination: "the former monopoly and controller of access" keeps the first conjunct.
    cut = next((t.i for t in toks if t.i > head.i and t.dep_ in {"cc", "conj"}), None)
    return _trim([t for t in toks if cut is None or t.i < cut])


def as_role(doc: Any, m: Mention, etype: str) -> str:
    """Predicative "as": "X emerged as the auction winner", "X will operate as a state-owned oil firm",
    "X's status as the former telecoms monopoly" (the phrase after "as" describes X itself)."""
    root = doc[m.end - 1]
    anchors = [v for v in _verbs_of(doc, m) if v.lower_ in _AS_VERBS or _takes_over(v)]
    if root.dep_ == "poss" and root.head.lower_ in _AS_NOUNS:
        anchors.append(root.head)
    if root.dep_ == "dobj" and root.head.lower_ in _HIRE_VERBS:
        anchors.append(root.head)  # "Acme hired X as head of sales": the object takes the post
    return next((r for anchor in anchors if (r := _as_phrase(anchor, etype))), "")


def _as_phrase(anchor: Any, etype: str) -> str:
    prep = next((c for c in anchor.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if pobj is None or pobj.pos_ not in {"NOUN", "PROPN"} or pobj.tag_ in {"NNS", "NNPS"}:
        return ""
    toks = noun_phrase(pobj)
    if toks and toks[0].lower_ in {"its", "their"}:
        toks = toks[1:]  # "the party tapped X as its new treasurer": the body is the clause's subject
    if not toks or len(toks) > _MAX_ROLE_TOKENS or not _has_title(toks, etype):
        return ""
    role = _text(toks)
    # "X, who served as a Justice Department spokesman": a post held before, not now.
    if anchor.tag_ != "VBD" or anchor.lower_ not in _SERVED or "former" in role.lower().split():
        return role
    owner, _, rest = role.partition(" ") if role.split()[0].endswith(("'s", "\u2019s")) else ("", "", role)
    return " ".join(w for w in (owner, "former", rest) if w)  # "the airline's former medical director"


_SERVED = {"served", "worked", "acted"}
# Verbs whose object takes the post its "as" phrase names: the appointment verbs, active, and a few more.
_HIRE_VERBS = _APPOINT_VERBS | _inflect("hire", "appoint", "name", "pick", "promote", "nominate", "install", "elect")
_HIRE_VERBS |= {"choose", "chooses", "chose", "chosen", "choosing", "tap", "taps", "tapped", "tapping"}


def _takes_over(verb: Any) -> bool:
    """ "X took over as chief executive"."""
    return verb.lower_ in _TAKE_VERBS and any(c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)


_TAKE_VERBS = {"take", "takes", "took", "taken", "taking", *_inflect("assume")}
_ROLE_NOUNS = {"role", "post", "position", "job"}
_HEAD_VERBS = _inflect("head")


# "X, who if elected would become the first ...": what a relative clause only supposes is no role.
_HYPOTHETICAL = {"would", "could", "might", "may"}


def _verbs_of(doc: Any, m: Mention) -> list[Any]:
    """The verbs a mention is the subject of: its own clause's, and a relative clause's ("X, who headed ...",
    "X, who was appointed ..."), unless that only supposes ("X, who would become ...")."""
    root = doc[m.end - 1]
    verbs = [root.head] if root.dep_ in {"nsubj", "nsubjpass"} else []
    return verbs + [
        c
        for c in root.children
        if c.dep_ == "relcl"
        and any(g.dep_ in {"nsubj", "nsubjpass"} and g.lower_ in {"who", "that"} for g in c.children)
        and not any(g.dep_ == "aux" and g.lower_ in _HYPOTHETICAL for g in c.children)
    ]


def object_role(doc: Any, m: Mention, etype: str) -> str:
    """A role the subject takes or a body it heads: "X took on the role of finance director" gives "finance
    director", "X, who headed the Marlow investment group," gives "head of the Marlow investment group"."""
    for verb in _verbs_of(doc, m):
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            continue
        if verb.lower_ in _TAKE_VERBS and obj.lower_ in _ROLE_NOUNS:
            prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            toks = noun_phrase(pobj) if pobj is not None and pobj.pos_ == "NOUN" else []
            if toks and len(toks) <= _MAX_ROLE_TOKENS and _has_title(toks, etype):
                return _text(toks)
        if etype == "PERSON" and verb.lower_ in _HEAD_VERBS and obj.lower_ in ORG_TITLES and obj.tag_ == "NN":
            toks = noun_phrase(obj)
            det = next((c.text for c in obj.children if c.dep_ in {"det", "poss"} and c.i < toks[0].i), "")
            if toks and len(toks) < _MAX_ROLE_TOKENS:
                return " ".join(w for w in ("head of", det, _text(toks)) if w)
    return ""


# Present-tense verbs whose relative clause says what someone or something is, lastingly ("who runs a
# bakery", "which owns 44% of the carmaker"); "who scored twice" is an event, not a role.
_STATE_VERBS = {
    "owns",
    "runs",
    "heads",
    "leads",
    "manages",
    "chairs",
    "controls",
    "operates",
    "represents",
    "works",
    "teaches",
    "coaches",
    "directs",
    "oversees",
    "advises",
    "covers",
    "makes",
    "produces",
    "publishes",
    "hosts",
    "founded",
    "co-founded",
}
_MAX_PREDICATE_TOKENS = 10


def relative_predicate(doc: Any, m: Mention) -> str:
    """ "Renault, which owns 44% of the Japanese carmaker," / "X, who works for a security company and wrote
    ...": a set-off relative clause with a verb of lasting state says what the name is when nothing else does
    (the verb phrase up to a coordination, a comma or ten words)."""
    root = doc[m.end - 1]
    if m.end >= len(doc) or doc[m.end].text != ",":
        return ""
    verb = next(
        (
            c
            for c in root.children
            if c.dep_ == "relcl"
            and c.lower_ in _STATE_VERBS
            and c.i == m.end + 2
            and any(g.dep_ == "nsubj" and g.lower_ in {"who", "which"} and g.i == m.end + 1 for g in c.children)
        ),
        None,
    )
    if verb is None:
        return ""
    toks = [verb]
    for c in verb.children:
        if c.i > verb.i and c.dep_ in {"dobj", "prep", "attr", "npadvmod"}:
            toks += [t for t in c.subtree if not any(a.dep_ in {"relcl", "acl", "cc", "conj"} for a in _path(t, c))]
    toks = sorted(toks, key=lambda t: t.i)
    stops = {",", ";", "(", "-", '"'}
    cut = next((t.i for t in toks if t.text in stops or t.i - verb.i >= _MAX_PREDICATE_TOKENS), None)
    toks = [t for t in toks if cut is None or t.i < cut]
    # Contiguous only: a gap means the parse skipped words ("owns ... stakes in").
    if len(toks) < 2 or toks[-1].i - toks[0].i + 1 != len(toks) or any(t.ent_type_ == "PERSON" for t in toks):
        return ""
    return _text(toks)


def _path(t: Any, top: Any) -> list[Any]:
    """`t` and its ancestors up to (not including) `top`."""
    out = []
    while t.i != top.i:
        out.append(t)
        t = t.head
    return out


def affiliation_after(doc: Any, end: int) -> str:
    """ "said Kent Lowe of the Denver-based Justice Policy Institute": a person named with the organisation they
    speak for and no title is described by it (weaker than any title, `role_strength`)."""
    if end >= len(doc) or doc[end].lower_ not in {"of", "at"} or doc[end].head.i != end - 1:
        return ""
    pobj = next((c for c in doc[end].children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ != "ORG" or doc[end - 1].ent_type_ != "PERSON":
        return ""
    toks = noun_phrase(pobj)
    return _text(toks) if toks and len(toks) <= _MAX_ROLE_TOKENS else ""


def _title_with_affiliation(doc: Any, m: Mention, etype: str) -> str:
    role = title_before(doc, m.start, etype, relative=True)
    return f"{role} {_post_affiliation(doc, m.end, role)}".strip() if role else ""


def _set_off_roles(doc: Any, m: Mention, etype: str) -> Iterator[str]:
    """The roles stated around a mention other than a title before it, in order of preference (lazily: a
    brief needs only the first)."""
    # "Gen. David Petraeus, the top U.S. military commander": a bare rank gives way to a fuller title, also
    # one set off before the rank ("a spokesman for the Guards, Brig. Gen. X").
    k = m.start
    while k > 0 and (doc[k - 1].lower_.rstrip(".") in RANKS or doc[k - 1].text == "."):
        k -= 1
    yield appositive_after(doc, m.end, etype)
    yield appositive_before(doc, k, etype)
    yield copular_role(doc, m, etype)
    yield as_role(doc, m, etype)
    yield object_role(doc, m, etype)
    if etype == "PERSON":
        yield affiliation_after(doc, m.end)
    if etype == "ORG":
        yield title_after(doc, m.start, m.end)
    if etype in {"PERSON", "ORG"}:
        yield relative_predicate(doc, m)


def _firm_like_place(e: Entity, docs: Sequence[Any]) -> bool:
    """A name spaCy typed as a place that also titles someone ("Northern Rock chief executive X"), is no
    well-known place and never a home ("London-based"): it may be a firm ("the London exchange" names London
    only as its home)."""

    def home(m: Mention) -> bool:
        doc = docs[m.sent]
        return m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ == "based"

    return (
        not _known_place(e.name) and any(m.title_modifier for m in e.mentions) and not any(home(m) for m in e.mentions)
    )


def _known_place(name: str) -> bool:
    return name.lower() in GPE_ALIASES or name in GPE_ALIASES.values()


def role_of_mention(doc: Any, m: Mention, etype: str) -> str:
    """The role stated around one mention, or ""."""
    role = _title_with_affiliation(doc, m, etype)
    if role_strength(role, etype) == 3:
        return role
    other = next((r for r in _set_off_roles(doc, m, etype) if r), "")
    if role_strength(other, etype) <= role_strength(role, etype):
        return role
    # The rank stays in the role: "Lt. Jane Roe, a spokeswoman for the police" → "Lt., spokeswoman for ...".
    return f"{role}, {other}" if role and role_strength(role, etype) == 1 else other


def all_roles_of_mention(doc: Any, m: Mention, etype: str) -> list[str]:
    """Every role stated around one mention: "Fund manager X - the club's largest investor - said" gives
    both, "X, the UK-based co-chairman, will become group chief executive" both too."""
    found = [role_of_mention(doc, m, etype), _title_with_affiliation(doc, m, etype), *_set_off_roles(doc, m, etype)]
    return list(dict.fromkeys(r for r in found if r))


def _shared_list_title(doc: Any, m: Mention, etype: str) -> str:
    """ "the Irish tycoons JP McManus and John Magnier": the second name shares a plural title."""
    i = m.start - 1
    if i < 1 or doc[i].lower_ != "and":
        return ""
    j = i - 1
    while j >= 0 and doc[j].ent_type_ in {"PERSON", "ORG"}:
        j -= 1
    if j < 0 or j == i - 1 or doc[j].tag_ not in {"NNS", "NNPS"}:
        return ""
    return title_before(doc, j + 1, etype)


def _could_be_person(e: Entity) -> bool:
    """Two or three capitalised words, no organisation suffix: a shape people's names have (post-nominal
    letters aside: spaCy often types "Jane Roe QC" as an organisation)."""
    words = e.name.split()
    while len(words) > 2 and words[-1].lower().strip(".") in NAME_SUFFIXES:
        words = words[:-1]
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words) and not words[-1].isupper()


_ROLE_LEAD = re.compile(r"^(?:(?:as|of|in|on|at|for|to|by|with|from|and|or|but|the|a|an)\s+)+", re.IGNORECASE)
_CALENDAR_NAME = any_of(w.capitalize() for w in WEEKDAYS + MONTHS)
# A date at the end of a role goes ("agency since May 2015", "suspect in November's attacks"); a calendar word
# with no preposition and a possessive or a surname after it is someone's name ("Theresa May's spokesman").
_ROLE_TIME = re.compile(
    r"\s+(?:(?:in|on|since|from|until|by|during)\s+(?:early |late |mid-?)?"
    + _CALENDAR_NAME
    + r"|(?:early |late |mid-?)?"
    + _CALENDAR_NAME
    + r"(?!['\u2019]s\b| [A-Z][a-z]))\b.*$"
)


_ROLE_TIME_LEAD = re.compile(r"^" + _CALENDAR_NAME + r"\b\s*(?:(?:to|of|on|in|at|for)\s+)?")


# Words a title phrase picks up from its clause that say when, not what: "now a director of ...", "last week
# Judge", "the 61-year-old chairman".
_ROLE_ADVERB_LEAD = re.compile(
    r"^(?:(?:now|currently|also|still|earlier|yesterday|today|tonight"
    r"|(?:last|this|next) (?:week|month|year|weekend|spring|summer|fall|autumn|winter))\s+)+",
    re.IGNORECASE,
)
_ROLE_AGE_LEAD = re.compile(r"^(?:(?:a|an|the)\s+)?\d{1,3}(?:-| )years?(?:-| )old\s+", re.IGNORECASE)
# "formerly the head of X" reads "former head of X".
_ROLE_FORMERLY = re.compile(r"^formerly\s+(?:(?:the|a|an)\s+)?", re.IGNORECASE)


def tidy_role(role: str, etype: str = "") -> str:
    """A role as a reader wants it: no leading preposition or article ("as the lone defender"), no date at
    either end ("agency in early February", "Wednesday to CBS correspondent"), no leading adverb of time or
    age ("now a director", "last week Judge", "61-year-old chairman"), no half-open bracket ("leader of the
    Progress Party (PP") or quotation ('"Swiss Army man'); for a person, one person's (`one_persons_role`)."""
    if sum(role.count(q) for q in '"\u201c\u201d') % 2:  # '"Swiss Army man': a quotation cut in half
        role = re.sub('["\u201c\u201d]', "", role)
    role = _ROLE_FORMERLY.sub("former ", _ROLE_TIME_LEAD.sub("", role.strip()))
    for _ in range(2):  # "now the 61-year-old chairman": the adverb, then the article and age
        role = _ROLE_AGE_LEAD.sub("", _ROLE_LEAD.sub("", _ROLE_ADVERB_LEAD.sub("", role)))
    role = _ROLE_TIME.sub("", role)
    if role.count("(") != role.count(")"):
        role = role.split("(", 1)[0] if "(" in role else role.replace(")", "")
    role = _SENTENCE_CAPITAL.sub(lambda m: m.group(0).lower(), role.strip(" ,;:-"))
    return one_persons_role(role) if etype == "PERSON" and role else role


# "This year's winner" taken from the start of a sentence reads "this year's winner" inside a brief (not "His
# Highness": a style of address keeps its capitals).
_SENTENCE_CAPITAL = re.compile(r"^(?:This|Last|Its|His|Her|Their|Our)\b(?= [a-z0-9])")


_HEAD_ENDS = frozenset("of in on at for to with from by about".split())


def _head_end(words: Sequence[str]) -> int:
    """One past a role's head noun: its last word before a preposition ("editor" of "editor of the Report")."""
    return next((k for k, w in enumerate(words) if k and w.lower() in _HEAD_ENDS), len(words))


# A plural that ranks or counts the group ("most famous musicians", "six students"): one person is one of them.
_GROUP_SCOPE = re.compile(
    r"\b(?:most|top|best|biggest|largest|leading|greatest|first|last|several|many|some|two|three|four|five|six|"
    r"seven|eight|nine|ten|dozen|\d+)\b",
    re.IGNORECASE,
)
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ian|ant|ent|man|ee|ate)$")


def one_persons_role(role: str) -> str:
    """A plural title shared by a list is each person's in the singular: "Irish horseracing tycoons JP McManus
    and John Magnier" makes each an "Irish horseracing tycoon", "members of the committee" a "member of the
    committee"; a ranked or counted group keeps its plural: "one of South Africa's most famous musicians"."""
    words = role.split()
    cut = _head_end(words)
    head = words[cut - 1]
    single = singular(head)
    low = single.lower()
    if single == head or not (low in PERSON_TITLES or _AGENT_NOUN.search(low)):
        return role
    if _GROUP_SCOPE.search(" ".join(words[:cut])):
        return f"one of {role}"
    return " ".join([*words[: cut - 1], single, *words[cut:]])


_ABBREVIATED_RANK = re.compile(r"\b([A-Z][a-z]{1,4})(\.?)(?=[\s,]|$)")


def _spell_rank(match: re.Match[str]) -> str:
    word = RANK_WORDS.get(match.group(1).lower())
    rest = match.string[match.end() :].lstrip()
    nxt = rest.split(None, 1)[0].rstrip(".,").lower() if rest else ""
    # With a full stop, or before another rank, a comma or the end: "Sen.", "Lt Gen", not "Gen Z".
    if word is None or not (match.group(2) or not rest or rest.startswith(",") or nxt in RANK_WORDS):
        return match.group(0)
    return word


def spell_out_ranks(role: str) -> str:
    """A role for a reader who does not know the abbreviations: "Vermont Sen." → "Vermont Senator", "Brig. Gen.,
    spokesman for X" → "Brigadier General, spokesman for X". The brief keeps the article's own wording; a
    reference card (`/who`) spells it out."""
    return _ABBREVIATED_RANK.sub(_spell_rank, role)


def _headed_by_a_thing(role: str) -> bool:
    """The role's head noun names an event, a document or a question."""
    words = role.split()
    head = words[_head_end(words) - 1].strip(".,;:") if words else ""
    return head.islower() and head in NOT_A_ROLE_NOUNS


def role_strength(role: str, etype: str) -> int:
    """How specific a stated role is: 3 holds a title word of the lexicon ("chief executive"), 2 is an
    open-class description ("survivor"), a title relative to someone else ("its boss") or a relative clause's
    predicate ("runs a bakery"), 1 only a rank or
    abbreviated title ("Gen.", "Lt."), 0 none."""
    if not role or _headed_by_a_thing(role):
        return 0
    words = [w.strip(".,").split("-")[-1] for w in role.lower().split()]
    if role.split()[0] in _STATE_VERBS:
        return 2  # "owns 44% of the carmaker": a relative clause's predicate, never above a title
    titles = _titles_for(etype)
    if any(w in titles or (w.endswith("s") and w[:-1] in titles) for w in words):
        # "its highly successful boss", "his deputy": relative to someone named elsewhere, so a title that
        # stands on its own ("chief executive") in a later mention is the more specific one.
        return 2 if words[0] in _RELATIVE_DETERMINERS else 3
    return 1 if any(w in RANKS for w in words) else 2


_MENTIONS_READ = 8  # the first mentions carry the titles; later ones rarely add a better role


def _role_here(doc: Any, m: Mention, e: Entity, docs: Sequence[Any]) -> str:
    """The role one mention states, retyping the entity when the title shows spaCy's type was wrong."""
    role = role_of_mention(doc, m, e.type) or (_shared_list_title(doc, m, e.type) if e.type == "PERSON" else "")
    if e.type == "ORG" and (not role or _first_title_is_personal(role)):
        # spaCy often tags an unfamiliar name as an organisation: "spokesman Scott Stanzel", "NFL Commissioner
        # Roger Goodell" (a full name with a person's title before it), "... a warrant for Guillaume Soro, the
        # head of the National Assembly" (an organisation is never set off as "the head of" or "a spokesman
        # for" something). Such a title settles the type, and the mention is read again as a person's: a rank
        # before the name may give way to a fuller title after it ("Lt. Jane Roe, a spokeswoman for ...").
        before = title_before(doc, m.start, "PERSON") if _could_be_person(e) else ""
        last = before.split()[-1].lower().rstrip(".") if before else ""
        titled = bool(last) and (last in PERSON_TITLES or last in RANKS) and last not in ORG_TITLES
        if titled or _first_title_is_personal(appositive_after(doc, m.end, "PERSON")):
            e.type = "PERSON"
            role = role_of_mention(doc, m, "PERSON") or before
    if not role and e.type == "GPE" and _firm_like_place(e, docs):
        # "the Northern Rock building society": spaCy may type a firm named like a region as a place; but "the
        # Ohio company" is a firm from a place.
        role = title_after(doc, m.start, m.end)
        role = "" if role.lower() in _ORIGIN_NOUNS else role
    if not role and e.type == "PERSON" and len(e.name.split()) == 1 and not m.honorific:
        # spaCy often tags a one-word company as a person: "Oil firm Nordpetro".
        role = role_of_mention(doc, m, "ORG")
        if role:
            e.type = "ORG"
    if role and set(role.lower().split()) <= {w.lower() for w in e.name.split()}:
        return ""  # "Youri" read off a team sheet's "10 - Youri Djorkaeff": a part of the name, not a role
    if e.type == "PERSON" and len(e.name.split()) == 1 and _given_name_left_out(role, doc, m):
        return ""
    return role


def _given_name_left_out(role: str, doc: Any, m: Mention) -> bool:
    """ "Reince Priebus is breaking with ..." tagged "Priebus" alone: the one capitalised word before a surname,
    no title of the lexicon, is the given name spaCy left out, not a role."""
    word = role.lower().rstrip(".")
    return (
        len(role.split()) == 1
        and role[:1].isupper()
        and m.start > 0
        and doc[m.start - 1].text == role
        and word not in PERSON_TITLES
        and word not in RANKS
        and word not in HONORIFICS
    )


def _first_title_is_personal(role: str) -> bool:
    """The first title word of a role is one only people hold ("head of the assembly", "spokesman for the
    firm"), not one an organisation could ("the country's biggest carmaker", "market leader")."""
    for w in role.lower().split():
        w = w.strip(".,").split("-")[-1]
        if w in ORG_TITLES:
            return False
        if w in PERSON_TITLES:
            return True
    return False


_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


def open_quotes(doc: Any, start: int, end: int) -> tuple[bool, bool]:
    """Whether an odd number of quotation marks stands before `start` and after `end` in the sentence: each
    side that shows one says the words between sit inside a quotation there."""
    before = sum(t.text in _QUOTE_MARKS for t in doc[:start])
    after = sum(t.text in _QUOTE_MARKS for t in doc[end:])
    return before % 2 == 1, after % 2 == 1


def mention_in_quote(doc: Any, m: Mention) -> bool:
    """A mention inside a quotation: what a speaker calls someone is not the role the article states."""
    # Both sides must show it: a sentence that only closes a quotation opened earlier ('... actions," NFL
    # Commissioner X said') has its speaker outside.
    return all(open_quotes(doc, m.start, m.end))


def _titled_as_organisation(e: Entity, docs: Sequence[Any]) -> bool:
    """A group name spaCy typed as a nationality (NORP) that a mention titles as an organisation."""
    return any(title_before(docs[m.sent], m.start, "ORG") for m in e.mentions[:_MENTIONS_READ])


def assign_roles(entities: Sequence[Entity], docs: Sequence[Any]) -> None:
    """Set `role` on each entity: the most specific role its first mentions state (a title of the lexicon
    over an open-class description over a bare rank), the earliest among equals."""
    for e in entities:
        if e.type == "NORP" and _titled_as_organisation(e, docs):
            e.type = "ORG"  # "Islamic extremist group al-Shabab": a named group, not a nationality
        if e.type not in {"PERSON", "ORG", "GPE"}:
            continue
        best, strength, source = "", 0, None
        read = [
            m
            for m in e.mentions
            if (not m.title_modifier or _titled_possessor(docs[m.sent], m, e.type))
            and not mention_in_quote(docs[m.sent], m)
        ]
        for m in read[:_MENTIONS_READ]:
            role = _role_here(docs[m.sent], m, e, docs)
            level = role_strength(role, e.type)
            if level > strength:
                best, strength, source = role, level, m
            if strength == 3:
                break
        e.role = tidy_role(best, e.type)
        if source is not None and _relation(e.role):
            e.role = _name_the_possessor(e.role, docs[source.sent], source, e, entities)
        # An organisation described as a firm/giant/group is an organisation, whatever spaCy tagged.
        last = e.role.lower().split()[-1] if e.role else ""
        if (
            e.type == "GPE"
            and last in ORG_TITLES
            and not _known_place(e.name)
            and last not in {"government", "administration", "side", "team"}
        ):  # noqa: E501
            e.type = "ORG"


def _titled_possessor(doc: Any, m: Mention, etype: str) -> bool:
    """ "Prime Minister Theresa May's spokesman, James Slack": the name modifies someone else's title, but the
    title before it is the person's own."""
    return etype == "PERSON" and m.end < len(doc) and doc[m.end].lower_ in {"'s", "\u2019s"}


# "His Highness Sheikh", "Her Majesty": a style of address, not a relation to someone.
_STYLES = frozenset("highness majesty excellency holiness royal grace eminence lordship ladyship".split())


def _relation(role: str) -> bool:
    """A role relative to someone named elsewhere: "his Iranian counterpart", "its flagship site"."""
    words = role.lower().split()
    return len(words) > 1 and words[0] in _RELATIVE_DETERMINERS and words[1] not in _STYLES


def _name_the_possessor(role: str, doc: Any, m: Mention, e: Entity, entities: Sequence[Entity]) -> str:
    """ "his Iranian counterpart" → "John Kerry's Iranian counterpart": a relation means nothing to a reader
    who does not know whose it is. The owner is the subject of the pronoun's clause ("Kerry met his counterpart",
    "Litvinenko, who had turned on his former KGB colleague"); when that subject is another named actor of a
    fitting kind, its name replaces the pronoun, else the pronoun stays (lower-cased: "His mother" opened a
    sentence)."""
    word = role.split(None, 1)[0].lower()
    pronouns = [t for t in doc if t.lower_ == word and t.dep_ == "poss" and abs(t.i - m.start) <= 8]
    owner = _clause_subject(min(pronouns, key=lambda t: abs(t.i - m.start))) if pronouns else None
    kinds = {"PERSON"} if word in {"his", "her"} else {"ORG", "GPE", "PERSON"} if word == "their" else {"ORG", "GPE"}
    named = next(
        (
            other
            for other in entities
            if owner is not None
            and other is not e
            and other.type in kinds
            and any(n.sent == m.sent and n.start <= owner.i < n.end for n in other.mentions)
        ),
        None,
    )
    if named is None:
        return word + role[len(word) :]
    possessive = f"{named.name}'" if named.name.endswith("s") else f"{named.name}'s"
    return f"{possessive} {role.split(None, 1)[1]}"


def _clause_subject(tok: Any) -> Any | None:
    """The subject of the clause a token sits in; a relative pronoun stands for the noun its clause modifies."""
    verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        return verb.head
    return subject


def roles_stated(sentences: Sequence[str], names: Sequence[str], etype: str) -> list[str]:
    """Every role the given sentences state for one actor, named by any of `names` (full name, surname,
    aliases), most specific first: what a reference card lists beside the one role a brief keeps (a brief
    reads the first mentions; a later sentence may add "chief executive of Renault" or "Foreign Minister").
    Roles are read as `assign_roles` reads them: never inside a quotation, tidied, without repeats."""
    from summarizer.entities import mentions_in
    from summarizer.nlp_models import get_spacy

    forms = {n.lower() for n in names if n}
    found: dict[str, tuple[int, int, str]] = {}
    for sent_index, doc in enumerate(get_spacy().pipe(sentences)):
        for m in mentions_in(doc, sent_index):
            if m.text.lower() not in forms or mention_in_quote(doc, m):
                continue
            for stated in all_roles_of_mention(doc, m, etype):
                level, role = role_strength(stated, etype), tidy_role(stated, etype)
                if level >= 2 and role.lower() not in found:
                    found[role.lower()] = (-level, len(found), role)
    return [role for *_, role in sorted(found.values())]


def _residence_after(doc: Any, k: int) -> str:
    """ ", of Mesa, Arizona," at `k`: "of Mesa, Arizona" (a place, or a town and its state or country: the
    tagger often misses a small town, so a capitalised name before ", State" counts too)."""
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ != "of" or not doc[k + 2].is_title:
        return ""
    j = k + 3
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    placed = doc[k + 2].ent_type_ == "GPE"
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].ent_type_ == "GPE" and doc[j + 1].ent_iob_ == "B":
        j, placed = j + 2, True
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
    if not placed or (j < len(doc) and doc[j].text not in {",", ".", ";", "-", "\u2014", "who", "and"}):
        return ""  # "X, of Leeds Rhinos fame": the place goes on into something else
    return doc[k + 1 : j].text


def particulars(doc: Any, m: Mention) -> str:
    """ "46-year-old resident of Mesa, Arizona" for "46-year-old Walter Alexander, of Mesa, Arizona," or "Walter
    Alexander, 46, of Mesa, Arizona": the age and home news gives for a private person. Not a title, so only the role
    of someone the article states nothing else about (`assign_particulars`)."""
    age = age_before(doc, m.start, m.end)
    after_age, k = age_after(doc, m.end)
    age = age or after_age
    place = _residence_after(doc, k)
    age_words = f"{age}-year-old" if age else ""
    return f"{age_words} resident {place}".strip() if place else age_words


def assign_particulars(entities: Sequence[Entity], docs: Sequence[Any]) -> None:
    """A person with no stated role or description gets their age and home, if the article gives them."""
    for e in entities:
        if e.type != "PERSON" or e.role:
            continue
        for m in e.mentions[:_MENTIONS_READ]:
            if m.title_modifier or mention_in_quote(docs[m.sent], m):
                continue
            found = particulars(docs[m.sent], m)
            if found:
                e.role = found
                break
