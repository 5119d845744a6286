"""The keyword grammar: AND, OR, NOT, parentheses, "phrases", implicit AND, and clear errors."""

from __future__ import annotations

import pytest

from bot.alerts.errors import QuerySyntaxError
from bot.alerts.query import MAX_DEPTH, evaluate, explain, index_key, parse, show, terms
from bot.alerts.text import Document

TALKS = Document("Ukraine and Russia open ceasefire talks in Riyadh")
SPORT = Document("Ukraine's national team wins; sport ministers hold talks")
CHIPS = Document("The EU tightens export controls on AI-chips sold to China")


@pytest.mark.parametrize(
    ("query", "doc", "expected"),
    [
        ("Ukraine AND (talks OR ceasefire) NOT sport", TALKS, True),
        ("Ukraine AND (talks OR ceasefire) NOT sport", SPORT, False),
        ("ukraine talks", TALKS, True),  # adjacent words: AND
        ("Ukraine AND Brazil", TALKS, False),
        ("Brazil OR Riyadh", TALKS, True),
        ('"export controls"', CHIPS, True),
        ('"controls export"', CHIPS, False),  # a phrase is in order
        ("AI-chip", CHIPS, True),  # a hyphenated word is a phrase; "chips" folds to "chip"
        ("NOT NOT ukraine", TALKS, True),
        ("(ukraine OR brazil) AND NOT (sport OR football)", SPORT, False),
        ("ceasefires", TALKS, True),  # light plural folding on both sides
        ("Ukraine and talks", TALKS, True),  # operators in any case
    ],
)
def test_queries_match_what_they_say(query: str, doc: Document, expected: bool) -> None:
    assert evaluate(parse(query), doc) is expected


def test_the_canonical_form_shows_the_implicit_and_and_the_grouping() -> None:
    assert show(parse("Ukraine (talks OR ceasefire) NOT sport")) == "Ukraine AND (talks OR ceasefire) AND NOT sport"


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "the query is empty"),
        ("Ukraine AND", "AND at position 9 needs a word or phrase after it"),
        ("OR talks", "OR needs a word or phrase before and after it"),
        ("(Ukraine OR Russia", "the '(' at position 1 is never closed"),
        ("Ukraine) talks", "unmatched ')' at position 8"),
        ('"export controls', "the quote at position 1 is never closed"),
        ("NOT sport", "would match every story"),
        ("()", "empty parentheses"),
        ('""', "the quoted phrase at position 1 is empty"),
        ("&&", "'&&' has no letters or digits"),
        ("(" * 300 + "Ukraine" + ")" * 300, "the '(' at position 21 nests more than 20 levels deep"),
        ("NOT " * 2000 + "sport AND Ukraine", "the NOT at position 81 nests more than 20 levels deep"),
    ],
)
def test_bad_syntax_says_where_and_shows_a_correct_example(query: str, problem: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        parse(query)
    assert problem in str(err.value)
    assert "Example: /subscribe Ukraine AND (talks OR ceasefire) NOT sport" in str(err.value)
    parse(err.value.example.split("   ")[0].removeprefix("/subscribe "))  # the example itself parses


def test_the_explanation_names_found_and_excluded_terms() -> None:
    text = explain(parse("Ukraine AND (talks OR ceasefire) NOT sport"), TALKS)
    assert text == "mentions Ukraine, talks, ceasefire; no mention of sport"


def test_every_term_is_indexed_by_its_longest_token() -> None:
    keys = {index_key(t) for t in terms(parse('"export controls" OR (Ukraine NOT sport)'))}
    assert keys == {"control", "ukraine", "sport"}


def test_a_query_nested_as_deep_as_allowed_still_parses_and_matches() -> None:
    deepest = "(" * MAX_DEPTH + "Ukraine" + ")" * MAX_DEPTH
    assert evaluate(parse(deepest), Document("Ukraine talks"))
    assert evaluate(parse("NOT " * (MAX_DEPTH - 1) + "sport AND Ukraine"), Document("Ukraine"))
