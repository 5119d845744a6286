"""Time expressions ("on Friday", "next month", "by the end of 2006") and their resolution to dates.

Resolution is relative to the article's publish date and assumes the future, because it serves next steps:
"on Friday" is the first Friday after publication. Only expressions precise to a day, week or month are
resolved; a bare year ("in 2005") or a vague span ("in the short term") keeps `date=None`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.words import MONTHS, WEEKDAYS, any_of

# Kept over dateparser 1.5 (measured): 12/12 vs 7/12 right on the tests' expressions, 22 µs vs 936 µs each.
_WEEKDAYS = list(WEEKDAYS)
_MONTHS = {m: i for i, m in enumerate(MONTHS, 1)} | {m[:3]: i for i, m in enumerate(MONTHS, 1)} | {"sept": 9}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "few": 3,
    "several": 3,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "hour": 0}

WD = any_of(w.capitalize() for w in WEEKDAYS)
MON = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MAY_AFTER = "|".join(
    f"(?<={w} )" for w in ("in", "by", "on", "of", "until", "from", "since", "before", "after", "mid")
)  # noqa: E501
MON_MAY = rf"(?:{MON}|May(?=\s+\d)|(?:{_MAY_AFTER}|(?<=\d ))May)"
PREP = r"(?:(?:on|by|from|until|till|before|after|in|during|since|at|through|as of|as early as|no later than) )"
NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|several)"
UNIT = r"(?:days?|weeks?|months?|years?|hours?|decades?)"

_PATTERNS = [
    # "on Monday 27", "Tuesday the 14th", "Monday, June 27": the weekday with its day of the month.
    rf"{PREP}?{WD},? (?:(?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?: (?:of )?{MON_MAY})?(?!\d)"
    rf"|{MON_MAY} \d{{1,2}}(?:st|nd|rd|th)?)(?:,? \d{{4}})?",
    rf"{PREP}?(?:the )?(?:early |late |middle of |end of |start of |beginning of |first half of |second half of )?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MON_MAY}|{MON_MAY} \d{{1,2}}(?:st|nd|rd|th)?)(?:,? \d{{4}})?",
    rf"{PREP}?(?:the )?(?:early |late |mid-?|middle of |end of |start of |beginning of )?{MON_MAY}(?:,? \d{{4}})?",
    rf"{PREP}?(?:early |late |later |earlier )?(?:next|this|coming|last) (?:{WD}|week(?:end)?|month|year|spring|summer|autumn|fall|winter|quarter|season|decade|term|{MON}|May)",  # noqa: E501
    rf"{PREP}?(?:early |late |later |earlier )?(?:next|this|coming|last)? ?{WD}(?: (?:morning|afternoon|evening|night))?",  # noqa: E501
    rf"(?:within|in|over|during|for) the (?:next|coming|following) (?:{NUM} (?:to {NUM} )?)?{UNIT}",
    rf"(?:within|in) {NUM} (?:to {NUM} )?{UNIT}(?:'? time)?",
    rf"(?:the )?(?:next|coming) (?:{NUM} )?{UNIT}",
    r"(?:by|at|before|until|towards?) the (?:end|start|beginning|middle) of (?:the |this |next )?(?:year|month|week|decade|quarter|summer|\d{4}(?:-\d{2,4})?)",  # noqa: E501
    r"(?:later|earlier) (?:this|next) (?:week|month|year)",
    r"(?:later|earlier) in the (?:week|month|year|season|decade)",
    rf"{PREP}?(?:the )?(?:end of |start of |first half of |second half of |early |late |mid-?)?(?:the )?\d{{4}}(?:[-/]\d{{2,4}})?(?: fiscal year| financial year| season)?",  # noqa: E501
    r"until at least (?:the )?\d{4}(?:-\d{2,4})?(?: fiscal year)?",
    # "on the 27th": a day of the month alone (not "the 20th century", "the 5th floor").
    r"(?:on|by|from|until|before|after) the \d{1,2}(?:st|nd|rd|th)(?![ \t]+(?:of[ \t]+)?[A-Za-z])",
    r"(?:today|tomorrow|tonight|yesterday|immediately|shortly|soon|at a later date|in the (?:short|medium|long|near) term|in the coming (?:days|weeks|months|years)|in due course)",  # noqa: E501
]
_RX = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + r")\b", re.IGNORECASE)
_PAST = re.compile(r"\b(last|yesterday|ago|since|earlier this|previous)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeExpr:
    text: str
    start: int
    end: int

    @property
    def is_past(self) -> bool:
        return bool(_PAST.search(self.text))


# Sunday papers: "The Mail on Sunday", "the Sunday Times" are titles, not dates.
_PAPER_BEFORE = re.compile(r"\b(?:Mail|Express|Telegraph|Times|Independent|Mirror|People|Observer|Post|Herald)\s+$")


_PREP_RX = re.compile(PREP, re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_YEAR_OF_A_THING = re.compile(r"\bthe \d{4}$", re.IGNORECASE)
# The noun phrase goes on after the year: not a clause boundary or a word that starts a new phrase.
_WORD_GOES_ON = re.compile(
    r" (?!(?:and|or|but|to|for|when|as|after|before|with|in|on|at|by|of|from|that|which|who|is|was|will|would)\b)"
    r"[A-Za-z']"
)


def find_time_expressions(text: str) -> list[TimeExpr]:
    """Time expressions in a sentence, as written, left to right."""
    out = []
    for m in _RX.finditer(text):
        s = m.group(0).strip()
        if not s or s.lower() in {"may", "in", "on"}:
            continue
        if s.lower().startswith("on sunday") and _PAPER_BEFORE.search(text[: m.start()]):
            continue
        # A number alone ("in 1,000") is not a year; years are 1900–2099.
        years = re.findall(r"\d{4}", s)
        if years and not any(1900 <= int(y) <= 2099 for y in years):
            continue
        if _YEAR_OF_A_THING.search(s) and _WORD_GOES_ON.match(text[m.end() :]):
            continue  # "after the 1998 World Cup", "the 2028 election": the year tells which one, not when
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        prep = _PREP_RX.match(s)
        if prep and _POSSESSIVE.match(text[m.end() :]):
            # "at this year's festival", "in next week's final": the preposition governs the event, the time
            # is only "this year", "next week".
            s, start = s[prep.end() :], start + prep.end()
        out.append(TimeExpr(s, start, start + len(s)))
    return out


def _next_weekday(pub: date, wd: int, strictly_after: bool = True) -> date:
    ahead = (wd - pub.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return pub + timedelta(days=ahead)


def _weekday_day_of_month(pub: date, weekday: int, day: int) -> date | None:
    """ "Monday 27": the next 27th on or after publication, preferring one that falls on a Monday."""
    candidates = []
    y, mo = pub.year, pub.month
    for _ in range(12):
        if day <= calendar.monthrange(y, mo)[1] and date(y, mo, day) >= pub:
            candidates.append(date(y, mo, day))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    match = next((d for d in candidates[:2] if d.weekday() == weekday), None)
    return match or (candidates[0] if candidates else None)


def _day_of_month(pub: date, day: int) -> date | None:
    """ "on the 27th": the next 27th on or after publication."""
    y, mo = pub.year, pub.month
    for _ in range(3):
        if day <= calendar.monthrange(y, mo)[1] and date(y, mo, day) >= pub:
            return date(y, mo, day)
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return None


def _month_year(month: int, year: int | None, pub: date) -> int:
    if year:
        return year
    # A month before the publish month, in a forward-looking statement, is next year's.
    return pub.year + 1 if month < pub.month else pub.year


def _num(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def resolve(expr: str, published: date | None) -> date | None:
    """The calendar date an expression points to (start of the period), or None when imprecise."""
    if published is None:
        return None
    low = expr.lower()
    if re.search(r"\btoday|tonight|immediately\b", low):
        return published
    if "tomorrow" in low:
        return published + timedelta(days=1)
    if "yesterday" in low:
        return published - timedelta(days=1)
    year_m = re.search(r"\b(19|20)\d{2}\b", low)
    year = int(year_m.group(0)) if year_m else None
    day_month = [(m.group(1), m.group(2)) for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)", low)]
    month_day = [(m.group(2), m.group(1)) for m in re.finditer(r"\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?\b", low)]
    for day_s, mon_s in day_month + month_day:
        mon = _MONTHS.get(mon_s.rstrip("."))
        if mon and day_s:
            try:
                return date(_month_year(mon, year, published), mon, int(day_s))
            except ValueError:
                return None
    alone = re.fullmatch(r"(?:on|by|from|until|before|after) the (\d{1,2})(?:st|nd|rd|th)", low)
    if alone:
        return _day_of_month(published, int(alone.group(1)))
    for i, wd in enumerate(_WEEKDAYS):
        day = re.search(rf"{wd},? (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?\b", low)
        if day:
            return _weekday_day_of_month(published, i, int(day.group(1)))
        if wd in low:
            base = _next_weekday(published, i)
            if "next" in low and base - published < timedelta(days=7) and published.weekday() >= i:
                return base
            if "last" in low:
                return base - timedelta(days=7)
            return base
    end_of = re.search(r"end of (?:the |this )?(year|month|week|\d{4})", low)
    if end_of:
        what = end_of.group(1)
        if what.isdigit():
            return date(int(what), 12, 31)
        if what == "year":
            return date(published.year + ("next" in low), 12, 31)
        if what == "month":
            return published.replace(day=calendar.monthrange(published.year, published.month)[1])
        return published + timedelta(days=6 - published.weekday())
    if re.search(r"\bnext week\b", low):
        return published + timedelta(days=7 - published.weekday())
    if re.search(r"\bthis week|this weekend\b", low):
        return published
    if re.search(r"\bnext month\b", low):
        y, mo = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
        return date(y, mo, 1)
    if re.search(r"\bnext year\b", low) and not year:
        return date(published.year + 1, 1, 1)
    span = re.search(
        rf"(?:within|in|next|coming) (?:the )?(?:next |coming )?(?:({NUM}) (?:to ({NUM}) )?)?({UNIT})", low
    )  # noqa: E501
    if span and span.group(3):
        n = _num(span.group(2) or span.group(1) or "1")
        unit = span.group(3).rstrip("s")
        if n and unit in _UNIT_DAYS and unit != "year":
            return published + timedelta(days=n * _UNIT_DAYS[unit])
    for name, mon in _MONTHS.items():
        if re.search(rf"\bnext {name}\b", low) and not year:  # "next February" in February is a year away
            return date(published.year + (mon <= published.month), mon, 1)
        if re.search(rf"\b{name}\b", low) and (name != "may" or re.search(r"\b(in|by|from|until|since) may\b", low)):
            return date(_month_year(mon, year, published), mon, 1)
    return None
