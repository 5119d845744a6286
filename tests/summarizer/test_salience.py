"""Salience: places that are only the setting of a story rank below the people and organisations in it."""

from __future__ import annotations

from summarizer.entities import Entity, Mention
from summarizer.salience import rank_actors


def _entity(name: str, kind: str, sents: list[int], subject: bool = True) -> Entity:
    return Entity(name, kind, [Mention(s, 0, 1, name, kind, is_subject=subject) for s in sents])


def test_a_place_the_title_does_not_name_ranks_below_people_and_organisations():
    place = _entity("Westmarch", "GPE", [0, 1, 2, 3, 4])
    mayor = _entity("Ida Brandt", "PERSON", [2])
    council = _entity("Harbour Council", "ORG", [3, 5])
    ranked = rank_actors([place, mayor, council], "Mayor resigns over harbour deal", set(), 12)
    assert [e.name for e in ranked] == ["Harbour Council", "Ida Brandt", "Westmarch"]
    assert [e.salience for e in ranked] == sorted((e.salience for e in ranked), reverse=True)


def test_a_place_named_in_the_title_keeps_its_rank():
    place = _entity("Westmarch", "GPE", [0, 1, 2, 3, 4])
    mayor = _entity("Ida Brandt", "PERSON", [2])
    ranked = rank_actors([place, mayor], "Westmarch votes to leave the union", set(), 12)
    assert ranked[0].name == "Westmarch"


def test_a_place_that_acts_or_is_acted_on_again_and_again_is_a_party_not_the_setting():
    country = Entity("Ostland", "GPE", [Mention(s, 0, 1, "Ostland", "GPE", is_argument=True) for s in (1, 3, 5)])
    backdrop = Entity("Westmarch", "GPE", [Mention(s, 0, 1, "Westmarch", "GPE") for s in (0, 2, 4, 6)])
    minister = _entity("Ida Brandt", "PERSON", [0])
    ranked = rank_actors([country, backdrop, minister], "Minister warns of troops at the border", set(), 12)
    assert sorted(e.name for e in ranked) == ["Ida Brandt", "Ostland"]


def test_an_organisation_described_as_a_product_is_not_an_actor():
    platform = Entity("Chirp", "ORG", [Mention(s, 0, 1, "Chirp", "ORG", is_subject=True) for s in (0, 1)])
    platform.role = "messaging platform"
    maker = _entity("Larkspur Labs", "ORG", [0, 2])
    assert [e.name for e in rank_actors([platform, maker], "Chirp goes down", set(), 12)] == ["Larkspur Labs"]


def test_two_mentions_in_the_lead_outweigh_three_in_the_closing_paragraphs():
    lead = _entity("Harbour Council", "ORG", [3, 4], subject=False)
    late = _entity("Ida Brandt", "PERSON", [20, 22, 24], subject=False)
    ranked = rank_actors([late, lead], "Harbour deal signed", set(), 12)
    assert [e.name for e in ranked] == ["Harbour Council", "Ida Brandt"]


def test_a_person_named_once_in_passing_late_in_the_story_is_not_an_actor():
    mayor = _entity("Ida Brandt", "PERSON", [0, 2])
    passing = _entity("Tom Vale", "PERSON", [9], subject=False)
    described = _entity("Ana Rusu", "PERSON", [9], subject=False)
    described.role = "harbour master"
    ranked = rank_actors([mayor, passing, described], "Harbour deal signed", set(), 12)
    assert [e.name for e in ranked] == ["Ida Brandt", "Ana Rusu"]


def test_a_country_whose_demonym_the_title_uses_counts_as_named_in_the_title():
    country = Entity("Ostland", "GPE", [Mention(s, 0, 1, "Ostland", "GPE", is_subject=s == 2) for s in (1, 2, 5)])
    ranked = rank_actors([country], "Ostlandic farmers fear drought", set(), 12)
    assert [e.name for e in ranked] == ["Ostland"]


def test_a_demonym_stem_keeps_the_places_final_consonant():
    # "Korin" is not named by "Koriqi" (as Iran is not by "Iraqi"); "Sorvia" is named by "Sorvian".
    korin = Entity("Korin", "GPE", [Mention(s, 0, 1, "Korin", "GPE", is_subject=s == 2) for s in (1, 2, 5)])
    assert rank_actors([korin], "Koriqi farmers fear drought", set(), 12) == []
    sorvia = Entity("Sorvia", "GPE", [Mention(s, 0, 1, "Sorvia", "GPE", is_subject=s == 2) for s in (1, 2, 5)])
    assert [e.name for e in rank_actors([sorvia], "Sorvian farmers fear drought", set(), 12)] == ["Sorvia"]


def test_an_unnamed_body_must_come_back_to_be_an_actor():
    once = Entity("police", "ORG", [Mention(1, 0, 1, "police", "ORG", is_subject=True)])
    assert rank_actors([once], "Minister defends identity cards", set(), 12) == []
    twice = Entity("police", "ORG", [Mention(s, 0, 1, "police", "ORG", is_subject=True) for s in (1, 3)])
    assert [e.name for e in rank_actors([twice], "Jewellery stolen from shop", set(), 12)] == ["police"]


def test_a_company_named_with_its_legal_form_is_not_a_product_even_when_its_role_says_brand():
    maker = Entity("Corvane Motor Corp", "ORG", [Mention(s, 0, 1, "Corvane", "ORG", is_subject=True) for s in (0, 2)])
    maker.role = "brand"
    ranked = rank_actors([maker], "Corvane bets on a new flagship", set(), 12)
    assert [e.name for e in ranked] == ["Corvane Motor Corp"]


def test_a_newspaper_or_news_agency_the_story_cites_is_not_an_actor():
    agency = _entity("Velor", "ORG", [0, 3])
    agency.role = "state news agency"
    paper = _entity("Le Matin Bleu", "ORG", [2])
    paper.role = "Ostlandic newspaper"
    minister = _entity("Ida Brandt", "PERSON", [0, 1])
    ranked = rank_actors([agency, paper, minister], "Minister resigns", set(), 12)
    assert [e.name for e in ranked] == ["Ida Brandt"]
    # A newspaper that the title names is what the story is about.
    assert "Le Matin Bleu" in {e.name for e in rank_actors([paper, minister], "Le Matin Bleu closes", set(), 12)}


def test_a_newspaper_spacy_took_for_a_person_is_still_a_newspaper():
    paper = _entity("Tagesbote", "PERSON", [1, 2])
    paper.role = "German newspaper"
    minister = _entity("Ida Brandt", "PERSON", [0, 1])
    assert [e.name for e in rank_actors([paper, minister], "Minister resigns", set(), 12)] == ["Ida Brandt"]


def test_a_reporter_named_in_passing_is_not_an_actor_but_one_the_story_is_about_is():
    reporter = _entity("Nell Pardo", "PERSON", [3])
    reporter.role = "Daily Courier reporter"
    minister = _entity("Ida Brandt", "PERSON", [0, 1])
    assert [e.name for e in rank_actors([reporter, minister], "Minister resigns", set(), 12)] == ["Ida Brandt"]
    held = _entity("Nell Pardo", "PERSON", [0, 1, 2, 4])
    held.role = "correspondent"
    assert "Nell Pardo" in {e.name for e in rank_actors([held, minister], "Court jails journalist", set(), 12)}


def test_a_news_outlets_own_analyst_explains_the_story_but_an_analyst_at_a_bank_is_in_it():
    pundit = _entity("Nell Pardo", "PERSON", [3, 4])
    pundit.role = "CNN legal analyst"
    banker = _entity("Omar Saleh", "PERSON", [3, 4])
    banker.role = "analyst at Harbour Bank"
    minister = _entity("Ida Brandt", "PERSON", [0, 1])
    names = {e.name for e in rank_actors([pundit, banker, minister], "Minister resigns", set(), 12)}
    assert names == {"Ida Brandt", "Omar Saleh"}


def test_a_title_counts_for_more_than_an_open_description_of_who_someone_is():
    judge = _entity("Henry Ames", "PERSON", [9])
    judge.role = "Judge"
    neighbour = _entity("Tony Reed", "PERSON", [9])
    neighbour.role = "34-year-old resident of Hampton, Virginia"
    ranked = rank_actors([neighbour, judge], "Court hears dog fighting case", set(), 12)
    assert [e.name for e in ranked] == ["Henry Ames", "Tony Reed"]
