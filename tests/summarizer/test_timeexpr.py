"""Time expressions are found as written and resolved forward from the publish date."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.timeexpr import find_time_expressions, resolve

WED = date(2025, 2, 12)


@pytest.mark.parametrize(
    "sentence,expr,resolved",
    [
        ("They will meet on Friday.", "on Friday", date(2025, 2, 14)),
        ("Details will be announced next week.", "next week", date(2025, 2, 17)),
        ("The report is due on 11 March.", "on 11 March", date(2025, 3, 11)),
        ("The vote is due in January.", "in January", date(2026, 1, 1)),
        ("Payment will follow within 90 days.", "within 90 days", date(2025, 5, 13)),
        ("Debts will rise by the end of 2026.", "by the end of 2026", date(2026, 12, 31)),
        ("Profits will recover in 2027.", "in 2027", None),
    ],
)
def test_find_and_resolve(sentence, expr, resolved):
    found = [t.text for t in find_time_expressions(sentence)]
    assert found == [expr]
    assert resolve(expr, WED) == resolved


def test_may_the_modal_is_not_a_month():
    assert find_time_expressions("Rates may rise, officials said.") == []


def test_nothing_resolves_without_a_publish_date():
    assert resolve("on Friday", None) is None


def test_a_weekday_with_its_day_of_the_month_keeps_the_day():
    pub = date(2022, 6, 20)  # a Monday
    [expr] = find_time_expressions("The hearing resumes on Monday 27 with new witnesses.")
    assert expr.text == "on Monday 27"
    assert resolve(expr.text, pub) == date(2022, 6, 27)
    [expr] = find_time_expressions("The board meets on Friday the 1st.")
    assert resolve(expr.text, pub) == date(2022, 7, 1)


def test_a_sunday_paper_is_not_a_date():
    assert find_time_expressions("The minister told The Mail on Sunday that he would stand.") == []
    assert [t.text for t in find_time_expressions("The minister spoke on Sunday.")] == ["on Sunday"]


def test_may_after_a_day_number_is_the_month():
    assert [t.text for t in find_time_expressions("The vote is expected to be 5 May.")] == ["5 May"]
    assert resolve("5 May", WED) == date(2025, 5, 5)


def test_a_day_of_the_month_alone_resolves_to_the_next_such_day():
    [expr] = find_time_expressions("The vote is on the 27th.")
    assert expr.text == "on the 27th" and resolve(expr.text, WED) == date(2025, 2, 27)
    assert resolve("by the 3rd", WED) == date(2025, 3, 3)
    assert find_time_expressions("It was built on the 5th floor in the 20th century.") == []


def test_next_or_last_with_a_month_is_one_expression():
    [expr] = find_time_expressions("The second ferry is due to arrive next February.")
    assert expr.text == "next February" and not expr.is_past
    assert resolve(expr.text, WED) == date(2026, 2, 1)
    [past] = find_time_expressions("The first one arrived last May.")
    assert past.text == "last May" and past.is_past


def _texts(sentence: str) -> list[str]:
    return [t.text for t in find_time_expressions(sentence)]


def test_a_year_that_tells_which_event_is_not_a_time():
    texts = _texts
    assert texts("He will retire after the 2030 World Cup in Qatar.") == []
    assert texts("She will run in the 2028 election.") == []
    assert texts("The rules change in the 2027 fiscal year, and the vote is in 2026.") == [
        "in the 2027 fiscal year",
        "in 2026",
    ]


def test_a_time_before_a_possessive_leaves_its_preposition_to_the_event():
    sentence = "The band will headline at this year's festival, and she hopes to play in next week's final."
    found = find_time_expressions(sentence)
    assert [t.text for t in found] == ["this year", "next week"]
    assert [sentence[t.start : t.end] for t in found] == ["this year", "next week"]
