"""Entity types: a name called he or she is a person; countries, buildings, occasions and places after "the town
of" are not organisations (texts written for these tests)."""

from __future__ import annotations

from spacy.tokens import Span

from summarizer.entities import Entity, Mention, mentions_in, type_people_by_reference
from summarizer.nlp_models import get_spacy
from tests.summarizer.helpers import brief_of


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


def test_a_one_word_name_is_a_person_only_when_what_it_says_has_he_or_she_as_subject():
    nlp = get_spacy()
    docs = [nlp("Brannock said he would build the wall."), nlp("Vantor said it would cut prices. He left.")]
    brannock = Entity("Brannock", "ORG", [Mention(0, 0, 1, "Brannock", "ORG", is_subject=True)])
    vantor = Entity("Vantor", "ORG", [Mention(1, 0, 1, "Vantor", "ORG", is_subject=True)])
    type_people_by_reference([brannock, vantor], docs)
    assert brannock.type == "PERSON"
    assert vantor.type == "ORG"


def test_a_one_word_name_that_says_he_and_is_a_word_of_a_persons_full_name_is_that_person():
    nlp = get_spacy()
    docs = [nlp("Ola Brannock returned on Monday."), nlp("Brannock said he would stay out of politics.")]
    full = Entity("Ola Brannock", "PERSON", [Mention(0, 0, 2, "Ola Brannock", "PERSON", is_subject=True)])
    short = Entity("Brannock", "GPE", [Mention(1, 0, 1, "Brannock", "GPE", is_subject=True)])
    entities = [full, short]
    type_people_by_reference(entities, docs)
    assert entities == [full]  # no empty entity left behind for later stages to trip on
    assert len(full.mentions) == 2 and "Brannock" in full.aliases


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


def test_a_name_after_the_town_of_is_a_place_even_when_the_tagger_calls_it_an_organisation():
    doc = get_spacy()("Gunmen attacked a checkpoint near the town of Sarkovo on Sunday.")
    k = next(t.i for t in doc if t.text == "Sarkovo")
    doc.ents = [Span(doc, k, k + 1, label="ORG")]
    assert [(m.text, m.label) for m in mentions_in(doc, 0)] == [("Sarkovo", "GPE")]


def test_countries_hotels_and_festivals_are_not_organisations():
    b = brief_of(
        "Gunmen attacked a checkpoint near the border on Sunday, the army said. "
        "Sierra Leone has sent troops to the Grand Meridian Hotel, where guests were held. "
        "The Lantern Festival drew 40,000 visitors to the harbour, and the Lantern Festival raised 2m pounds. "
        "Sierra Leone closed the border, and Sierra Leone said the Grand Meridian Hotel had been secured.",
        title="Gunmen attack checkpoint",
    )
    kinds = {a.name: a.type for a in b.actors}
    assert kinds.get("Sierra Leone") == "GPE"
    assert "Grand Meridian Hotel" not in kinds and "Lantern Festival" not in kinds


def _type_of_one_org_mention(sentence: str, name: str) -> str:
    """The type `type_people_by_reference` gives a name spaCy typed ORG, mentioned once as a subject."""
    from summarizer.entities import Entity, Mention, type_people_by_reference
    from summarizer.nlp_models import get_spacy

    doc = get_spacy()(sentence)
    start = next(t.i for t in doc if t.text == name)
    e = Entity(name, "ORG", [Mention(0, start, start + 1, name, "ORG", is_subject=True)])
    type_people_by_reference([e], [doc])
    return e.type


def test_a_name_given_with_an_age_is_a_person_whatever_the_tagger_said():
    boy = _type_of_one_org_mention("Dressed in a red shirt, 5-year-old Youssif held his sister's hand.", "Youssif")
    assert boy == "PERSON"
    assert _type_of_one_org_mention("The 150-year-old Harrods opened a new store on Friday.", "Harrods") == "ORG"


def test_a_relative_named_beside_a_kinship_noun_is_a_person_even_if_the_tagger_saw_a_place():
    from tests.summarizer.helpers import brief_of

    b = brief_of(
        "Alexander Litvinenko died in London in 2006. "
        "Litvinenko's widow, Marina, said outside the High Court on Thursday that she was very pleased. "
        "Litvinenko had fled to Britain in 2000."
    )
    marina = next(a for a in b.actors if a.name == "Marina")
    assert marina.type == "PERSON"
    assert marina.role == "Litvinenko's widow"
