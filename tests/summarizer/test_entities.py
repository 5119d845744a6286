"""Entity consolidation: aliases merged into full names, types voted, junk dropped, namesakes kept apart."""

from __future__ import annotations

from summarizer.entities import Mention, consolidate, mentions_in
from summarizer.nlp_models import get_spacy
from tests.summarizer.helpers import actor, brief_of


def test_two_people_sharing_a_surname_stay_apart_and_short_forms_go_to_the_nearest():
    b = brief_of(
        "Labour leader Ed Miliband challenged the government over energy prices on Wednesday. "
        "Mr Miliband said bills had risen by a third. "
        "His brother, former Foreign Secretary David Miliband, spoke later in New York. "
        "David Miliband said the aid sector faced its worst funding crisis. "
        "Mr Miliband added that donors would meet next month."
    )
    ed, david = actor(b, "Ed Miliband"), actor(b, "David Miliband")
    assert ed.role == "Labour leader"
    assert david.role == "former Foreign Secretary"
    assert ed.mentions == 2 and david.mentions == 3


def test_a_bare_surname_is_the_subjects_not_a_relative_named_by_kinship():
    b = brief_of(
        "Freelance photographer Tomas Verhoek was released from a prison in Marsovia on Tuesday after 14 months. "
        "His sister, Anneke Verhoek, had campaigned for his release from Rotterdam. "
        "Anneke Verhoek said the family was overjoyed. "
        "Verhoek is expected to fly home on Friday, where he will be examined by doctors. "
        "Verhoek had been accused of spying, a charge he always denied."
    )
    tomas, anneke = actor(b, "Tomas Verhoek"), actor(b, "Anneke Verhoek")
    assert tomas.mentions == 3 and anneke.mentions == 2
    assert tomas.role == "Freelance photographer"


def test_organisations_are_actors_company_court_and_ministry():
    b = brief_of(
        "The High Court ruled on Thursday that Apex Mining must pay 2m pounds in compensation to villagers. "
        "Apex Mining said it would study the judgment. "
        "The Ministry of Environment said the ruling sent a clear message to polluters. "
        "The ministry will review the licences of three other mines, Apex Mining's lawyers were told."
    )
    names = {a.name: a.type for a in b.actors}
    assert names.get("Apex Mining") == "ORG"
    assert names.get("High Court") == "ORG"
    assert names.get("Ministry of Environment") == "ORG"


def test_acronym_and_short_forms_merge_into_the_organisation():
    b = brief_of(
        "General Motors will invest $1bn in a new battery plant in Ohio. "
        "GM said the plant would employ 1,300 people. "
        "The investment makes GM the largest employer in the county."
    )
    gm = actor(b, "General Motors")
    assert "GM" in gm.aliases and gm.mentions == 3


def test_countries_in_passing_are_not_actors():
    b = brief_of(
        "Nestle said on Thursday it would raise prices again this year. "
        "The Swiss company, which sells coffee in France, Brazil and Japan, said costs had risen. "
        "Nestle chief executive Mark Schneider said consumers remained loyal to its brands."
    )
    assert "France" not in {a.name for a in b.actors}
    assert b.actors[0].name == "Nestle"


def test_a_lower_case_word_before_a_name_is_not_part_of_it():
    from summarizer.entities import _clean_span
    from summarizer.nlp_models import get_spacy

    doc = get_spacy()("Fans tried to kick Dobbs Varga off the stage.")
    span = doc.char_span(doc.text.index("kick"), doc.text.index(" off"), label="PERSON")
    assert _clean_span(span)[0] == "Dobbs Varga"


def test_a_hyphenated_given_name_keeps_its_lower_case_half():
    from summarizer.entities import _clean_span
    from summarizer.nlp_models import get_spacy

    doc = get_spacy()("President Moon Seo-yun said the talks would resume.")
    span = doc.char_span(doc.text.index("Moon"), doc.text.index("-yun"), label="PERSON")
    assert _clean_span(span)[0] == "Moon Seo-yun"


def test_a_common_word_opening_the_sentence_is_not_a_first_name():
    from summarizer.entities import Mention, _drop_opening_words
    from summarizer.nlp_models import get_spacy

    nlp = get_spacy()
    docs = [nlp("Surveyor Dana Kettleby mapped a new channel."), nlp("The surveyor said the ice had retreated.")]
    opening = Mention(0, 0, 3, "Surveyor Dana Kettleby", "PERSON")
    assert _drop_opening_words([opening], docs)[0].text == "Dana Kettleby"
    # Two-word names keep their first word, and a word the article never writes in lower case is a name.
    assert _drop_opening_words([Mention(1, 0, 2, "Will Smith", "PERSON")], docs)[0].text == "Will Smith"
    rosa = Mention(0, 0, 3, "Rosa Maria Kettleby", "PERSON")
    assert _drop_opening_words([rosa], docs)[0].text == "Rosa Maria Kettleby"


def test_streets_and_towers_are_places_not_people():
    b = brief_of(
        "Police closed Harlan Wick Road after a gas leak on Tuesday. "
        "Engineers from Tessaly Gas said Harlan Wick Road would reopen on Friday. "
        "Residents of Rue Maubrac were also told to stay indoors, Tessaly Gas said."
    )
    types = {a.name: a.type for a in b.actors}
    assert types.get("Harlan Wick Road", "GPE") == "GPE"
    assert types.get("Rue Maubrac", "GPE") == "GPE"
    assert types.get("Tessaly Gas") == "ORG"


def test_time_zones_and_bare_title_abbreviations_are_junk():
    from summarizer.entities import _is_junk

    assert _is_junk("GMT", "ORG") and _is_junk("Eastern Daylight Time", "ORG") and _is_junk("Sec", "PERSON")
    assert not _is_junk("Gemtel", "ORG")


def test_photo_credits_and_station_call_signs_are_sources_not_actors():
    b = brief_of(
        "Rescuers searched the slope above Varnay on Sunday. Pia Lund / Alpen Foto\n\n"
        "Mayor Odile Brun said the search would go on overnight, station KVXR reported. "
        "Brun told KVXR that two climbers were still missing."
    )
    names = {a.name for a in b.actors}
    assert "Odile Brun" in names
    assert not names & {"Pia Lund", "Alpen Foto", "KVXR"}


def test_one_organisation_named_with_and_without_its_legal_form_or_its_country_is_one_actor():
    b = brief_of(
        "Marrow Air Group Inc. agreed to buy Pelican Jet for $2bn on Monday. "
        "Marrow Air said the deal would close next year. "
        "The U.S. Supreme Court is not expected to review the merger, and the Supreme Court rarely does."
    )
    names = [a.name for a in b.actors]
    assert sum(n.startswith("Marrow Air") for n in names) == 1
    assert sum("Supreme Court" in n for n in names) <= 1


def test_an_acronym_spells_a_company_name_without_its_legal_form():
    b = brief_of(
        "Global Widget Machines Corp won the most patents last year, a study found. "
        "GWM has led the ranking for two decades. "
        "GWM said it would invest more in research."
    )
    gwm = actor(b, "Global Widget Machines Corp")
    assert "GWM" in gwm.aliases


def test_a_name_before_a_hyphenated_adjective_stays_a_name():
    from summarizer.entities import _clean_span
    from summarizer.nlp_models import get_spacy

    doc = get_spacy()("The Dana Voss-led panel met on Monday.")
    span = doc.char_span(doc.text.index("Dana"), doc.text.index("-led"), label="PERSON")
    assert _clean_span(span)[0] == "Dana Voss"


def test_codes_and_picture_credits_are_not_names():
    from summarizer.entities import _is_junk

    assert _is_junk("D41 77K2", "PERSON") and _is_junk("Pia Lund / Alpen Foto / Alpen Foto", "ORG")
    assert not _is_junk("21st Century Widgets", "ORG")


def test_quotation_marks_around_a_name_are_not_part_of_it():
    from summarizer.entities import _clean_span
    from summarizer.nlp_models import get_spacy

    doc = get_spacy()('Contestants trained for "Quarry Quest Challenge" all week.')
    span = doc.char_span(doc.text.index('"Quarry'), doc.text.index(" Challenge") + 10, label="ORG")
    assert _clean_span(span)[0] == "Quarry Quest Challenge"


def test_a_department_named_both_ways_and_a_committee_by_the_end_of_its_name_are_one_actor():
    from summarizer.entities import Mention, consolidate

    def org(text: str, sent: int) -> Mention:
        return Mention(sent, 0, len(text.split()), text, "ORG")

    entities = consolidate(
        [
            org("Department of Fisheries", 0),
            org("Fisheries Department", 1),
            org("Assembly Budget Committee", 2),
            org("Budget Committee", 3),
            org("Fire Department", 4),
            org("Elmore Fire Department", 5),
            org("Brixton Fire Department", 6),
        ]
    )
    names = {e.name: len(e.mentions) for e in entities}
    assert names["Department of Fisheries"] == 2
    assert names["Assembly Budget Committee"] == 2
    assert names["Fire Department"] == 1  # two towns' departments: the short name stays apart


def test_a_family_name_written_first_goes_to_the_nearest_person_of_that_family():
    from summarizer.entities import Mention, consolidate

    entities = consolidate(
        [
            Mention(0, 0, 2, "Pak Dae-sung", "PERSON"),
            Mention(1, 0, 1, "Pak", "PERSON", honorific="Mr"),
            Mention(2, 0, 2, "Pak Min-ho", "PERSON"),
            Mention(3, 0, 1, "Pak", "PERSON", honorific="Mr"),
        ]
    )
    counts = {e.name: len(e.mentions) for e in entities}
    assert counts == {"Pak Dae-sung": 2, "Pak Min-ho": 2}


def test_a_place_before_an_abbreviated_title_modifies_the_title_and_is_no_actor():
    from tests.summarizer.helpers import brief_of

    b = brief_of(
        "Seeking victory in Iowa, Helen Marsh has begun echoing her rival Vermont Sen. Paul Dorn, whose campaign "
        "has tightened the race. Marsh will speak in Des Moines on Monday. Dorn said he would answer her."
    )
    assert "Vermont" not in {a.name for a in b.actors}


def test_a_group_named_in_the_plural_and_the_singular_is_one_entity():
    from summarizer.entities import Mention, consolidate

    mentions = [
        Mention(0, 5, 6, "Tories", "NORP", is_subject=True),
        Mention(1, 0, 1, "Tory", "NORP", title_modifier=True),
        Mention(2, 3, 4, "Tory", "NORP", is_subject=True),
        Mention(3, 0, 1, "Swiss", "NORP"),
    ]
    names = sorted(e.name for e in consolidate(mentions))
    assert names == ["Swiss", "Tories"]  # the group by the plural that names it


def test_a_name_addressed_as_mr_is_a_person_whatever_spacy_tagged_it():
    from spacy.tokens import Span

    doc = get_spacy()("Mr Prentis said workers did not want to go on strike.")
    i = next(t.i for t in doc if t.text == "Prentis")
    doc.ents = [Span(doc, i, i + 1, label="NORP")]  # how spaCy tagged this surname in a BBC story
    assert [(m.text, m.label, m.honorific) for m in mentions_in(doc, 0)] == [("Prentis", "PERSON", "Mr")]


def test_a_full_name_tagged_as_a_place_joins_the_mr_form_of_its_surname():
    people = consolidate(
        [
            Mention(0, 3, 5, "Sundar Katwala", "GPE"),
            Mention(1, 1, 2, "Katwala", "PERSON", honorific="Mr"),
        ]
    )
    assert [(e.name, e.type, len(e.mentions)) for e in people] == [("Sundar Katwala", "PERSON", 2)]


def test_a_two_word_surname_tagged_as_an_organisation_joins_the_full_name():
    people = consolidate(
        [
            Mention(0, 2, 5, "Hicham El Guerrouj", "PERSON"),
            Mention(1, 0, 2, "El Guerrouj", "ORG"),
            Mention(2, 0, 2, "El Guerrouj", "ORG"),
            Mention(3, 0, 2, "Kenenisa Bekele", "PERSON"),
        ]
    )
    group = consolidate([Mention(0, 0, 2, "al Qaeda", "ORG"), Mention(1, 3, 6, "Sunni al Qaeda", "PERSON")])
    assert len(group) == 2  # a name first met as a group's is not a person's surname
    assert [(e.name, e.type, len(e.mentions)) for e in people] == [
        ("Hicham El Guerrouj", "PERSON", 3),
        ("Kenenisa Bekele", "PERSON", 1),
    ]
