"""The shared word lists: calendar words in calendar order, stop words that keep what news questions name."""

from __future__ import annotations

import re

from summarizer.words import CALENDAR_WORDS, MONTHS, STOPWORDS, WEEKDAYS, any_of


def test_calendar_words_are_english_whatever_the_locale() -> None:
    assert WEEKDAYS[0] == "monday" and len(WEEKDAYS) == 7
    assert MONTHS[4] == "may" and MONTHS[-1] == "december" and len(MONTHS) == 12
    assert CALENDAR_WORDS == set(WEEKDAYS) | set(MONTHS)


def test_an_alternation_matches_the_longest_word_first() -> None:
    pattern = re.compile(any_of(["week", "weekend"]))
    assert pattern.match("weekend").group() == "weekend"


def test_stopwords_are_function_words_not_what_a_question_is_about() -> None:
    assert {"the", "of", "which", "also"} <= STOPWORDS
    assert not {"next", "us", "first", "last", "call", "former", "one"} & STOPWORDS


def test_singular_reads_regular_plurals_of_titles_and_groups() -> None:
    from summarizer.words import singular

    assert [singular(w) for w in ("tycoons", "Tories", "chairmen", "bosses", "Commissioners")] == [
        "tycoon",
        "Tory",
        "chairman",
        "boss",
        "Commissioner",
    ]
    assert singular("swiss") == "swiss" and singular("boss") == "boss"
