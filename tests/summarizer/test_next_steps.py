"""Next steps: forward-looking statements only, with their time expression and a resolved date."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.next_steps import _clause_text, _pick_when
from summarizer.nlp_models import get_spacy
from summarizer.timeexpr import TimeExpr
from tests.summarizer.helpers import brief_of


def _steps_text(text: str) -> str:
    """The evidence of every next step of the brief of `text`, joined."""
    return " ".join(s.evidence for s in brief_of(text).next_steps)


def test_an_article_about_the_past_gets_no_next_steps():
    b = brief_of(
        "The village of Ashby celebrated its 800th anniversary last weekend. "
        "Hundreds of residents attended a street party on Saturday. "
        "The parish council had organised a parade, and local schools performed a play about the village's history. "
        "Organisers said the event had raised 4,000 pounds for charity."
    )
    assert b.next_steps == ()


def test_the_date_of_a_next_step_is_resolved_against_the_publish_date():
    b = brief_of(
        "The transport authority said on Monday that the new tram line will open on 14 March. "
        "Tickets for the first journeys go on sale next week. "
        "The authority's board will vote on fares on Thursday.",
        published=date(2024, 2, 5),  # a Monday
    )
    by_when = {s.when: s.date for s in b.next_steps}
    assert by_when["on 14 March"] == date(2024, 3, 14)
    assert by_when["next week"] == date(2024, 2, 12)
    assert by_when["on Thursday"] == date(2024, 2, 8)


def test_without_a_publish_date_the_time_is_kept_but_not_resolved():
    b = brief_of("The union will hold a ballot on strike action next month, its leader said.")
    assert b.next_steps[0].when == "next month" and b.next_steps[0].date is None


def test_expectations_and_plans_count_but_counterfactuals_and_pluperfect_do_not():
    b = brief_of(
        "Analysts expect the company to return to profit in 2025. "
        "The firm plans to open 40 new stores. "
        "A takeover would have been a much better outcome, one investor said. "
        "Rival bidder Orex had been expected to win the auction."
    )
    evidence = " ".join(s.evidence for s in b.next_steps)
    assert "return to profit" in evidence and "40 new stores" in evidence
    assert "would have been" not in evidence and "Orex" not in evidence


def test_a_month_that_names_a_report_does_not_date_the_event():
    b = brief_of(
        "Investors expect the central bank to hold rates at its next meeting. "
        "The statistics office is due to release the February jobs report on Friday.",
        published=date(2025, 3, 4),  # a Tuesday
    )
    (step,) = [s for s in b.next_steps if "jobs report" in s.evidence]
    assert (step.when, step.date) == ("on Friday", date(2025, 3, 7))


def test_a_time_that_dates_what_already_happened_does_not_date_the_next_step():
    b = brief_of(
        "Environment ministers agreed on Thursday on a roadmap for adaptation finance, but left the size of a "
        "new funding target to be settled later in the year. Officials will present the roadmap in Bonn on June 16.",
        published=date(2025, 2, 13),
    )
    whens = {s.when for s in b.next_steps}
    assert "on Thursday" not in whens
    assert "on June 16" in whens


def test_a_quote_about_liking_a_plan_is_not_a_plan():
    b = brief_of(
        'The striker signed a four-year contract on Friday. "I spoke with the coach for a long time and I liked '
        'his plan," he said.'
    )
    assert b.next_steps == ()


@pytest.mark.timeout(60)
def test_a_verbless_sentence_with_a_date_is_handled_quickly():
    b = brief_of("Budget talks in Brussels. Next round on Friday, March 7. The minister will attend.")
    assert any("minister will attend" in s.evidence for s in b.next_steps)


def test_people_watching_what_happens_next_is_not_a_next_step():
    b = brief_of(
        "The two leaders spoke by phone on Wednesday. "
        "The international community will be closely watching the next steps in this diplomatic effort. "
        "Negotiators will meet in Geneva on Monday."
    )
    assert [s.when for s in b.next_steps] == ["on Monday"]


def test_a_past_passive_or_participle_dates_the_past_not_the_step():
    b = brief_of(
        "In March 2019, Tomas Verel was charged with fraud, and prosecutors said he would be tried in a civil court. "
        "The company, bought by a rival in January, will close its Leeds office. "
        "The board meeting scheduled for Friday will decide on the sale."
    )
    whens = {s.when for s in b.next_steps}
    assert "In March 2019" not in whens and "in January" not in whens
    assert "for Friday" in whens or "Friday" in whens


def test_a_time_inside_a_gerund_phrase_dates_the_past_verb_the_phrase_belongs_to():
    b = brief_of(
        "Police gave no reason for detaining the activist on Friday and would not let his family see him, "
        "the group said. Mara Lind, who received asylum in Sweden after fleeing there in 1994, told a newspaper "
        "she did not plan to return. The firm plans to cut jobs after closing the plant on Friday. "
        "Before leaving Paris on Tuesday afternoon, the minister was to attend a state dinner."
    )
    steps = {s.text: s.when for s in b.next_steps}
    assert not any(text.startswith("Police gave no reason") for text in steps)
    assert "in 1994" not in steps.values()
    assert steps.get("The firm plans to cut jobs after closing the plant on Friday.") == "on Friday"
    assert "on Tuesday afternoon" in steps.values()


def test_a_time_that_dates_an_event_noun_dates_the_step():
    b = brief_of("Housing has become the main issue for the parties ahead of Sunday's election, analysts said.")
    assert [s.when for s in b.next_steps] == ["Sunday"]


def test_unveiled_plans_are_a_step_but_plans_only_mentioned_are_not():
    ev = _steps_text(
        "The owners of the Grange hotel unveiled plans to open a spa and a rooftop bar. "
        "Neighbours expressed concern at the owners' plans to extend the car park."
    )
    assert "rooftop bar" in ev and "car park" not in ev


def test_a_future_time_inside_the_subject_does_not_make_a_present_sentence_a_step():
    ev = _steps_text(
        "The minister's speeches on Monday and next week are the latest attempt to win over farmers. "
        "Dairy farmers face a cut in subsidies next month."
    )
    assert "subsidies next month" in ev and "latest attempt" not in ev


def test_a_year_that_names_a_thing_does_not_date_the_step():
    b = brief_of("The inquiry will examine compliance with a 1999 agreement on rail safety.")
    [step] = b.next_steps
    assert step.when == ""


def test_an_imminent_event_is_a_step():
    b = brief_of("Markets rallied on hopes of an imminent agreement between the two unions.")
    assert len(b.next_steps) == 1


def test_page_furniture_about_updating_the_story_is_not_a_next_step():
    ev = _steps_text(
        "A lorry overturned on the Carrow bypass on Tuesday morning. "
        "This is a developing story and will be updated when more information becomes available."
    )
    assert "updated" not in ev


def test_what_becomes_possible_is_not_a_step_unless_dated():
    ev = _steps_text(
        "The new Velda ferry terminal will be able to handle three ships at once. "
        "Passengers will be able to book crossings from Monday."
    )
    assert "three ships" not in ev and "from Monday" in ev


def test_the_outlet_addressing_its_reader_is_not_a_next_step():
    ev = _steps_text(
        "Gardening season is here. We'll show you how to plant tulips in a shady corner. "
        "The Marlow flower show will open on Saturday."
    )
    assert "tulips" not in ev and "flower show" in ev


def test_a_time_inside_a_quote_does_not_date_a_present_sentence():
    ev = _steps_text('"Water the seedlings immediately after planting them," advises gardener Pia Lund.')
    assert ev == ""


def test_a_plan_overtaken_or_hoped_for_in_the_past_is_not_a_next_step():
    ev = _steps_text(
        "The rally originally scheduled for Friday in Dunmore was cancelled. "
        "The coach had hoped the derby on Saturday would pass off peacefully, but fans clashed near the ground."
    )
    assert ev == ""


def test_an_undated_plan_told_in_past_narration_is_background_but_a_reported_one_is_kept():
    ev = _steps_text(
        "With two minutes left, the Harbourside Gulls were set to tie the game. "
        "The port authority was scheduled to release the two trawlers, officials said."
    )
    assert "tie the game" not in ev and "trawlers" in ev


def test_a_stated_purpose_is_not_a_plan_unless_dated():
    ev = _steps_text(
        "Troops have encircled the town of Varna Hill. The goal is to force the militia to surrender. "
        "The aim is to reopen the main road by next week."
    )
    assert "surrender" not in ev and "main road" in ev


def test_a_reported_wish_is_not_a_plan():
    ev = _steps_text("The chief executive said he would like to celebrate the launch aboard the new ship.")
    assert ev == ""


def test_curly_and_straight_quote_marks_are_one_kind_of_quote():
    ev = _steps_text(
        "\u201cI think the river will flood again,\u201d said farmer Ola Brenn. "
        "The cabins were dubbed ''floating homes\" by the builder. "
        "The council will vote on new flood defences on Tuesday."
    )
    assert "river will flood" not in ev and "flood defences" in ev


def test_normalize_quotes_keeps_offsets():
    from summarizer.next_steps import normalize_quotes

    text = "\u201cWe\u2019ll go,\u201d she said of the ''tour'' in I''ve."
    out = normalize_quotes(text)
    assert len(out) == len(text) and out.count('"') == 4 and "I''ve" in out


def test_a_dated_schedule_without_a_plan_verb_is_a_step():
    b = brief_of(
        "Mara Lind, 41, was charged with arson on Monday. Her trial is set for April. "
        "Candlelight vigils are scheduled Tuesday evening in Holt. "
        "Her brother awaits sentencing on Thursday in a separate case."
    )
    assert {s.when for s in b.next_steps} >= {"April", "Tuesday evening", "on Thursday"}


def test_a_setting_or_an_undated_wait_is_not_a_schedule():
    ev = _steps_text(
        "The novel is set in 1920s Lisbon and follows a failed poet. "
        "Its author spent two years in jail awaiting trial before she began writing."
    )
    assert ev == ""


def test_a_possibility_about_the_future_is_a_view():
    ev = _steps_text(
        "It is possible that voters will turn to the smaller parties. "
        "The county board will vote on the bypass route on Monday."
    )
    assert "smaller parties" not in ev and "bypass route" in ev


def test_a_plan_given_up_on_is_not_a_next_step():
    ev = _steps_text("The bakers' campaign initially aimed to raise 500 pounds for the village hall, they said.")
    assert ev == ""


def test_a_step_reads_as_a_whole_clause_when_the_parse_cuts_it():
    """A hyphenated verb split by the parser ("co-chair") or a reported clause whose subject the parser gave to
    the speech verb must not leave a step that stops mid-word or starts at its modal."""
    texts = [
        s.text
        for s in brief_of(
            "Foreign Minister Ines Calder said on Monday that Norway and Denmark would co-chair both the "
            'working group on fishing quotas as well as a task force that will try to deal with the "modalities" of '
            "the new treaty. Few fans expect Friday's meeting - which took two years of secret planning to pull off "
            "- will wipe away decades of distrust between the two clubs in a few hours, but it will be a first step."
        ).next_steps
    ]
    assert len(texts) == 2, texts
    assert all(not t.endswith(" co") and not t.lower().startswith("will ") for t in texts), texts


def test_a_reported_clause_does_not_end_on_a_dangling_conjunction():
    doc = get_spacy()(
        "The bakers' campaign initially aimed to raise $500, but now that they have raised twice that amount, "
        "they are reconsidering how far they want to take their efforts, they said."
    )
    assert _clause_text(doc) == "The bakers' campaign initially aimed to raise $500"


def test_a_present_verb_of_schedule_with_a_month_is_a_next_step_but_a_habit_is_not():
    ev = _steps_text(
        "Orvana hired Jane Moss as head of sales. Moss starts in May. The trial begins in June. "
        "Geese migrate in May. The lake freezes in January. Tom Rudd leaves court in Leeds in August after "
        "pleading guilty."
    )
    assert "Moss starts in May." in ev and "The trial begins in June." in ev
    assert "Geese" not in ev and "lake" not in ev and "Rudd" not in ev  # a habit, a photo caption


def test_an_event_of_the_calendar_dated_in_a_sentence_that_does_not_tell_the_past_is_a_next_step():
    ev = _steps_text(
        "The deal could help moderates in the legislative elections at the end of February. "
        "The president attended the summit in March. Hardliners opposed the deal."
    )
    assert "legislative elections at the end of February" in ev
    assert "summit" not in ev


def test_what_a_sentence_denies_will_happen_is_not_a_next_step():
    ev = _steps_text("Harland Foods denied it would fail to pay its suppliers. The firm will open a new bakery in May.")
    assert "fail to pay" not in ev
    assert "new bakery in May" in ev


def test_the_day_the_words_were_said_neither_starts_nor_dates_the_reported_clause():
    nlp = get_spacy()
    assert _clause_text(nlp("Officials said Monday the bridge will reopen in March after repairs.")) == (
        "The bridge will reopen in March after repairs"
    )
    assert _clause_text(nlp("The minister said today the new law will take effect next year.")) == (
        "The new law will take effect next year"
    )
    assert _clause_text(nlp("The mayor said Friday's meeting will decide the budget.")) == (
        "Friday's meeting will decide the budget"  # the meeting's day, not the saying's
    )
    (step,) = brief_of("The army said Saturday it is ready to strike if it sees signs of an invasion.").next_steps
    assert step.text == "It is ready to strike if it sees signs of an invasion" and step.when == ""


def test_a_photo_caption_dated_with_its_year_is_not_a_next_step_but_a_scheduled_date_is():
    ev = _steps_text(
        "Rescue workers search the rubble of a collapsed school in Ardmore on June 11, 2016. "
        "The record crowd at the stadium is 61,000, against Carlton on May 4, 1983. "
        "The new speed limit takes effect on January 1, 2027."
    )
    assert "rubble" not in ev and "Carlton" not in ev and "speed limit" in ev


def test_a_progressive_describing_what_goes_on_now_is_not_a_next_step():
    ev = _steps_text(
        "Police are not releasing details of the knife. The town is currently hosting 3,000 refugees. "
        "The ferry company is cutting 200 jobs."
    )
    assert "knife" not in ev and "refugees" not in ev and "200 jobs" in ev


def test_a_lead_in_to_a_list_is_not_a_next_step():
    ev = _steps_text(
        "Voters in Hollis go to the polls on Tuesday.\n\nThe delegate count heading into the Hollis primary on "
        "Tuesday:\n\nGrant: 310\n\nMarsh: 290"
    )
    assert "heading into" not in ev


def test_an_event_in_the_present_tense_of_a_clause_of_time_is_a_scheduled_step():
    ev = _steps_text(
        "The mayor has asked residents to hold off on repairs until the flood report comes out in September. "
        "Crews waited until the water receded, the council said."
    )
    assert "flood report comes out" in ev and "receded" not in ev


def test_a_plan_the_sentence_goes_on_to_call_off_is_not_a_step():
    b = brief_of(
        "The bishop was scheduled to undergo back surgery next month, but that was cancelled when the illness "
        "was found. The talks, which were scheduled for Monday, were later called off. "
        "The council plans to vote on the budget next week."
    )
    assert [s.text for s in b.next_steps] == ["The council plans to vote on the budget next week."]


def test_a_weekday_without_its_preposition_is_as_precise_as_one_with_it():
    # "will take part in Sunday's events, which end at a grave where in 1984 ...": the weekday dates the step.
    times = [TimeExpr("Sunday", 22, 28), TimeExpr("in 1984", 70, 77)]
    assert _pick_when(times) == "Sunday"
