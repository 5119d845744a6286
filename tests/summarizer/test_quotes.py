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


def test_a_quote_is_never_credited_to_the_person_it_is_about():
    b = brief_of(
        "Coach Anton Weller praised his goalkeeper Milo Brandt after the cup final on Sunday. "
        'Weller said: "Brandt was the best player on the pitch and he saved us." '
        "Brandt made eleven saves. "
        '"Nobody in this league reads the game like Brandt," he said.'
    )
    about = [q for q in b.quotes if "reads the game like Brandt" in q.text]
    assert about and all(q.speaker != "Milo Brandt" for q in about)
    assert all(q.speaker != "Milo Brandt" for q in b.quotes if "Brandt" in q.text)


def test_a_shared_surname_goes_to_the_nearest_full_mention():
    b = brief_of(
        "Senator Rosa Idris opened the debate on the housing bill on Tuesday. "
        '"This bill will build homes," Idris said. '
        "Her brother, council leader Karim Idris, spoke later in the day. "
        '"The council cannot fund it alone," Idris said.'
    )
    by_text = {q.text: q.speaker for q in b.quotes}
    assert by_text["This bill will build homes"] == "Rosa Idris"
    assert by_text["The council cannot fund it alone"] == "Karim Idris"
