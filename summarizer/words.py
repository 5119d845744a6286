"""English word lists shared by the summariser and the bot, written once (the bot imports them from here).

- `STOPWORDS`: general English function words: pronouns, articles, prepositions, conjunctions and
  auxiliaries (close to NLTK's English list), with `yet`, `also` and `still`. spaCy's `STOP_WORDS` was
  measured in its place and not taken: it also stops words that news questions are about ("what happens
  next?" lost `next`, "what next?" kept no term at all, "the US delegation" lost `us`; and `first`, `last`,
  `call`, `former`, `front`, the numbers), and importing it loads all of spaCy (2 s) in processes that
  never parse a sentence.
- `WEEKDAYS`, `MONTHS`, `SEASONS` and `CALENDAR_WORDS`: calendar words, lower case, in calendar order (not
  the `calendar` module's names, which follow the process locale).
- `singular`: a plural noun's singular by rule ("tycoons", "secretaries", "chairmen", "bosses"), enough for
  titles and group names; irregular words come back unchanged.

Verbs of saying are `summarizer.lexicon.SPEECH_VERBS` (the learned sentence scorer's features use them).
"""

from __future__ import annotations

from collections.abc import Iterable

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yet also still
    """.split()
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
CALENDAR_WORDS = frozenset(WEEKDAYS + MONTHS)


def any_of(words: Iterable[str]) -> str:
    """A regex alternation of `words` (a non-capturing group), longest first so no word stops at its prefix."""
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


def singular(word: str) -> str:
    """ "tycoons" → "tycoon", "Tories" → "Tory", "chairmen" → "chairman", "bosses" → "boss" ("swiss", "boss" stay)."""
    low = word.lower()
    if low.endswith("men"):
        return word[:-2] + "an"
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return word[:-1]
    return word


__all__ = ["CALENDAR_WORDS", "MONTHS", "SEASONS", "STOPWORDS", "WEEKDAYS", "any_of", "singular"]
