"""The seed story (Trump–Putin call): every key actor once with the role the article gives, the dated next
steps, and a 2–3 sentence summary that says who agreed to what."""

from __future__ import annotations

from datetime import date

import pytest

from tests.summarizer.helpers import DATA, actor, brief_of

EXPECTED = {
    "Donald Trump": "former US President",
    "Vladimir Putin": "Russian President",
    "Volodymyr Zelenskyy": "Ukrainian President",
    "Marco Rubio": "Secretary of State",
    "John Ratcliffe": "CIA Director",
    "Michael Waltz": "National Security Advisor",
    "Steve Witkoff": "Special Envoy to the Middle East",
    "Dmitry Peskov": "Kremlin spokesperson",
    "Pete Hegseth": "US Secretary of Defense",
    "JD Vance": "US Vice President",
}


@pytest.fixture(scope="module")
def seed():
    text = (DATA / "seed_trump_putin.txt").read_text(encoding="utf-8")
    return brief_of(text, "Trump says Putin agreed to immediate Ukraine talks", date(2025, 2, 12))


@pytest.mark.parametrize("name,role", EXPECTED.items())
def test_each_key_actor_appears_once_with_its_role(seed, name, role):
    a = actor(seed, name)
    assert a.type == "PERSON"
    assert a.role == role


def test_zelenskyy_is_a_person_despite_spacy_tagging_one_mention_org(seed):
    z = actor(seed, "Volodymyr Zelenskyy")
    assert z.type == "PERSON" and "Zelenskyy" in z.aliases and z.mentions >= 3


def test_actors_are_ordered_by_salience_with_trump_first(seed):
    assert seed.actors[0].name == "Donald Trump"
    sal = [a.salience for a in seed.actors]
    assert sal == sorted(sal, reverse=True)


def _step(seed, *words):
    return [s for s in seed.next_steps if all(w.lower() in (s.text + " " + s.evidence).lower() for w in words)]


def test_next_steps_cover_negotiations_informing_zelenskyy_moscow_and_munich(seed):
    assert _step(seed, "negotiations", "immediately")
    assert _step(seed, "inform", "Zelenskyy")
    assert _step(seed, "meeting in Moscow")
    munich = _step(seed, "Munich Security Conference", "Vance")
    assert munich and munich[0].when == "on Friday" and munich[0].date == date(2025, 2, 14)
    assert "Volodymyr Zelenskyy" in munich[0].actors and "JD Vance" in munich[0].actors


def test_summary_is_two_or_three_sentences_within_75_words_and_says_who_agreed_to_what(seed):
    assert 2 <= len(seed.summary_sentences) <= 3
    assert len(seed.summary.split()) <= 75
    assert "Putin" in seed.summary and "agreed" in seed.summary and "negotiations" in seed.summary
    sentences = list(seed.sentences)
    positions = [sentences.index(s) for s in seed.summary_sentences]
    assert positions == sorted(positions)


def test_quotes_have_speakers(seed):
    trump = [q for q in seed.quotes if q.speaker == "Donald Trump"]
    assert any("millions of deaths" in q.text for q in trump)


def test_brief_serialises_to_the_stable_schema(seed):
    d = seed.to_dict()
    assert set(d) == {
        "title",
        "url",
        "source",
        "published",
        "summary",
        "summary_sentences",
        "summary_source",
        "summary_fallback",
        "actors",
        "next_steps",
        "quotes",
        "topics",
        "also_named",  # added later: readers of the older keys are unaffected
    }
    assert d["published"] == "2025-02-12"
    assert d["summary_source"] == "extractive" and d["summary_fallback"] is None
    assert {"name", "type", "role", "aliases", "mentions", "salience", "stated_roles"} == set(d["actors"][0])
