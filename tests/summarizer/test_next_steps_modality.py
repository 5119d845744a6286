"""Next steps by tense and modality (texts written for these tests)."""

from __future__ import annotations

from datetime import date

from tests.summarizer.helpers import brief_of


def _evidence(b) -> list[str]:
    return [s.evidence for s in b.next_steps]


def _steps_text(text: str) -> str:
    """The evidence of every next step of the brief of `text`, joined."""
    return " ".join(_evidence(brief_of(text)))


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


def test_a_step_after_quoted_phrases_in_the_same_sentence_is_still_found():
    ev = _steps_text(
        'Ministers called the bypass "a bold idea" and "the right choice", and the cabinet will vote on the route '
        "after a long debate about its cost. "
        "Residents of Ulford have campaigned against the road for a decade."
    )
    assert "cabinet will vote" in ev


def test_inside_a_quote_only_the_speakers_own_plan_counts_not_an_opinion_hope_or_feeling():
    ev = _steps_text(
        "The Harwick clinic closed its night ward in March. "
        '"I think the council will approve the new wing," said resident Tom Hale. '
        '"We\'ll win the vote, hopefully," said nurse Ada Price. '
        '"I will never forgive them for closing it," another nurse said. '
        '"We will open two more clinics in the spring," the director, Rhona Bell, said. '
        '"We are ready to take on more nurses," she added. '
        '"I\'ll be back in Harwick next week," the health minister said.'
    )
    assert "two more clinics" in ev and "next week" in ev and "more nurses" in ev
    assert "approve the new wing" not in ev and "hopefully" not in ev and "never forgive" not in ev


def test_a_future_in_background_clauses_or_opinions_is_not_a_step_but_a_reported_one_is():
    ev = _steps_text(
        "The mayor unveiled her transport plan, which she said will cut journey times by a third. "
        "Critics say the figures suggest the plan will cost far more than promised. "
        "Buses were late again, making it unlikely the depot will meet its targets. "
        "The plan was approved on Monday, the council said, adding that work will start in the spring. "
        "The mayor, who spoke at the depot, said the ticket office will close at the end of the year."
    )
    assert "work will start in the spring" in ev and "ticket office will close" in ev
    assert "journey times" not in ev and "cost far more" not in ev and "meet its targets" not in ev


def test_a_plan_named_as_a_thing_conditional_or_a_predicted_state_is_not_a_step():
    ev = _steps_text(
        "Shareholders of Corvan voiced concern at the board's plans to buy a rival. "
        "The airline needs new loans if it is to survive the winter. "
        "The merged bank is set to be the largest lender in the region. "
        "Analysts believe the cuts may be intended to please investors. "
        "The bank's chief executive, who plans to retire, thanked the staff. "
        "The merger is expected to be completed by the end of the year."
    )
    assert "plans to retire" in ev and "completed by the end of the year" in ev
    assert "plans to buy a rival" not in ev and "if it is to survive" not in ev
    assert "largest lender" not in ev and "please investors" not in ev


def test_a_predicted_date_is_a_step_not_a_state():
    b = brief_of("The prime minister would not name the day of the election, but it is widely expected to be 5 May.")
    assert any(s.when == "5 May" for s in b.next_steps)


def test_a_progressive_is_a_step_when_it_announces_a_change_or_is_dated_in_the_future():
    ev = _steps_text(
        "The Brenford paper mill is closing its second plant, the owners said. "
        "The firm is hosting a jobs fair for the workers next week. "
        "Police are investigating a fire at the first plant, a spokesman said. "
        "Union leaders said managers are misleading the staff."
    )
    assert "closing its second plant" in ev and "jobs fair" in ev
    assert "investigating a fire" not in ev and "misleading" not in ev


def test_an_organisation_reporting_its_own_plan_with_it_is_a_step_but_an_evaluation_is_not():
    ev = _steps_text(
        "The Delmont company said it would keep all 300 jobs at the Fairview plant. "
        "The company said it would be hard to find new buyers."
    )
    assert "keep all 300 jobs" in ev and "new buyers" not in ev


def test_a_result_expected_at_a_future_time_is_a_step():
    b = brief_of(
        "Doctors took samples from the patient on Monday. Results are expected within two weeks.",
        published=date(2025, 3, 3),
    )
    [step] = b.next_steps
    assert step.when == "within two weeks" and step.date == date(2025, 3, 17)


def test_a_scheduled_event_that_the_story_approaches_is_a_step():
    b = brief_of(
        "Campaigning grew bitter heading into its Feb. 3 primary in Ohio. "
        "With the county elections nearing, turnout forecasts were revised. "
        "The union called an emergency meeting next week to discuss the offer."
    )
    ev = " ".join(_evidence(b))
    assert "Feb. 3 primary" in ev and "county elections" in ev and "emergency meeting" in ev
    assert any(s.when == "next week" for s in b.next_steps)


def test_a_quote_closed_with_the_wrong_mark_does_not_swallow_the_next_attributed_sentence():
    ev = _steps_text(
        "The health agency said the outbreak was \"out of control' in the north and asked for more doctors. "
        "The agency is poised to declare a national emergency, the minister said."
    )
    assert "poised to declare" in ev


def test_a_future_state_or_the_content_of_a_future_speech_is_not_a_step():
    ev = _steps_text(
        "Kellan Foods will merge with Ostby Dairy in June. "
        "The merged group will remain smaller than its two main rivals. "
        "The closures will affect about a tenth of the staff. "
        "The deal will do nothing to lower prices, analysts said. "
        "The chief executive will argue that the merger protects farmers. "
        '"We are stronger together," the chairman will say.'
    )
    assert "merge with Ostby Dairy" in ev
    for state in ("remain smaller", "affect about", "do nothing", "will argue", "chairman will say"):
        assert state not in ev


def test_an_agents_own_step_in_a_relative_clause_is_a_step_but_a_things_future_is_background():
    ev = _steps_text(
        "The two countries signed a treaty under which Norland will return the disputed islands. "
        "The treaty creates a fund which will pay for new ferries, officials said."
    )
    assert "Norland will return" in ev and "new ferries" not in ev


def test_an_indirect_question_about_a_plan_is_not_a_step():
    b = brief_of(
        "The senator published a ten-page paper on her housing policy and how she intends to pay for it. "
        "Voters asked whether the council will raise rents."
    )
    assert b.next_steps == ()


def test_a_wish_is_a_step_only_with_a_date():
    ev = _steps_text(
        "Local builders hope to win contracts for the new harbour. "
        "Their rivals want to block the scheme. "
        "The port authority hopes to finish the harbour by the end of 2027. "
        "Prices rose ahead of a closely watched regional election."
    )
    assert "by the end of 2027" in ev and "regional election" in ev
    assert "win contracts" not in ev and "block the scheme" not in ev


def test_a_speaker_waiting_to_see_recalling_an_expectation_or_imagining_a_report_states_no_plan():
    ev = _steps_text(
        "The Dunmore lottery draw ended without a winner on Saturday. "
        'Her husband, Piet Lomax, added: "We\'ll see on March 3rd." '
        '"As we expected, there was no surprise," a lottery official said. '
        'You would think that the organisers would know that, "hey, nobody wins twice." '
        '"We will hold a second draw on March 10," the organisers said.'
    )
    assert "second draw" in ev
    assert "We'll see" not in ev and "As we expected" not in ev and "would know" not in ev


def test_a_judged_future_state_or_an_event_dated_in_the_past_is_not_a_step():
    ev = _steps_text(
        "The Harlow rocket company lost its third booster this year. "
        "Staging a comeback in the launch market will be even harder for small firms. "
        "Research alone won't be enough, its founder said. "
        "Three weeks ago, on its seventh scheduled launch, a Harlow rocket burst into flames. "
        "Tickets for the next launch will be available from Monday. "
        "The company will hold a shareholder vote on its future next month."
    )
    assert "available from Monday" in ev and "shareholder vote" in ev
    assert "even harder" not in ev and "won't be enough" not in ev and "burst into flames" not in ev
