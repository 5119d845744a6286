"""The grounding check: a written summary may only say what the article says.

A model-written summary is accepted only if every name, number, date and quoted span in it can be found in
the article, and it does not contradict the facts the extractive stages took from the article (the role an
actor holds, who said a quote). Comparisons are normalised: case, punctuation, curly quotes and dashes, and
number formats ("1,200" = "1200", "3.5m" = "3.5 million" = "3,500,000", "five" = "5", "5%" = "5 per cent").

`grounding_problems` returns the reasons, one short sentence each, so they can be sent back to the model for
its one retry and shown in the brief when it falls back. Pure: no I/O.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from summarizer.clean import normalise
from summarizer.lexicon import ADDRESS_ONLY, PERSON_TITLES
from summarizer.models import Article, Brief
from summarizer.words import SEASONS, WEEKDAYS, any_of

logger = logging.getLogger(__name__)

_SMALL = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALE = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "mln": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?P<word>"
    + "|".join(sorted(_SMALL, key=len, reverse=True))
    + r")\b)(?:(?P<sep>[ -]?)(?P<scale>thousand|million|billion|trillion|mn|mln|bn|tn|trn|m|k)\b)?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|(?:next|last|this|coming)\s+"
    rf"(?:week|weekend|month|year|{any_of(SEASONS + WEEKDAYS)}))\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?<=\w)'s?\b|(?<=s)'(?!\w)")
_QUOTED = re.compile(r'"([^"]{3,}?)"')
_THE = re.compile(r"^\s*the\s+")
_WORDS = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")
# Capitalised words that name nothing by themselves.
_HARMLESS = {"i", "a", "an", "the", "it", "he", "she", "they", "we", "mr", "mrs", "ms", "dr"}
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}


def plain(text: str) -> str:
    """Lower case, straight quotes, punctuation as spaces, possessives dropped, single spaces."""
    text = _POSSESSIVE.sub("", normalise(text).lower())
    return " " + " ".join(_WORDS.findall(text)) + " "


def numbers_in(text: str) -> set[Decimal]:
    """Every number the text states, as a value: "1,200", "1.2 thousand", "1.2k" and "twelve hundred" differ
    in spelling only (the last is not recognised: spelled-out compounds other than "<n> <scale>" are rare in
    news, and a number the check cannot read is reported, never silently accepted)."""
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(normalise(text)):
        word, scale = m.group("word"), m.group("scale")
        if word:
            value = Decimal(_SMALL[word.lower()])
        else:
            try:
                value = Decimal(m.group("num").replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                continue
        if scale and not (len(scale) == 1 and m.group("sep")):  # "5m" is five million, "5 m" five metres
            value *= _SCALE[scale.lower()]
        out.add(value.normalize())
    return out


@dataclass(frozen=True)
class ArticleEvidence:
    """What a summary may draw on: the article's words, plain text and numbers (built once per article)."""

    text: str
    words: frozenset[str]
    numbers: frozenset[Decimal]
    sentences: tuple[str, ...]

    @classmethod
    def of(cls, article: Article) -> ArticleEvidence:
        from summarizer.sentences import split_sentences

        source = f"{article.title}\n{article.text}"
        text = plain(source)
        words = set(text.split())
        words |= {part for w in list(words) for part in re.split(r"[-.']", w) if part}  # "Wal-Mart": "wal", "mart"
        return cls(
            text=text,
            words=frozenset(words),
            numbers=frozenset(numbers_in(source)),
            sentences=tuple(plain(s) for s in split_sentences(normalise(source))),
        )

    def says(self, phrase: str) -> bool:
        p = plain(phrase).strip()
        return bool(p) and f" {p} " in self.text


def _show(value: Decimal) -> str:
    return format(value, "f") if value == value.to_integral() else str(value)


def _numbers(summary: str, evidence: ArticleEvidence) -> list[str]:
    return [f"the number {_show(v)} is not in the article" for v in sorted(numbers_in(summary) - evidence.numbers)]


def _quotes(summary: str, evidence: ArticleEvidence) -> list[str]:
    from summarizer.sentences import split_sentences

    problems = []
    for quoted in _QUOTED.findall(normalise(summary)):
        # Piece by piece: a span across sentences joined in the summary is not one quote.
        missing = [p for p in split_sentences(quoted) if len(p.split()) >= 3 and not evidence.says(p)]
        if missing:
            problems.append(f'the quote "{_clip(missing[0])}" is not in the article')
    return problems


def _clip(text: str, words: int = 20) -> str:
    parts = text.strip().split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _relative_dates(summary: str, evidence: ArticleEvidence) -> list[str]:
    return [
        f"'{m.group(0)}' is not in the article" for m in _RELATIVE.finditer(summary) if not evidence.says(m.group(0))
    ]


def _names(summary: str, evidence: ArticleEvidence, brief: Brief, nlp: Any | None) -> list[str]:
    """Capitalised words (mid-sentence, or proper nouns anywhere) and whole person names must be in the article."""
    known = {plain(n).strip() for a in brief.actors for n in (a.name, *a.aliases)}
    problems: list[str] = []
    seen: set[str] = set()

    def flag(name: str) -> None:
        if name.lower() not in seen:
            seen.add(name.lower())
            problems.append(f"it names '{name}', which is not in the article")

    if nlp is not None:
        for doc in nlp.pipe(s for s in _sentences(summary)):
            for ent in doc.ents:
                if ent.label_ not in _ENTITY_LABELS:
                    continue
                name = ent.text.strip(" .,'\"")
                whole = _THE.sub("", plain(name)).strip()
                words = [w for w in re.split(r"[\s.'-]+", whole) if w and w not in _HARMLESS]
                if not words:
                    continue
                if ent.label_ == "PERSON" and len(words) > 1:
                    if not evidence.says(whole) and whole not in known:
                        flag(name)
                elif any(w not in evidence.words for w in words) and not evidence.says(whole):
                    flag(name)
            for tok in doc:
                if tok.is_alpha and tok.text[0].isupper() and tok.pos_ == "PROPN":
                    if tok.lower_ not in evidence.words and tok.lower_ not in _HARMLESS:
                        flag(tok.text)
    for sentence in _sentences(summary):
        tokens = _WORDS.findall(normalise(sentence))
        for i, tok in enumerate(tokens):
            if i and tok[0].isupper() and plain(tok).strip() not in evidence.words and tok.lower() not in _HARMLESS:
                flag(tok)
    return problems


def _sentences(summary: str) -> list[str]:
    from summarizer.sentences import split_sentences

    return split_sentences(normalise(summary))


def _titles(summary: str, evidence: ArticleEvidence, brief: Brief) -> list[str]:
    """A title put right before a person's name must be one the article gives them: in their extracted
    role, or in a sentence of the article that names them. ("Governor Lopez" for the mayor is a contradiction.)"""
    problems = []
    text = plain(summary)
    people = [a for a in brief.actors if a.type == "PERSON" and a.role]
    for actor in people:
        names = {plain(n).strip() for n in (actor.name, *actor.aliases) if n}
        names = {n for n in names if " " in n or _unique_surname(n, brief)}  # "Singh" may be two people
        role = set(plain(actor.role).split())
        for name in names:
            for m in re.finditer(rf" ([a-z]+) {re.escape(name)} ", text):
                title = m.group(1)
                if title not in PERSON_TITLES or title in ADDRESS_ONLY or title in role:
                    continue
                surname = name.split()[-1]
                if any(f" {surname} " in s and f" {title} " in s for s in evidence.sentences):
                    continue
                problems.append(f"it calls {actor.name} '{title}', but the article makes them '{actor.role}'")
    return problems


def _unique_surname(word: str, brief: Brief) -> bool:
    return sum(word in plain(a.name).split() for a in brief.actors) <= 1


def _speakers(summary: str, brief: Brief) -> list[str]:
    """A quote the article gives to one speaker must not be put in another actor's mouth."""
    problems = []
    people = [a for a in brief.actors if a.type == "PERSON"]
    for sentence in _sentences(summary):
        text = plain(_QUOTED.sub(" ", sentence))  # who the sentence names outside its quotes
        for quoted in _QUOTED.findall(sentence):
            q = plain(quoted).strip()
            if len(q.split()) < 4:  # a scare-quoted word or two is not someone's statement
                continue
            for fact in brief.quotes:
                if not q or q not in plain(fact.text) or not fact.speaker:
                    continue
                speaker = plain(fact.speaker).strip()
                speaker_words = set(speaker.split())
                if speaker_words & set(text.split()):
                    continue
                others = [a.name for a in people if f" {plain(a.name).strip()} " in text and a.name != fact.speaker]
                if others:
                    problems.append(f'it gives {fact.speaker}\'s words "{_clip(quoted)}" to {others[0]}')
    return problems


def grounding_problems(sentences: Sequence[str], article: Article, brief: Brief, nlp: Any | None = None) -> list[str]:
    """Why `sentences` are not grounded in `article` (empty when they are); `brief` holds the extracted facts.

    `nlp` (a spaCy pipeline, optional) adds named-entity checks on top of the capitalised-word check.
    """
    evidence = ArticleEvidence.of(article)
    summary = " ".join(s.strip() for s in sentences)
    problems = [
        *_names(summary, evidence, brief, nlp),
        *_numbers(summary, evidence),
        *_relative_dates(summary, evidence),
        *_quotes(summary, evidence),
        *_titles(summary, evidence, brief),
        *_speakers(summary, brief),
    ]
    return list(_unique(problems))


def _unique(items: Iterable[str]) -> Iterable[str]:
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
