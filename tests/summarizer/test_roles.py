"""Roles as the article words them: titles before names, appositives, "X, who is ...", wire style."""

from __future__ import annotations

from tests.summarizer.helpers import actor, brief_of

WIRE = (
    "Harland Foods said on Tuesday it would close its Leeds bakery, cutting 400 jobs.\n"
    "The company's chief executive, Susan Blake, said demand for packaged bread had fallen sharply. "
    "Tom Reyes, 52, a spokesman for the Bakers' Union, said workers were shocked. "
    "Mr Reyes said the union would seek talks with management. "
    "Ms Blake, who is also the company's largest shareholder, declined to comment further."
)


def test_possessive_appositive_gives_the_role_and_mr_ms_forms_are_aliases():
    b = brief_of(WIRE, "Harland Foods to close Leeds bakery")
    blake = actor(b, "Susan Blake")
    assert blake.role == "company's chief executive"
    assert "Ms Blake" in blake.aliases
    reyes = actor(b, "Tom Reyes")
    assert reyes.role == "spokesman for the Bakers' Union"
    assert "Mr Reyes" in reyes.aliases


def test_titles_before_the_name_and_appositive_after_it():
    b = brief_of(
        "Foreign Minister Anna Lindqvist met her Polish counterpart on Monday. "
        "Jonas Berg, the ministry's chief economist, said trade between the two countries had doubled. "
        "Oil firm Nordpetro also signed a supply deal with the Polish government."
    )
    assert actor(b, "Anna Lindqvist").role == "Foreign Minister"
    assert actor(b, "Jonas Berg").role == "ministry's chief economist"
    assert actor(b, "Nordpetro").role == "Oil firm"


def test_appositive_before_the_name():
    b = brief_of(
        "The talks were confirmed by the Kremlin spokesman, Dmitry Peskov, on Tuesday. "
        "Mr Peskov said a date would be set soon."
    )
    assert actor(b, "Dmitry Peskov").role == "Kremlin spokesman"


def test_a_hyphenated_compound_is_not_an_apposition():
    from summarizer.nlp_models import get_spacy
    from summarizer.roles import appositive_after

    doc = get_spacy()("The Toyota-Ford alliance came about in 1999 as an alternative to a merger.")
    end = next(t.i for t in doc if t.text == "Toyota") + 1
    assert appositive_after(doc, end, "ORG") == ""
    doc = get_spacy()("Toyota - the largest car maker in Japan - opened a plant.")
    assert appositive_after(doc, 1, "ORG") == "largest car maker in Japan"
