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
