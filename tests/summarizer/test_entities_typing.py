"""A name the text refers to as he or she is a person (text written for this test)."""

from __future__ import annotations

from summarizer.entities import Entity, Mention, type_people_by_reference
from summarizer.nlp_models import get_spacy


def test_a_name_followed_by_he_is_retyped_as_a_person_but_an_organisation_followed_by_it_is_not():
    nlp = get_spacy()
    docs = [
        nlp("Brannock Keel rejected the offer on Tuesday."),
        nlp("He said the price was too low."),
        nlp("Vantor Systems rejected the offer too."),
        nlp("It said the price was too low."),
    ]
    keel = Entity("Brannock Keel", "ORG", [Mention(0, 0, 2, "Brannock Keel", "ORG", is_subject=True)])
    vantor = Entity("Vantor Systems", "ORG", [Mention(2, 0, 2, "Vantor Systems", "ORG", is_subject=True)])
    type_people_by_reference([keel, vantor], docs)
    assert keel.type == "PERSON"
    assert vantor.type == "ORG"


def test_a_name_cut_short_by_the_tagger_is_completed_and_a_generic_word_is_not_an_organisation():
    from tests.summarizer.helpers import brief_of

    b = brief_of(
        "Burkina Faso's new President Roch Marc Kabore was sworn in last month. "
        "Kabore promised to fight corruption. "
        "The State will pay for the new roads, Kabore said."
    )
    names = [a.name for a in b.actors]
    assert "Roch Marc Kabore" in names and "Roch Marc" not in names
    assert "State" not in names
