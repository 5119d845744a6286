"""Stage 2 — sentences, robust to abbreviations (U.S., Dr., Jan.), quotes and bullet lines.

A rule-based splitter is used rather than spaCy's parser-based one: it is faster, never splits "Mr. Smith"
or "U.S. officials", and keeps a closing quote with its sentence. Each line (paragraph or bullet) is split
on its own, so a bullet without a full stop is still one sentence.
"""

from __future__ import annotations

import re

from summarizer.lexicon import LETTERED_NOUNS
from summarizer.words import any_of

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "messrs",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cmdr",
    "cdr",
    "brig",
    "lieut",
    "adm",
    "sgt",
    "cpl",
    "spc",
    "pfc",
    "pvt",
    "cpt",
    "sen",
    "rep",
    "gov",
    "pres",
    "supt",
    "insp",
    "det",
    "rev",
    "fr",
    "st",
    "mt",
    "ft",
    "jr",
    "sr",
    "hon",
    "inc",
    "corp",
    "co",
    "ltd",
    "plc",
    "llc",
    "bros",
    "dept",
    "univ",
    "assn",
    "vs",
    "v",
    "etc",
    "no",
    "nos",
    "approx",
    "est",
    "fig",
    "vol",
    "op",
    "cf",
    "al",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "ala",
    "ariz",
    "ark",
    "calif",
    "colo",
    "conn",
    "del",
    "fla",
    "ga",
    "ill",
    "ind",
    "kan",
    "ky",
    "la",
    "md",
    "mass",
    "mich",
    "minn",
    "miss",
    "mo",
    "mont",
    "neb",
    "nev",
    "okla",
    "ore",
    "pa",
    "tenn",
    "tex",
    "va",
    "vt",
    "wash",
    "wis",
    "wyo",
}
# Words that typically open a sentence: after "U.S." or "a.m." followed by one of these, it is a new sentence.
_SENTENCE_STARTERS = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "there",
    "however",
    "meanwhile",
    "after",
    "as",
    "when",
    "while",
    "if",
    "officials",
    "for",
    "mr",
    "mrs",
    "ms",
    "dr",
    "some",
    "many",
    "most",
    "other",
}
_CANDIDATE = re.compile(r"""([.!?]+)(["')\]]*)(\s+)(?=["'(\[]?[A-Z0-9])""")
_MULTI_DOT_ABBR = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]$")
# Things named by a letter, which end a sentence like any word: "qualified from Group B.", "switch to Plan B."
_LETTERED = re.compile(rf"\b{any_of(LETTERED_NOUNS)}\s[A-Z]$")


def _ends_with_abbreviation(before: str, next_word: str) -> bool:
    last = before.rsplit(None, 1)[-1] if before.split() else ""
    core = last.lstrip("\"'([").rstrip(".")
    if core.lower() in ABBREVIATIONS:
        # "No. 10" is an abbreviation, but "He said no." is not: only before a number.
        if core.lower() in {"no", "nos"}:
            return next_word[:1].isdigit()
        return True
    if _MULTI_DOT_ABBR.search(last + "."):
        return next_word.lower().strip("\"'(") not in _SENTENCE_STARTERS
    if _INITIAL.search(before):  # "John F. Kennedy", "J. Smith"; not "from Group B." or "Plan B."
        return not _LETTERED.search(before)
    return False


def split_line(line: str) -> list[str]:
    """Split one paragraph into sentences."""
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(line):
        end = m.end(2)
        before = line[start : m.start(1)]
        nxt = line[m.end() :].split(None, 1)[0] if line[m.end() :].strip() else ""
        if m.group(1) == "." and _ends_with_abbreviation(before, nxt):
            continue
        # Inside an open quotation ('"... sentence. Another ..."'), keep splitting: each is a sentence.
        piece = line[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = line[start:].strip()
    if rest:
        out.append(rest)
    return _merge_fragments(out)


def _merge_fragments(parts: list[str]) -> list[str]:
    """Re-attach pieces that cannot stand alone (a lone closing quote, '"Yes," he said.' split wrongly)."""
    merged: list[str] = []
    for p in parts:
        if merged and (len(p) < 3 or p[0].islower()):
            merged[-1] = f"{merged[-1]} {p}"
        else:
            merged.append(p)
    return merged


def split_sentences(text: str) -> list[str]:
    """Every sentence of a cleaned text, in order; each line is split separately."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            sentences.extend(split_line(line))
    return sentences
