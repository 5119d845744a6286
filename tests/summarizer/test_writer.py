"""The pure half of the LLM writer: tolerant parsing, the accept / retry-with-reasons / fall-back decision."""

from __future__ import annotations

import json

import pytest

from summarizer import SummarizerOptions
from summarizer.errors import BackendError
from summarizer.nlp_models import get_spacy
from summarizer.options import default_options
from summarizer.writer import Draft, WriterOutputError, parse_answer, writer_from_environment
from tests.summarizer.flood_story import ARTICLE, BRIEF, GROUNDED


@pytest.mark.parametrize(
    "answer",
    [
        json.dumps({"summary": "One. Two."}),
        "```json\n" + json.dumps({"summary": "One. Two."}) + "\n```",
        "Here is the summary:\n" + json.dumps({"sentences": ["One.", "Two."]}),
    ],
)
def test_json_answers_are_read_with_or_without_fences_and_prose(answer: str) -> None:
    assert parse_answer(answer) == ["One.", "Two."]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ('{"summary": "cut off', "not valid JSON"),
        ("The mayor said things.", "no JSON object"),
        ('{"text": "One."}', 'no "summary"'),
    ],
)
def test_malformed_answers_say_what_is_wrong(answer: str, reason: str) -> None:
    with pytest.raises(WriterOutputError, match=reason):
        parse_answer(answer)


def draft() -> Draft:
    return Draft(ARTICLE, BRIEF, nlp=get_spacy())


def test_a_grounded_answer_becomes_the_summary_and_keeps_the_extracted_facts() -> None:
    d = draft()
    assert d.offer(json.dumps({"summary": GROUNDED})) == []
    assert d.result is not None and d.result.summary_source == "llm" and d.result.summary_fallback is None
    assert d.result.summary == GROUNDED and len(d.result.summary_sentences) == 2
    assert d.result.actors == BRIEF.actors and d.result.quotes == BRIEF.quotes


def test_a_rejected_answer_is_retried_once_with_the_reasons_then_falls_back() -> None:
    d = draft()
    bad = json.dumps({"summary": "Mayor Maria Lopez will spend $9 million. The vote is next week."})
    assert d.offer(bad) == ["the number 9000000 is not in the article"]
    assert not d.done
    retry = d.messages()[-1]["content"]
    assert retry.startswith("Your summary was rejected: the number 9000000 is not in the article")
    d.offer(bad)
    assert d.result is not None and d.result.summary_source == "extractive"
    assert d.result.summary == BRIEF.summary
    assert d.result.summary_fallback == "model answer rejected: the number 9000000 is not in the article"


def test_too_long_a_summary_is_rejected_with_its_length() -> None:
    d = draft()
    reasons = d.offer(json.dumps({"summary": " ".join(["Springfield will vote next week."] * 20)}))
    assert "the limit is 75" in reasons[0]


def test_the_prompt_carries_the_article_the_facts_and_the_limits() -> None:
    system, user = draft().messages()
    assert "at most 75 words" in system["content"] and "2-3 sentences" in system["content"]
    assert "Maria Lopez (mayor of Springfield)" in user["content"] and "Riverside district" in user["content"]


def test_default_options_have_no_writer_unless_the_environment_names_one() -> None:
    assert default_options({}).writer is None
    assert SummarizerOptions().writer is None
    with pytest.raises(BackendError, match="NEWSBRIEF_SUMMARY_WRITER='nope'"):
        writer_from_environment({"NEWSBRIEF_SUMMARY_WRITER": "nope"})
