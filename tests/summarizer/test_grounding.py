"""The grounding check: names, numbers, dates and quotes must be in the article; facts must not be contradicted."""

from __future__ import annotations

import pytest

from summarizer.grounding import grounding_problems, numbers_in
from summarizer.nlp_models import get_spacy
from summarizer.sentences import split_sentences
from tests.summarizer.flood_story import ARTICLE, BRIEF, GROUNDED


def problems(summary: str) -> list[str]:
    return grounding_problems(split_sentences(summary), ARTICLE, BRIEF, get_spacy())


def test_a_summary_that_only_restates_the_article_passes() -> None:
    assert problems(GROUNDED) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [("$4.5 million", "$4.5m"), ("1,200 homes", "1200 homes"), ("five people", "5 people"), ("2bn", "2 billion")],
)
def test_number_formats_are_compared_by_value(a: str, b: str) -> None:
    assert numbers_in(a) == numbers_in(b) != set()


def test_a_person_the_article_never_names_is_reported() -> None:
    found = problems("Maria Lopez and her deputy John Carter said the city will spend $4.5m on flood defences.")
    assert any("John Carter" in p or "'Carter'" in p for p in found), found


def test_a_number_the_article_does_not_state_is_reported() -> None:
    assert problems("The river flooded 1,500 homes in March. The council will vote next week.") == [
        "the number 1500 is not in the article"
    ]


def test_a_made_up_date_is_reported() -> None:
    found = problems("The council will vote on the plan on Friday. The river flooded 1,200 homes tomorrow.")
    assert "it names 'Friday', which is not in the article" in found
    assert "'tomorrow' is not in the article" in found


def test_a_quote_must_be_word_for_word_in_the_article() -> None:
    assert problems('Lopez said: "We cannot wait for another storm." The council votes next week.') == []
    found = problems('Lopez said: "We will never wait for a storm." The council votes next week.')
    assert found == ['the quote "We will never wait for a storm." is not in the article']


def test_a_wrong_title_for_an_actor_contradicts_the_extracted_role() -> None:
    found = problems("Springfield governor Maria Lopez said the city will spend $4.5m on flood defences.")
    assert found == ["it calls Maria Lopez 'governor', but the article makes them 'mayor of Springfield'"]


def test_a_quote_put_in_another_actors_mouth_is_a_contradiction() -> None:
    found = problems('Tom Baker said "We cannot wait for another storm," as the council prepares to vote next week.')
    assert found == ['it gives Maria Lopez\'s words "We cannot wait for another storm," to Tom Baker']


def test_case_punctuation_and_curly_quotes_do_not_matter() -> None:
    assert problems("SPRINGFIELD’S mayor, Maria Lopez, said: “We cannot wait for another storm.”") == []
