"""Entity consolidation: aliases merged into full names, types voted, junk dropped, namesakes kept apart."""

from __future__ import annotations

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
