"""Stage 3 — entities: spaCy's spans, then consolidation of its systematic errors.

spaCy `en_core_web_sm` tags each mention on its own, so one person appears as "Donald Trump", "Trump" and
(sometimes) an ORG "Trump"; titles leak in as organisations ("Secretary of State" → ORG "State"). This stage
turns mentions into entities: surname and honorific forms are merged into the full name, the type is voted
over all mentions, junk spans are dropped, and two people who share a surname stay apart (each short form
goes to the nearest preceding full name).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from summarizer.lexicon import (
    ADDRESS_ONLY,
    GENERIC_ORG_WORDS,
    GPE_ALIASES,
    HONORIFICS,
    LETTERED_NOUNS,
    NEWS_OUTLETS,
    ORG_TITLES,
    PERSON_TITLES,
    RANKS,
    SPEECH_VERBS,
    TITLE_ORG_WORDS,
)
from summarizer.words import CALENDAR_WORDS, any_of, singular

logger = logging.getLogger(__name__)

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "GPE", "NORP": "NORP"}
_TYPE_PRIORITY = {"PERSON": 3, "ORG": 2, "GPE": 1, "NORP": 0}
ORG_SUFFIXES = {
    "group",
    "bank",
    "inc",
    "corp",
    "corporation",
    "ltd",
    "plc",
    "llc",
    "company",
    "co",
    "airways",
    "airlines",
    "holdings",
    "partners",
    "capital",
    "investments",
    "foundation",
    "institute",
    "university",
    "council",
    "commission",
    "committee",
    "agency",
    "association",
    "union",
    "party",
    "ministry",
    "department",
    "court",
    "exchange",
    "fund",
    "trust",
    "centre",
    "center",
    "club",
    "consortium",
    "alliance",
    "board",
    "office",
    "organisation",
    "organization",
    "federation",
    "authority",
    "service",
    "services",
    "network",
    "motors",
    "pharma",
    "pharmaceuticals",
    "industries",
    "technologies",
    "laboratories",
    "labs",
    "media",
    "entertainment",
    "enterprises",
    "communications",
    "petroleum",
    "energy",
    "hospital",
    "school",
    "college",
    "police",
    "army",
    "navy",
}
# "Sec.", "Supt.", "Asst.": a shortened title on its own is not a name.
_TITLE_ABBREVIATIONS = frozenset("sec secy asst assoc dept gov't atty cmsr".split())
_TIME_ZONE = re.compile(
    r"^(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AEST|AEDT|IST|JST)$|"
    r"\b(?:Standard|Daylight|Summer|Mean)\s+Time$|^(?:Eastern|Central|Mountain|Pacific)\s+Time$"
)
_SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")  # "Atletico Madrid 3-0": a result, not part of the name
# Links, handles, punctuation, brackets, mangled encodings ("D2:5k^Am") and a name that opens with "ex-".
_JUNK = re.compile(r"https?:|www\.|@|^\W+$|^[\d\W]+$|[()\[\]^~|<>{}=*]|^(?:ex|former)[- ]")
# Kinds of things made or sold: a name introduced by one ("its drug Zentrax", "the app Chirp") or described as one
# is a product, which spaCy tags as an organisation, not a party to the story.
PRODUCT_NOUNS = frozenset(
    "drug drugs medicine medication vaccine pill painkiller antidepressant product products brand app software "
    "platform device smartphone phone console game film movie album song book novel car jet aircraft missile "
    "rifle".split()
)
_EVENT_WORDS = frozenset(
    "day cup olympics festival summit championship championships awards marathon tournament".split()
)
_FACILITY_WORDS = frozenset(
    "hotel airport stadium arena prison jail mine church mosque cathedral temple station bridge palace square park "
    "street avenue road boulevard parkway plaza tower place".split()
)
# "Rue Lepic", "Jalan Merdeka", "Calle Mayor": streets named the other way round, the street word first.
_STREET_PREFIXES = frozenset("rue jalan calle avenida via piazza boulevard".split())
_NATIONAL_BODIES = {"military", "army", "navy", "government", "authorities", "police", "parliament", "ministry"}
# A force a place's name qualifies ("Las Vegas police", "Jersey City police"): spaCy tags only the place.
_LOCAL_BODIES = {"police"}
# "the town of X", "the province of X": X is a place, whatever spaCy tagged it.
_PLACE_NOUNS = frozenset(
    "town city village hamlet province region district island port suburb capital municipality neighborhood "
    "neighbourhood".split()
)
# Sovereign countries (names a person or company rarely bears): spaCy tags some as organisations ("Burkina Faso",
# "Sierra Leone"), and a country named in a story is a place first.
COUNTRIES = frozenset(
    name.strip().lower()
    for name in """Afghanistan, Albania, Algeria, Andorra, Angola, Argentina, Armenia, Australia, Austria, Azerbaijan,
    Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan, Bolivia, Bosnia and Herzegovina,
    Botswana, Brazil, Brunei, Bulgaria, Burkina Faso, Burundi, Cambodia, Cameroon, Canada, Cape Verde,
    Central African Republic, Chile, China, Colombia, Comoros, Congo, Costa Rica, Croatia, Cuba, Cyprus,
    Czech Republic, Czechia, Denmark, Djibouti, Dominican Republic, Ecuador, Egypt, El Salvador, Equatorial Guinea,
    Eritrea, Estonia, Eswatini, Ethiopia, Fiji, Finland, France, Gabon, Gambia, Germany, Ghana, Greece, Grenada,
    Guatemala, Guinea-Bissau, Guyana, Haiti, Honduras, Hungary, Iceland, India, Indonesia, Iran, Iraq, Ireland, Italy,
    Ivory Coast, Jamaica, Japan, Kazakhstan, Kenya, Kiribati, Kosovo, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon,
    Lesotho, Liberia, Libya, Liechtenstein, Lithuania, Luxembourg, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta,
    Mauritania, Mauritius, Mexico, Micronesia, Moldova, Monaco, Mongolia, Montenegro, Morocco, Mozambique, Myanmar,
    Namibia, Nauru, Nepal, Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea, North Macedonia, Norway,
    Oman, Pakistan, Palau, Palestine, Panama, Papua New Guinea, Paraguay, Peru, Philippines, Poland, Portugal, Qatar,
    Romania, Russia, Rwanda, Samoa, San Marino, Saudi Arabia, Senegal, Serbia, Seychelles, Sierra Leone, Singapore,
    Slovakia, Slovenia, Solomon Islands, Somalia, South Africa, South Korea, South Sudan, Spain, Sri Lanka, Sudan,
    Suriname, Sweden, Switzerland, Syria, Taiwan, Tajikistan, Tanzania, Thailand, Timor-Leste, Togo, Tonga,
    Trinidad and Tobago, Tunisia, Turkmenistan, Tuvalu, Uganda, Ukraine, United Arab Emirates, Uruguay, Uzbekistan,
    Vanuatu, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe""".split(",")
)
_NAME_PARTICLES = {
    "bin",
    "ibn",
    "ben",
    "bint",
    "al",
    "el",
    "de",
    "da",
    "di",
    "du",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "la",
    "le",
    "dos",
    "das",
    "y",
    "abu",
    "ter",
    "zu",
}
# Numbered things are not actors: a model designation ("Mustang V6", "Guard F-15C", "F-15s") or a numbered
# route, place or passage ("Interstate 35", "Terminal 5", "Verse 8"). Ordinals ("5th Marine Regiment"), years
# ("Concerned Student 1950"), channels and names that start with a number ("7-Eleven") are names.
_NUMBERED_THING = re.compile(
    r"\s[A-Za-z]+-?\d+[A-Za-z]*$|\s[A-Za-z]+-?\d+[A-Za-z]*\s|^[A-Z]{1,3}-\d+[A-Za-z]*$|"
    r"\b(?:Interstate|Highway|Route|Terminal|Gate|Platform|Flight|Verse|Chapter|Room|Pier|Exit|Level|Road)\s\d+$|"
    r"^[A-Z]{2,4}\d{3,4}$|\d\s?(?:km|kilometres|kilometers|miles|mph|kg|lbs)$|"  # flight numbers, distances
    r"\s(?!(?:19|20)\d\d$)\d+(?:\.\d+)?$"  # an event, version or model number at the end ("UFC 196"), not a year
)
_LETTERED_THING = re.compile(rf"^{any_of(LETTERED_NOUNS)}\s[A-Z]\.?$")  # "Group B", "Plan B."


@dataclass
class Mention:
    """One span of text naming an entity."""

    sent: int  # sentence index
    start: int  # token index in the sentence's Doc
    end: int
    text: str  # cleaned surface form: no leading "the", honorific or trailing "'s"
    label: str  # PERSON | ORG | GPE | NORP, as spaCy tagged this mention
    honorific: str = ""  # "Mr", "Dr", "President" directly before the name
    is_subject: bool = False  # grammatical subject of its sentence's main clause
    title_modifier: bool = False  # "CIA" in "CIA Director John Ratcliffe"
    is_source: bool = False  # "told Reuters", "according to the BBC": a news source, not an actor
    is_argument: bool = False  # subject or object of some verb ("Turkey is making preparations", "accused Turkey")
    is_product: bool = False  # introduced as a thing made or sold: "the drug Zentrax", "its app Chirp"
    is_kin: bool = False  # introduced as someone's relative: "his mother, Mary Doe", "Doe's brother Ali Doe"

    @property
    def n_tokens(self) -> int:
        return len(self.text.split())


@dataclass
class Entity:
    """A consolidated entity; becomes an `Actor` once it has a role and a salience."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    salience: float = 0.0

    @property
    def first_sent(self) -> int:
        return min(m.sent for m in self.mentions)

    def forms(self) -> set[str]:
        return {self.name.lower(), *(a.lower() for a in self.aliases)}


def _key(text: str) -> str:
    return re.sub(r"[^\w\s&-]", "", text.lower()).strip()


# Words that follow a name and a hyphen to make an adjective ("Penn-led", "Obama-era"), not a given name's half.
_COMPOUND_HEADS = frozenset("era led run born like type less free made ish style based owned backed".split())


def _clean_span(span: Any) -> tuple[str, str, int, int]:
    """(surface text, honorific, first kept token index, end token index) for an entity span."""
    toks = list(span)
    for k, t in enumerate(toks):
        if k and t.text in {",", ";", ":", "--"} or (t.text == "-" and (t.whitespace_ or toks[k - 1].whitespace_)):
            toks = toks[:k]
            break
    honorific = ""
    if span.label_ == "PERSON" and _title_before_a_name(span):
        return "", honorific, span.start, span.end
    # Quotation marks around a name ('"Rapid Search'): spaCy keeps one of them in the span.
    while toks and toks[0].is_quote:
        toks = toks[1:]
    while toks and toks[-1].is_quote:
        toks = toks[:-1]
    # Leading determiners and honorifics are not part of the name.
    while toks and toks[0].lower_ in {"the", "a", "an"}:
        toks = toks[1:]
    if (
        len(toks) > 1
        and toks[0].lower_.rstrip(".") in HONORIFICS
        and (span.label_ == "PERSON" or toks[0].lower_.rstrip(".") in ADDRESS_ONLY)
    ):
        honorific = toks[0].text.rstrip(".")
        toks = toks[1:]
    # "Assistant Chief Constable David Warcup", "Army Spc. Caleb Barnes": title and rank words spaCy put
    # inside a person's span belong to the role (roles.py reads them before the name), not to the name.
    if span.label_ == "PERSON":
        while len(toks) > 2 and toks[0].lower_ in PERSON_TITLES | HONORIFICS | {"assistant"}:
            toks = toks[1:]
        ranks = [k for k, t in enumerate(toks[:-1]) if t.lower_.rstrip(".") in RANKS | HONORIFICS and k < len(toks) - 1]
        if ranks and toks[ranks[-1] + 1].text[:1].isupper():
            toks = toks[ranks[-1] + 1 :]
        # "kick Cox": a lower-case word spaCy put before a name is not part of it (particles such as "de" are).
        while len(toks) > 1 and toks[0].text[:1].islower() and toks[0].lower_ not in _NAME_PARTICLES:
            toks = toks[1:]
        # "Brendan Dassey for Halbach", "Max B. partisan": a span that runs on into ordinary words ends there
        # (name particles such as "bin", "de" or "van" are part of the name), and so does a trailing title
        # ("Chris Coons President").
        for k in range(1, len(toks)):
            if toks[k].text[:1].islower() and toks[k].lower_ not in _NAME_PARTICLES:
                toks = toks[:k]
                break
        while len(toks) > 2 and toks[-1].lower_ in PERSON_TITLES and toks[-2].whitespace_:  # not "Al-Sheikh"
            toks = toks[:-1]
        # "Echoing Obama", "Watch Simpson": a capitalised verb that opens the sentence is not a first name.
        while len(toks) > 1 and toks[0].i == 0 and toks[0].tag_ in {"VBG", "VB", "VBD", "VBZ"}:
            toks = toks[1:]
    while toks and (toks[-1].lower_ in {"'s", "'", "s", "-", ","} or _SCORE.match(toks[-1].text)):
        toks = toks[:-1]
    # "Olympique Lyon 3-1": a result tokenised as number, dash, number is not part of the name.
    if len(toks) >= 4 and toks[-1].like_num and toks[-2].text in {"-", "\u2013"} and toks[-3].like_num:
        toks = toks[:-3]
    if not toks:
        return "", honorific, span.start, span.end
    # "Roch Marc [Kabore]": spaCy cut a person's name short; the parse still joins the next proper noun.
    doc = span.doc
    nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    # "Park Geun[-hye]", "Leung Chun[-ying]": a hyphenated given name of two short syllables whose lower-case
    # half spaCy left out (not a compound adjective: "Sean Penn-led", "Obama-era").
    after = doc[toks[-1].i + 2] if toks[-1].i + 2 < len(doc) else None
    if (
        span.label_ == "PERSON"
        and len(toks) >= 2
        and len(toks[-1].text) <= 5
        and nxt is not None
        and after is not None
        and nxt.text == "-"
        and not toks[-1].whitespace_
        and not nxt.whitespace_
        and after.is_alpha
        and after.text.islower()
        and len(after.text) <= 5
        and after.text not in _COMPOUND_HEADS
    ):
        toks = [*toks, nxt, after]
        nxt = doc[after.i + 1] if after.i + 1 < len(doc) else None
    if (
        span.label_ == "PERSON"
        and nxt is not None
        and nxt.tag_ == "NNP"
        and nxt.is_title
        and not nxt.ent_type_
        and toks[-1].dep_ == "compound"
        and toks[-1].head.i == nxt.i
    ):
        toks = [*toks, nxt]
    if span.label_ == "PERSON" and toks[0].i == span.start and _missed_first_name(doc, toks[0].i, toks[-1].i):
        toks = [doc[toks[0].i - 1], *toks]
    text = span.doc[toks[0].i : toks[-1].i + 1].text
    return text, honorific, toks[0].i, toks[-1].i + 1


def _title_before_a_name(span: Any) -> bool:
    """ "[Tory Treasurer Lord] [Ashcroft]": spaCy made the title before a name a person of its own. A span that
    ends in an honorific or title word right before another person's name is that name's title (`roles.py`
    reads it), not a person."""
    doc = span.doc
    last = span[-1].lower_.rstrip(".")
    nxt = doc[span.end] if span.end < len(doc) else None
    return (last in HONORIFICS or last in PERSON_TITLES) and nxt is not None and nxt.ent_type_ == "PERSON"


def _missed_first_name(doc: Any, first: int, last: int) -> bool:
    """ "Attorney General Arely [Gomez]": spaCy left an unfamiliar first name out of the span (it may even tag it
    an adverb); the parse still compounds it onto the surname. A capitalised word inside the sentence that is
    no title, rank, honorific, date word or other entity is then part of the name."""
    if first < 2:
        return False
    prev, before = doc[first - 1], doc[first - 2]
    word = prev.lower_.rstrip(".")
    return (
        prev.is_title
        and prev.is_alpha
        and not prev.ent_type_
        and prev.dep_ == "compound"
        and first <= prev.head.i <= last
        and prev.tag_ in {"NNP", "RB", "FW", "UH"}
        and not _title_like(word)
        # "Director of National Intelligence X", "the Bibi Heybat Mosque", "The 1965 Fender": a word inside a
        # run of capitalised words, or after a determiner or number, names a body or a thing (a title word
        # before it, "General Arely", is fine).
        and not (before.is_title and not _title_like(before.lower_.rstrip(".")))
        and before.tag_ not in {"DT", "CD", "PRP$"}
    )


_TITLE_OR_DATE_WORDS = PERSON_TITLES | ORG_TITLES | HONORIFICS | RANKS | CALENDAR_WORDS


def _title_like(word: str) -> bool:
    """A title, rank or calendar word, its plural ("Commissioners"), or a word built like one ("Undersheriff",
    "Assemblymember", "Dutchman", "Frenchwoman", "Reporters")."""
    return (
        word in _TITLE_OR_DATE_WORDS
        or word.rstrip("s") in _TITLE_OR_DATE_WORDS
        or any(word.endswith(t) for t in ("man", "woman", "member", "sheriff", "ers", "ies"))
    )


def _is_junk(text: str, label: str) -> bool:
    if len(text) < 2 or _JUNK.search(text) or _NUMBERED_THING.search(text) or _LETTERED_THING.search(text):
        return True
    if not any(c.isupper() for c in text):
        return True
    words = text.lower().split()
    if len(words) > 7:
        return True
    if label == "PERSON" and any(c.isdigit() for c in text):
        return True  # "D96 962C5": a code or plate, not a person's name
    if " / " in text:
        return True  # "Jane Roe / Wire Agency": a picture credit
    if all(w in CALENDAR_WORDS for w in words):
        return True
    titles = PERSON_TITLES | HONORIFICS | RANKS | _TITLE_ABBREVIATIONS
    if label in {"PERSON", "ORG"} and all(w.strip(".") in titles for w in words):
        return True
    if _TIME_ZONE.search(text):
        return True  # "GMT", "Eastern Daylight Time": a clock, not an organisation
    if label == "ORG" and len(words) > 1 and words[-1] in _EVENT_WORDS:
        return True  # "Memorial Day", "World Cup", "Edinburgh Festival": an occasion, not an organisation
    if label == "ORG" and len(words) == 1 and words[0] in GENERIC_ORG_WORDS:
        return True  # "State", "Bank": a generic word, not the name of one organisation
    return False


# The links inside one name ("Bill Clinton", "Abu Bakr al-Baghdadi").
NAME_LINKS = frozenset({"compound", "flat"})


def clause_place(tok: Any, through: frozenset[str] = frozenset({"compound", "flat", "appos"})) -> Any:
    """The token that holds a name's place in its clause: the head of the compound it ends ("Bill Clinton"),
    or the noun it stands beside ("a President Ben Carson choose ...": "President"). With `through` of
    compound and flat only, the head of the name itself."""
    while tok.dep_ in through and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _is_subject(span: Any) -> bool:
    root = clause_place(span.root)
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = root.head
    # "Libya has withdrawn $1bn, the central bank said": the reported clause is the news, so its subject
    # counts as a main-clause subject.
    return verb.dep_ == "ROOT" or (
        verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT" and verb.head.lower_ in SPEECH_VERBS
    )


def _is_argument(span: Any) -> bool:
    """Subject, passive subject, object or passive agent of any verb, in any clause: a party to an event."""
    root = clause_place(span.root)
    if root.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        return True
    return root.dep_ == "pobj" and root.head.dep_ == "agent"


def _is_source(span: Any) -> bool:
    root = span.root
    head = root.head
    if root.dep_ == "dobj" and head.lower_ in {"told", "tells", "tell", "telling"}:
        return True
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in {"told", "said", "spoke", "speaking"}


# What a newsroom does while reporting a story ("CNN has learned", "Reuters obtained a copy").
_NEWSROOM_VERBS = {
    "reported",
    "reports",
    "learned",
    "learnt",
    "obtained",
    "contacted",
    "interviewed",
    "asked",
    "reviewed",
    "spoke",
    "talked",
    "confirmed",
    "broadcast",
    "aired",
    "published",
    "verify",
    "verified",
    "reach",
    "reached",
    "confirm",
    "contact",
    "obtain",
}


def _is_outlet_source(doc: Any, ent: Any, text: str) -> bool:
    """A news outlet named as the story's source: "(CNN) --", "told Reuters", "CNN's Jane Roe reported". An
    outlet that is itself the subject of what happens ("CNN fired its anchor") stays an actor."""
    if _key(text) not in NEWS_OUTLETS:
        return False
    root = ent.root
    if root.dep_ in {"nsubj", "nsubjpass"} and _reported_verb(root.head).lower_ not in SPEECH_VERBS | _NEWSROOM_VERBS:
        return ent.start > 0 and doc[ent.start - 1].text == "("
    return True


def _reported_verb(verb: Any) -> Any:
    """The verb that says what the subject does: "was (un)able to reach" is "reach"."""
    for adj in verb.children:
        if adj.dep_ == "acomp" and adj.lower_ in {"able", "unable"}:
            return next((c for c in adj.children if c.dep_ == "xcomp"), verb)
    return verb


_OUTLET_TAG = re.compile(r"\(([A-Za-z][\w .&'-]{0,40})\)\s*(?:--|-|\u2014|\u2013|:)")


def publishers(text: str, source: str | None) -> set[str]:
    """The outlets that publish this article: its source and the "(CNN) --" tag of its dateline. The
    publisher narrates the story ("CNN will host", "CNN learned"), so it is never a party to it; another
    outlet that the story is about stays one."""
    found = {_key(m.group(1)) for m in _OUTLET_TAG.finditer(text[:300])}
    if source:
        found.add(_key(source))
    return {k for k in found if k in NEWS_OUTLETS}


def is_publisher(e: Entity, keys: set[str]) -> bool:
    """True when the entity is one of the publishing outlets, by name or alias ("CNN.com" is CNN)."""
    return bool(keys) and any(_key(f.removesuffix(".com")) in keys for f in e.forms())


def _credit_line(doc: Any) -> bool:
    """ "Jane Roe contributed to this report", "Reporting by Jane Roe": names there are the writers."""
    low = doc.text.lower()
    return any(
        k in low
        for k in ("contributed to this report", "contributed reporting", "reporting by", "editing by", "writing by")
    )


def _photo_credit(doc: Any, start: int, end: int) -> bool:
    """ "Jane Roe / Wire Agency", "Agence X via Photo Pool": a picture's credit names photographers and agencies,
    set off by a spaced slash (or "via"); they took the picture, they are not in the story."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and (
        (before.text == "/" and before.whitespace_) or (before.lower_ == "via" and any(t.text == "/" for t in doc))
    ):
        return True
    return after is not None and after.text == "/" and bool(doc[end - 1].whitespace_)


# An American broadcaster's call sign ("KXTV", "WDAF-TV"): a station reporting the story. A bare four letters
# only counts next to a word that says so ("station WDAF", "told KXTV"), since "WADA" or "KPMG" look the same.
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(-(?:TV|FM|AM|DT))$|^[KW][A-Z]{3}$")
_STATION_WORDS = {"station", "affiliate", "tv", "television", "radio", "channel", "reporter", "reported", "reports"}


def _is_station(doc: Any, text: str, start: int, end: int) -> bool:
    m = _CALL_SIGN.match(text)
    if m is None:
        return False
    if m.group(1):
        return True
    near = [t.lower_ for t in doc[max(0, start - 2) : start]] + [t.lower_ for t in doc[end : end + 2]]
    return any(w in _STATION_WORDS for w in near)


def _modifies_title(doc: Any, ent: Any) -> bool:
    """ "CIA" in "CIA Director John Ratcliffe", "Lib Dem" in "Lib Dem leader X", "Aberdeen" in "Aberdeen-based"."""
    nxt = doc[ent.end : ent.end + 2]
    if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in {"based", "owned", "listed", "born", "led", "backed"}:
        return True
    k = ent.end
    while k < len(doc) and k < ent.end + 3 and doc[k].pos_ in {"NOUN", "ADJ"} and not _title_word(doc[k]):
        k += 1
    if k >= len(doc) or not _title_word(doc[k]):
        return False
    return any(t.ent_type_ == "PERSON" and not (ent.start <= t.i < ent.end) for t in doc[k : k + 5])


def _title_word(tok: Any) -> bool:
    """A person's title, spelled out or abbreviated as a rank ("Vermont Sen. X", "Army Sgt. Y")."""
    return tok.lower_ in PERSON_TITLES or tok.lower_.rstrip(".") in RANKS


def _national_body(doc: Any, ent: Any, label: str) -> Any | None:
    """ "The Russian military said", "Iranian authorities detained", "Las Vegas police arrested": a nationality
    or place and an institution in lower case are one organisation, a party to the story (spaCy tags only the
    nationality or the place)."""
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None:
        return None
    national = label == "NORP" and nxt.lower_ in _NATIONAL_BODIES and ent.root.dep_ == "amod" and ent.root.head == nxt
    local = label == "GPE" and nxt.lower_ in _LOCAL_BODIES
    return doc[ent.start : ent.end + 1] if national or local else None


def _named_place(ent: Any) -> bool:
    """ "the town of Sarkand", "the province of Helmand": the name after a place noun and "of" is that place."""
    root = ent.root
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS


def _institution_of(doc: Any, ent: Any) -> Any | None:
    """ "The Commission for Africa", "Bank of Sudan": spaCy often tags only the place; the capitalised body
    before "for/of/on" makes the whole span an organisation. None when the place stands alone."""
    k = ent.start - 1
    if k < 1 or doc[k].lower_ not in {"for", "of", "on"}:
        return None
    head = doc[k - 1]
    if not head.is_title or head.lower_ not in ORG_SUFFIXES or head.ent_type_:
        return None
    first = k - 1
    while first > 0 and doc[first - 1].is_title and doc[first - 1].pos_ == "PROPN" and not doc[first - 1].ent_type_:
        first -= 1
    return doc[first : ent.end]


def mentions_in(doc: Any, sent_index: int) -> list[Mention]:
    """Entity mentions of one sentence, with spaCy's junk and title fragments removed."""
    out: list[Mention] = []
    covered: set[int] = set()
    credits = _credit_line(doc)
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        body = _national_body(doc, ent, label) if label in {"NORP", "GPE"} else None
        if body is not None:
            covered.update(range(body.start, body.end))
            out.append(
                Mention(
                    sent_index,
                    body.start,
                    body.end,
                    body.text,
                    "ORG",
                    is_subject=_is_subject(body),
                    is_argument=_is_argument(body),
                )
            )
            continue
        institution = _institution_of(doc, ent) if label in {"GPE", "ORG"} else None
        if institution is not None:
            ent, label = institution, "ORG"
        elif label in {"ORG", "PERSON"} and _named_place(ent):
            label = "GPE"
        if label in {"ORG", "GPE"} and _introduced_as_kin(doc, ent):
            label = "PERSON"  # "Litvinenko's widow, Marina," (tagged a place): a relative is a person
        text, honorific, start, end = _clean_span(ent)
        text = text.replace("[", "").replace("]", "")  # "[Hillary] Clinton": an editor's insertion is part of the name
        if not text or _is_junk(text, label):
            continue
        low = text.lower()
        after = doc[end] if end < len(doc) else None
        before = doc[ent.start - 1] if ent.start > 0 else None
        if label in {"ORG", "GPE"} and low in TITLE_ORG_WORDS:
            # "Secretary of State", "National Security Advisor": part of a title, not an organisation.
            if (before is not None and before.lower_ == "of") or (after is not None and after.lower_ in PERSON_TITLES):
                continue
        follower = doc[end + 1] if after is not None and after.text == "." and end + 1 < len(doc) else after
        if (
            label in {"ORG", "GPE"}
            and low.split()[-1].rstrip(".") in RANKS
            and follower is not None
            and follower.is_title
        ):
            continue  # "Army Spc." of "Army Spc. Dale Wicker": a rank, read into the person's role
        title_mod = _modifies_title(doc, ent)
        product = before is not None and before.pos_ == "NOUN" and before.lower_ in PRODUCT_NOUNS
        if not honorific and before is not None and before.text.rstrip(".").lower() in HONORIFICS:
            honorific = before.text.rstrip(".")
        if label in {"NORP", "ORG", "GPE"} and honorific.lower() in _PERSONAL_ADDRESS:
            label = "PERSON"  # "Mr Prentis" (tagged a nationality): only a person is addressed so
        covered.update(range(ent.start, ent.end))
        source = (
            _is_source(ent)
            or _is_outlet_source(doc, ent, text)
            or (credits and label == "PERSON")
            or _photo_credit(doc, start, end)
            or _is_station(doc, text, start, end)
        )
        out.append(
            Mention(
                sent_index,
                start,
                end,
                text,
                label,
                honorific,
                _is_subject(ent),
                title_mod,
                source,
                _is_argument(ent),
                product,
                _introduced_as_kin(doc, ent),
            )
        )
    # "Mr Bello", "Spc. Caleb Barnes" that spaCy missed: an address or an abbreviated rank, then a capitalised name.
    for tok in doc[:-1]:
        address = tok.text.rstrip(".").lower() in ADDRESS_ONLY
        first = tok.i + 1 if address else _after_abbreviated_rank(doc, tok)
        if first is None or first >= len(doc) or first in covered or tok.i in covered:
            continue
        nxt = doc[first]
        if not address and nxt.pos_ != "PROPN":
            continue  # "... Gov. The governor said": a sentence the splitter did not end after the rank
        if nxt.text[:1].isupper() and nxt.is_alpha and nxt.lower_ not in CALENDAR_WORDS | RANKS:
            end = nxt.i + 1
            if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN" and end not in covered:
                end += 1
            out.append(
                Mention(
                    sent_index,
                    nxt.i,
                    end,
                    doc[nxt.i : end].text,
                    "PERSON",
                    tok.text.rstrip(".") if address else "",
                    _is_subject(doc[nxt.i : end]),
                    is_argument=_is_argument(doc[nxt.i : end]),
                )
            )
    # "police said": the force of the story, unnamed; it joins the one named force if there is one ("X police").
    for tok in doc:
        if tok.lower_ in _LOCAL_BODIES and tok.i not in covered and tok.dep_ in {"nsubj", "nsubjpass"}:
            out.append(Mention(sent_index, tok.i, tok.i + 1, tok.lower_, "ORG", is_subject=True, is_argument=True))
    out.sort(key=lambda m: m.start)
    return out


def _after_abbreviated_rank(doc: Any, tok: Any) -> int | None:
    """Where a name starts after an abbreviated rank with its full stop ("Spc." of "Spc. Caleb Barnes", tokenised
    "Spc" + "."), or None: only a person is named after "Sgt.", "Lt." or "Sen."."""
    word = tok.text.rstrip(".").lower()
    if word not in RANKS or len(word) > 5 or not tok.text[:1].isupper() or not tok.is_alpha and "." not in tok.text:
        return None
    if tok.text.endswith("."):
        return tok.i + 1
    dot = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return tok.i + 2 if dot is not None and dot.text == "." and not tok.whitespace_ else None


# Relatives a story names beside its subject. Newsrooms refer to such a relative by full or first name, and
# keep the bare surname for the subject: "his mother, Mary Doe" does not become "Doe" three paragraphs on.
_KIN_NOUNS = frozenset(
    "mother father wife husband son daughter brother sister widow widower cousin uncle aunt niece nephew "
    "grandmother grandfather grandson granddaughter stepmother stepfather stepson stepdaughter fiancee fiance "
    "fiancée fiancé sibling twin mom dad".split()
)


# Address words only a person takes ("Dr Pepper" is a drink, "Miss World" a contest).
_PERSONAL_ADDRESS = {"mr", "mrs", "ms", "mx"}


def _introduced_as_kin(doc: Any, ent: Any) -> bool:
    """A person named as someone's relative: "his mother, Mary Doe", "her husband Tom Doe", "Mary Doe, his
    mother," — the kinship noun right before the name (a comma between allowed) or in apposition to it."""
    i = ent.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].lower_ in _KIN_NOUNS and doc[i].pos_ in {"NOUN", "PROPN"}:
        return True
    root = ent.root
    if root.dep_ == "appos" and root.head.lower_ in _KIN_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lower_ in _KIN_NOUNS for c in root.children)


def extract_mentions(docs: Sequence[Any]) -> list[Mention]:
    """All mentions of an article, in reading order.

    spaCy misses some repeats of a name it found elsewhere ("Trump revealed ..."), so a second pass tags
    capitalised tokens equal to a known person's surname or a known one-word organisation or place.
    """
    found = _drop_opening_words([m for i, doc in enumerate(docs) for m in mentions_in(doc, i)], docs)
    known: dict[str, str] = {}
    for m in found:
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1:
            known[words[-1]] = "PERSON"
        elif m.label == "ORG" and len(words) == 1 and not m.title_modifier:
            known.setdefault(words[0], "ORG")
    # One-word places too (spaCy tags "Gazprom" GPE once and nothing in "Gazprom has denied it"); names
    # already known as a person or organisation keep that label.
    for m in found:
        if m.label == "GPE" and len(m.text.split()) == 1 and not m.title_modifier:
            known.setdefault(m.text, "GPE")
    if not known:
        return found
    stations = {m.text for m in found if m.is_source and _CALL_SIGN.match(m.text)}
    taken = {(m.sent, t) for m in found for t in range(m.start, m.end)}
    extra: list[Mention] = []
    for i, doc in enumerate(docs):
        for tok in doc:
            label = known.get(tok.text)
            if (
                label
                and (i, tok.i) not in taken
                and tok.pos_ in {"PROPN", "NOUN"}
                and tok.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"}
            ):
                extra.append(
                    Mention(
                        i,
                        tok.i,
                        tok.i + 1,
                        tok.text,
                        label,
                        "",
                        _is_subject(doc[tok.i : tok.i + 1]),
                        is_source=_key(tok.text) in NEWS_OUTLETS or tok.text in stations,
                        is_argument=_is_argument(doc[tok.i : tok.i + 1]),
                    )
                )
    return sorted(found + extra, key=lambda m: (m.sent, m.start))


def _drop_opening_words(mentions: list[Mention], docs: Sequence[Any]) -> list[Mention]:
    """ "Explorer Dana Voss found ...", "Will Rogue Squadron ...": a sentence's first word is capitalised whatever it
    is, so spaCy reads a common word there as a first name. When the article uses that word in lower case
    elsewhere ("the explorer"), it is not a name: a three-word person loses it. Two-word names keep their first
    word ("Will Smith"): a name needs a given name and a surname."""
    opening = [
        m
        for m in mentions
        if m.label == "PERSON"
        and m.n_tokens >= 3
        and (m.start == 0 or docs[m.sent][m.start - 1].is_punct)
        and not m.honorific
    ]
    if not opening:
        return mentions
    lower = {t.text for doc in docs for t in doc if t.is_alpha and t.text.islower()}
    ids = {id(m) for m in opening}
    out: list[Mention] = []
    for m in mentions:
        first, _, rest = m.text.partition(" ")
        if id(m) in ids and first.lower() in lower and first.lower() not in _NAME_PARTICLES and rest[:1].isupper():
            m = replace(m, start=m.start + 1, text=rest)
        out.append(m)
    return out


def _strip_legal_form(name: str) -> str:
    """ "International Widget Machines Corp" → "International Widget Machines": the name an acronym spells."""
    words = name.split()
    while len(words) > 1 and _key(words[-1]) in LEGAL_FORMS:
        words = words[:-1]
    return " ".join(words)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


class _Consolidator:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.index: dict[str, Entity] = {}

    def add(self, m: Mention, entity: Entity | None) -> Entity:
        if entity is None:
            entity = Entity(name=m.text, type=m.label)
            self.entities.append(entity)
        entity.mentions.append(m)
        self.index.setdefault(self._mkey(m), entity)
        return entity

    @staticmethod
    def _mkey(m: Mention) -> str:
        k = _key(m.text)
        if m.label in {"GPE", "ORG"} and k in GPE_ALIASES:
            return GPE_ALIASES[k].lower()
        if m.label == "NORP":
            return singular(k)  # "the Tories" and "Tory co-chairman", "Democrats" and "a Democrat": one group
        return k

    @staticmethod
    def _person_key(text: str) -> str:
        words = _key(text).split()
        return f"{words[0]} {words[-1]}" if len(words) > 1 else words[0] if words else ""


def _named_as_addressed(mentions: Sequence[Mention]) -> list[Mention]:
    """A two- or three-word name whose last word the story also uses as "Mr X" or "Ms X" is that person's
    full name, whatever spaCy tagged it: "Sundar Katwala" (tagged a building) ... "Mr Katwala added"."""
    addressed = {_key(m.text) for m in mentions if m.n_tokens == 1 and m.honorific.lower() in _PERSONAL_ADDRESS} - {""}
    return [
        replace(m, label="PERSON")
        if m.label != "PERSON" and m.n_tokens in (2, 3) and _key(m.text).rsplit(" ", 1)[-1] in addressed
        else m
        for m in mentions
    ]


def consolidate(mentions: Sequence[Mention]) -> list[Entity]:
    """Merge mentions into entities (see the module docstring for the rules)."""
    c = _Consolidator()
    mentions = _named_as_addressed(mentions)
    full_person = [m for m in mentions if m.label == "PERSON" and m.n_tokens > 1]
    surnames = {f for m in full_person for f in _family_names(m.text)}
    people: dict[str, Entity] = {}
    deferred: list[Mention] = []
    for m in mentions:
        k = c._mkey(m)
        if m.label == "PERSON" and m.n_tokens > 1:
            pk = c._person_key(m.text)
            people[pk] = c.add(m, people.get(pk) or c.index.get(k))
        elif (m.n_tokens == 1 and (m.label == "PERSON" or k in surnames)) or _titled_surname(m, surnames):
            deferred.append(m)
        else:
            c.add(m, c.index.get(k))
    person_entities = list(people.values())
    deferred = [_as_titled_surname(m, surnames) for m in deferred]
    for m in deferred:
        k = _key(m.text)
        same_surname = [e for e in person_entities if k in _family_names(e.name)]
        # A bare surname is the subject's, not a relative's whom the story introduced by kinship and then keeps
        # naming in full: that is how a writer reserves the surname (see `_KIN_NOUNS`). Right after the
        # introduction, "Idris said" may still be the relative, so the nearest rule stands there.
        not_kin = [e for e in same_surname if not _kin_named_in_full_again(e, m)]
        if len(same_surname) > 1 and not_kin and not m.honorific:
            same_surname = not_kin
        # "President Clinton" is the Clinton the story calls President ("President Bill Clinton signed ..."),
        # not the nearest one.
        office = m.honorific if m.honorific.lower().rstrip(".") not in ADDRESS_ONLY else ""
        titled = [e for e in same_surname if office and called_by(e, office)]
        if len(same_surname) > 1 and len(titled) == 1:
            same_surname = titled
        if same_surname:
            c.add(m, _nearest(same_surname, m))
            continue
        target = c.index.get(c._mkey(m)) or _org_containing(c.entities, m.text)
        c.add(m, target)
    _merge_org_variants(c.entities)
    _merge_org_tails(c.entities)
    _merge_org_short_forms(c.entities)
    _merge_partial_person_names(c.entities)
    kept = [e for e in c.entities if e.mentions]
    for e in kept:
        _finalise(e)
    return kept


_HYPHENATED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


def _family_names(name: str) -> set[str]:
    """The words a story may use alone for a person: the surname, and the first word too when the given name is
    hyphenated the Korean way ("Mr Kim" is Kim Dae-sung, whose family name comes first)."""
    words = name.split()
    out = {_key(words[-1])} if words else set()
    if len(words) == 2 and _HYPHENATED_GIVEN.match(words[1]):
        out.add(_key(words[0]))
    return out


def _titled_surname(m: Mention, surnames: set[str]) -> bool:
    """ "General Sharif", "Judge Okafor": a title or rank and a surname the article gives in full elsewhere, which
    spaCy often tags as an organisation ("General Motors" stays one: no person is called Motors)."""
    words = m.text.split()
    return (
        m.label != "PERSON"
        and len(words) == 2
        and words[0].lower().rstrip(".") in HONORIFICS | RANKS
        and _key(words[1]) in surnames
    )


def _as_titled_surname(m: Mention, surnames: set[str]) -> Mention:
    """The surname of a `_titled_surname` mention, as a person's mention with its title as the honorific."""
    if not _titled_surname(m, surnames):
        return m
    title, surname = m.text.split()
    return replace(m, start=m.start + 1, text=surname, label="PERSON", honorific=title.rstrip("."))


def _kin_named_in_full_again(e: Entity, m: Mention) -> bool:
    """A relative introduced by kinship ("his sister, Anneke Doe") whom the story named in full again before `m`."""
    if not any(x.is_kin for x in e.mentions):
        return False
    full_before = [x for x in e.mentions if x.n_tokens > 1 and (x.sent, x.start) < (m.sent, m.start)]
    return len(full_before) >= 2


def called_by(e: Entity, honorific: str) -> bool:
    """Some mention of e carries this honorific or title ("President" of "President Bill Clinton")."""
    return any(x.honorific.lower().rstrip(".") == honorific.lower().rstrip(".") for x in e.mentions)


def _nearest(candidates: list[Entity], m: Mention) -> Entity:
    """The candidate mentioned most recently before `m` (else the first mentioned after it)."""

    def last_before(e: Entity) -> tuple[int, int]:
        pos = [(x.sent, x.start) for x in e.mentions if (x.sent, x.start) <= (m.sent, m.start)]
        return max(pos) if pos else (-1, -1)

    before = [e for e in candidates if last_before(e) >= (0, 0)]
    if before:
        return max(before, key=last_before)
    return min(candidates, key=lambda e: (e.first_sent, e.mentions[0].start))


def _org_containing(entities: list[Entity], text: str) -> Entity | None:
    k = _key(text)
    if k in GENERIC_ORG_WORDS:
        return None
    orgs = [e for e in entities if e.type == "ORG" and len(e.name.split()) > 1]
    # An acronym that spells out one organisation's name is that organisation, whatever other names contain it
    # ("NFL" is the National Football League, not the "NFL Network").
    spelled = [
        e
        for e in orgs
        if text.isupper() and len(text) >= 2 and text in {_acronym(e.name), _acronym(_strip_legal_form(e.name))}
    ]
    if len(spelled) == 1:
        return spelled[0]
    hits = [e for e in orgs if k in _key(e.name).split() or e in spelled]
    return hits[0] if len(hits) == 1 else None


_GENERATION = {"jr", "sr", "ii", "iii", "iv"}


def _bare(name: str) -> list[str]:
    """A name's words without a generational suffix: "Timothy Jackson Jr." → ["timothy", "jackson"]."""
    words = _key(name).split()
    return words[:-1] if len(words) > 1 and words[-1] in _GENERATION else words


def _merge_partial_person_names(entities: list[Entity]) -> None:
    """ "Bobby" and "Bobby Flay", "Suu Kyi" and "Aung San Suu Kyi": the start of a name, or the end of a name, that
    fits exactly one longer person's name is that person (two candidates stay apart: "Miliband"; "Adam
    Smith" is not "Adam Smith Lecture")."""
    people = [e for e in entities if e.mentions and any(m.label == "PERSON" for m in e.mentions)]
    # spaCy tags a lone first name as an organisation as often as a person ("Bruno said ...").
    lone = [e for e in entities if e.mentions and len(e.name.split()) == 1 and e.mentions[0].label == "ORG"]
    for e in sorted(people + lone, key=lambda x: len(x.name.split())):
        words = _bare(e.name)
        if not words or not e.mentions:
            continue
        n = len(words)
        longer = [
            f
            for f in people
            if f is not e
            and f not in lone
            and f.mentions
            and (len(_bare(f.name)) > n or len(_key(f.name).split()) > len(_key(e.name).split()))
            and (
                # a first name, or first and middle names ("Ali Haider" of "Ali Haider Gilani")
                _bare(f.name)[:n] == words
                # a lone organisation "Ford" is the company, not "Bill Ford": only a first name merges; a
                # relative shares the family name ("Alya's dad, Ahmed Ali" is not "Alya Ahmed Ali")
                or (_bare(f.name)[-n:] == words and e not in lone and not any(m.is_kin for m in e.mentions))
            )
        ]
        if len(longer) == 1:
            longer[0].mentions.extend(e.mentions)
            e.mentions = []
    # spaCy tags an unfamiliar two-word surname as an organisation ("El Guerrouj achieved ..."): the last two
    # or more words of exactly one person's full name, named in full before them, are that person, whatever
    # the tag ("al Qaeda" named before "the fundamentalist Sunni al Qaeda" stays the group).
    for e in entities:
        words = _bare(e.name)
        if len(words) < 2 or not e.mentions or any(m.label == "PERSON" for m in e.mentions):
            continue
        first = min((m.sent, m.start) for m in e.mentions)
        owners = [f for f in people if f is not e and f.mentions and len(_bare(f.name)) > len(words)]
        owners = [
            f
            for f in owners
            if _bare(f.name)[-len(words) :] == words and min((m.sent, m.start) for m in f.mentions) < first
        ]
        if len(owners) == 1:
            _absorb(owners[0], e)


def _absorb(person: Entity, other: Entity) -> None:
    """`other`'s mentions are `person`'s, whatever spaCy tagged them; `other` is left empty."""
    person.mentions.extend(replace(m, label="PERSON") for m in other.mentions)
    other.mentions = []


# Words after a company's name that only give its legal form: "Acme Corp", "Acme Inc.", "Acme Holdings plc".
LEGAL_FORMS = frozenset("inc corp corporation co ltd plc llc sa ag nv group holdings".split())


def _org_core(name: str) -> tuple[str, str]:
    """(qualifying place, core name) of an organisation's name: "U.S. Supreme Court" → ("us", "supreme court"),
    "Acme Holdings Inc." → ("", "acme"). The place that qualifies a national body and the legal form after a
    company's name are left out when a story names the same body with and without them."""
    words = _key(name).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    place = ""
    for k in (3, 2, 1):
        prefix = " ".join(words[:k])
        if len(words) > k and (prefix in COUNTRIES or prefix in GPE_ALIASES):
            place, words = prefix, words[k:]
            break
    return place, " ".join(words)


_BODY_WORDS = ("department", "ministry")


def _department_of(name: str) -> str:
    """ "Department of Justice" → "justice department": the other way a government body is named."""
    words = [w for w in _key(name).split() if w != "the"]
    if len(words) >= 3 and words[0] in _BODY_WORDS and words[1] == "of":
        return " ".join([*words[2:], words[0]])
    return ""


def _merge_org_tails(entities: list[Entity]) -> None:
    """ "Judiciary Committee" is the "Senate Judiciary Committee", "Highway Patrol" the "Ridge Highway Patrol": a
    name of two or more words that ends exactly one longer organisation's name is a short form of it (with two
    candidates, "Fire Department" of two towns, it stays apart)."""
    orgs = [e for e in entities if e.mentions and e.mentions[0].label == "ORG"]
    for e in sorted(orgs, key=lambda x: len(x.name.split())):
        words = _key(e.name).split()
        if len(words) < 2 or not e.mentions or all(w in GENERIC_ORG_WORDS for w in words):
            continue
        longer = [
            f
            for f in orgs
            if f is not e
            and f.mentions
            and len(_key(f.name).split()) > len(words)
            and _key(f.name).split()[-len(words) :] == words
        ]
        if len(longer) == 1 and longer[0].name.split()[0][:1].isupper():
            longer[0].mentions.extend(e.mentions)
            e.mentions = []


def _merge_org_variants(entities: list[Entity]) -> None:
    """ "Acme Inc." and "Acme", "U.S. Supreme Court" and "Supreme Court": one organisation named with and without
    its legal form or the place it serves. Two bodies of different places ("U.S. Senate", "French Senate") stay
    apart, and the bare name joins only when one place's body is named."""
    orgs = [e for e in entities if e.mentions and e.mentions[0].label == "ORG"]
    groups: dict[str, list[Entity]] = {}
    for e in orgs:
        place, core = _org_core(e.name)
        if core and core not in GENERIC_ORG_WORDS:
            groups.setdefault(core, []).append(e)
    for e in orgs:
        # "Interior Department" and "Department of the Interior" are one body.
        flipped = _department_of(e.name)
        if flipped and flipped != _org_core(e.name)[1]:
            groups.setdefault(flipped, []).append(e)
    for group in groups.values():
        group = [e for e in group if e.mentions]  # one already merged through its other name
        places = {_org_core(e.name)[0] for e in group} - {""}
        # A one-word body ("Navy") is left to `_merge_org_short_forms`, which checks no other name contains it.
        if len(group) < 2 or len(places) > 1 or (places and " " not in _org_core(group[0].name)[1]):
            continue
        target = max(group, key=lambda e: (len(e.name.split()), len(e.mentions)))
        for e in group:
            if e is not target:
                target.mentions.extend(e.mentions)
                e.mentions = []


def _merge_org_short_forms(entities: list[Entity]) -> None:
    """ "Riggs" → "Riggs Bank", "GM" → "General Motors". A name tagged a place at every mention is the place
    ("Iowa" is not the "Iowa National Guard"); one tagged a place only some of the time may be the company."""
    multi = [e for e in entities if e.mentions and len(e.name.split()) > 1 and e.mentions[0].label == "ORG"]
    for e in list(entities):
        if len(e.name.split()) != 1 or not e.mentions or e.mentions[0].label not in {"ORG", "PERSON", "GPE"}:
            continue
        if all(m.label == "GPE" for m in e.mentions):
            continue
        target = _org_containing(multi, e.name)
        if target is not None and target is not e:
            target.mentions.extend(e.mentions)
            e.mentions = []


def _finalise(e: Entity) -> None:
    """Vote the type, choose the canonical name and collect aliases."""
    e.mentions.sort(key=lambda m: (m.sent, m.start))
    votes: Counter[str] = Counter()
    # A nationality is never a person's full name: once the entity has one ("Hossein Nayeri"), spaCy's NORP
    # tags on its surname ("Nayeri", read as a demonym) do not vote.
    full_name = any(m.label == "PERSON" and m.n_tokens > 1 for m in e.mentions)
    for m in e.mentions:
        if full_name and m.label == "NORP":
            continue
        votes[m.label] += 2 if m.n_tokens > 1 else 1
        if m.honorific.lower() in ADDRESS_ONLY:
            votes["PERSON"] += 1
    e.type = max(votes, key=lambda t: (votes[t], _TYPE_PRIORITY[t]))
    forms = [m.text for m in e.mentions]
    # A one-word "person" never given a first name or honorific, also tagged as something else, is that.
    if (
        e.type == "PERSON"
        and len(votes) > 1
        and all(len(f.split()) == 1 for f in forms)
        and not any(m.honorific for m in e.mentions)
    ):
        e.type = max((t for t in votes if t != "PERSON"), key=lambda t: (votes[t], _TYPE_PRIORITY[t]))
    longest_form = max(forms, key=lambda f: len(f.split()))
    if len(longest_form.split()) > 1 and longest_form.split()[-1].lower() in ORG_SUFFIXES:
        e.type = "ORG"
    if _key(max(forms, key=len)) in COUNTRIES and e.type in {"ORG", "PERSON"}:
        e.type = "GPE"
    if (
        len(longest_form.split()) > 1
        and (longest_form.split()[-1].lower() in _FACILITY_WORDS or longest_form.split()[0].lower() in _STREET_PREFIXES)
        and not any(m.honorific.lower() in ADDRESS_ONLY for m in e.mentions)  # "Mr Arena" is a person
    ):
        e.type = "GPE"  # "Splendid Hotel", "Evin Prison", "Elm Road": a building, site or street is where things happen
    if e.type == "GPE":
        k = _key(forms[0])
        e.name = GPE_ALIASES.get(k, max(forms, key=lambda f: (len(f.split()), -forms.index(f))))
    elif e.type == "NORP":
        # A group by its plural, the form that names it ("the Tories"), not the adjective ("Tory co-chairman").
        e.name = max(forms, key=lambda f: (len(f.split()), f.lower() != singular(f.lower()), -forms.index(f)))
    else:
        longest = max(len(f.split()) for f in forms)
        e.name = next(f for f in forms if len(f.split()) == longest)
    aliases: list[str] = []
    for m in e.mentions:
        for form in (m.text, f"{m.honorific} {m.text}" if m.honorific.lower() in ADDRESS_ONLY | {"gen"} else ""):
            if form and form != e.name and form not in aliases:
                aliases.append(form)
    e.aliases = aliases


_PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "himself", "herself"}


_AGE_BEFORE = re.compile(r"(\d{1,3})(?:-| )years?(?:-| )old$", re.IGNORECASE)
_MAX_AGE = 120  # a person's age; "the 150-year-old Harrods" is a firm's


def age_before(doc: Any, start: int, end: int) -> str:
    """ "46-year-old Walter Alexander" (one token or four): the age, or "". Not when the name only modifies a
    noun after it: "the 20-year-old AT4 rocket launcher" is the launcher's age."""
    last = doc[end - 1]
    if last.dep_ in {"compound", "amod", "nmod"} and last.head.i >= end:
        return ""
    match = _AGE_BEFORE.search(doc[max(0, start - 5) : start].text)
    return str(int(match.group(1))) if match and int(match.group(1)) < _MAX_AGE else ""


def age_after(doc: Any, end: int) -> tuple[str, int]:
    """ "Walter Alexander, 46, ..." : (the age, the index after it) or ("", end)."""
    if end + 1 >= len(doc) or doc[end].text != "," or not doc[end + 1].text.isdecimal():
        return "", end
    close = doc[end + 2] if end + 2 < len(doc) else None
    if 0 < int(doc[end + 1].text) < _MAX_AGE and (close is None or close.text in {",", ".", ";"}):
        return str(int(doc[end + 1].text)), end + 2  # ASCII digits, whatever script the article used
    return "", end


def type_people_by_reference(entities: list[Entity], docs: Sequence[Any]) -> None:
    """A name the text goes on to call "he" or "she" is a person, whatever spaCy tagged it.

    spaCy often tags an unfamiliar full name as an organisation ("Jeffrey Hallock" ORG). When such a name
    is the subject of a clause and the next personal pronoun (in the rest of its sentence or the next one)
    comes before any other person is named, the pronoun refers to it. Only capitalised two- or three-word
    names qualify, never one with an organisation suffix ("Murray Mining") or a known place; a one-word name
    only when the pronoun is the subject of what it says ("Trump said he would ...").
    """
    people = [m for e in entities if e.type == "PERSON" for m in e.mentions]
    for e in entities:
        words = e.name.split()
        if (
            e.type not in {"ORG", "GPE"}
            or not 1 <= len(words) <= 3
            or not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
            or words[-1].lower() in ORG_SUFFIXES
            or _key(e.name) in GPE_ALIASES
            or _key(e.name) in NEWS_OUTLETS
        ):
            continue
        if len(words) > 1 and any(
            _pronoun_follows(docs, m, people) for m in e.mentions if m.is_subject and m.n_tokens > 1
        ):
            e.type = "PERSON"
        elif len(words) == 1 and any(_says_he(docs[m.sent], m) for m in e.mentions):
            # "Trump said he would build the wall": one word, so only the closest reference. A word of one
            # person's full name is that person ("Thaksin" of "Thaksin Shinawatra"), not a second actor.
            owners = [p for p in entities if p.type == "PERSON" and _key(e.name) in _bare(p.name)]
            if len(owners) == 1:
                _absorb(owners[0], e)
                _finalise(owners[0])
            elif not owners:
                e.type = "PERSON"
    entities[:] = [e for e in entities if e.mentions]  # a name absorbed into a person is no entity of its own
    for e in entities:
        # "5-year-old Youssif", "Youssif, 5,": only a person is named with an age.
        if e.type == "ORG" and not e.role and any(_aged(docs[m.sent], m) for m in e.mentions[:3]):
            e.type = "PERSON"


def _says_he(doc: Any, m: Mention) -> bool:
    """The name is the subject of a verb whose reported clause has "he" or "she" as its subject ("X said he
    would ...", "X insisted she was innocent")."""
    root = doc[m.end - 1]
    if root.dep_ != "nsubj" or m.n_tokens != 1 or root.head.lower_ not in SPEECH_VERBS:
        return False
    if any(c.dep_ == "det" for c in root.children):
        return False  # "the Senate": an institution
    comps = (c for c in root.head.children if c.dep_ == "ccomp")
    return any(g.dep_ in {"nsubj", "nsubjpass"} and g.lower_ in {"he", "she"} for c in comps for g in c.children)


def _aged(doc: Any, m: Mention) -> bool:
    return bool(age_before(doc, m.start, m.end) or age_after(doc, m.end)[0])


def _pronoun_follows(docs: Sequence[Any], m: Mention, people: Sequence[Mention]) -> bool:
    for sent in (m.sent, m.sent + 1):
        if sent >= len(docs):
            return False
        for tok in docs[sent]:
            if sent == m.sent and tok.i < m.end:
                continue
            if any(p.sent == sent and p.start <= tok.i < p.end for p in people):
                return False
            if tok.lower_ in {"it", "its", "they", "their", "them"} and tok.pos_ == "PRON":
                return False
            if tok.lower_ in _PERSON_PRONOUNS and tok.pos_ == "PRON":
                return True
    return False
