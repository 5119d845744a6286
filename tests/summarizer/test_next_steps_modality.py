"""Next steps by tense and modality (texts written for these tests)."""

from __future__ import annotations

from tests.summarizer.helpers import brief_of


def _evidence(b) -> list[str]:
    return [s.evidence for s in b.next_steps]


def test_a_plan_reported_with_would_is_a_next_step_and_keeps_its_negation():
    b = brief_of(
        "The city council voted to close the Marlow Street library last month. "
        "Mayor Dina Korth said she would not sign the order until residents had been consulted. "
        "Library staff said the building was in poor repair."
    )
    steps = [s.text for s in b.next_steps]
    assert any("would not sign the order" in t for t in steps)


def test_would_in_a_past_dated_or_conditional_report_is_not_a_next_step():
    b = brief_of(
        "In 2019 prosecutors announced that Halden would be tried in a military court. "
        "Officials said the company would collapse if the loan were refused. "
        "The harbour reopened on Monday."
    )
    assert b.next_steps == ()


def test_conditional_and_evaluative_modals_are_not_announced_steps():
    b = brief_of(
        "The ferry operator cut its winter timetable by half. "
        "If fuel prices keep rising, the operator will cancel more routes. "
        "It will be very hard for island families to reach the mainland. "
        "The regulator will publish its review of the timetable on 3 March."
    )
    ev = _evidence(b)
    assert any("regulator will publish" in e for e in ev)
    assert not any("If fuel prices" in e for e in ev)
    assert not any("very hard" in e for e in ev)


def test_a_first_person_feeling_is_not_a_next_step():
    b = brief_of(
        "The striker signed a new contract with Rovers on Friday. "
        "I will always love this club. "
        "Rovers will play their first home game of the season on Saturday."
    )
    ev = _evidence(b)
    assert not any("always love" in e for e in ev)
    assert any("first home game" in e for e in ev)


def test_a_step_repeated_by_the_article_is_listed_once():
    b = brief_of(
        "The Arden bridge will reopen to traffic on 12 May after repairs. "
        "Engineers finished the final inspection on Tuesday. "
        "The Arden bridge will reopen to traffic on 12 May, the council confirmed."
    )
    assert len([s for s in b.next_steps if "reopen" in s.text]) == 1
