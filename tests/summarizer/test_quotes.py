"""Quotes with their speakers: direct quotes, continuations, "he said", and reported speech."""

from __future__ import annotations

from tests.summarizer.helpers import brief_of

TEXT = (
    "Finance Minister Rachel Osei announced a freeze on fuel duty on Wednesday. "
    '"Families are under enormous pressure and this will help," Ms Osei said. '
    '"We will keep the freeze under review." '
    "Opposition spokesman Peter Quaye criticised the plan. "
    "He said the freeze would cost the treasury 800m cedis a year. "
    "Economist Laura Mensah said that the measure would do little to curb inflation."
)


def test_direct_quote_and_its_continuation_carry_the_speaker():
    b = brief_of(TEXT)
    osei = [q for q in b.quotes if q.speaker == "Rachel Osei"]
    assert any(q.text.startswith("Families are under enormous pressure") for q in osei)
    assert any("keep the freeze under review" in q.text for q in osei)


def test_he_said_resolves_to_the_nearest_person_and_reported_speech_is_a_quote():
    b = brief_of(TEXT)
    by_speaker = {q.speaker: q.text for q in b.quotes}
    assert "800m cedis" in by_speaker["Peter Quaye"]
    assert by_speaker["Laura Mensah"].startswith("the measure would do little")
    assert all(q.evidence in b.sentences for q in b.quotes)
