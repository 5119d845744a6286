"""Actors on news from any outlet: outlets and writers are sources, ranks belong to the role, names called
he/she are people, and the most specific stated role wins (texts written for these tests)."""

from __future__ import annotations

from tests.summarizer.helpers import actor, brief_of


def test_a_wire_service_and_a_credit_line_writer_are_not_actors():
    b = brief_of(
        "Harbour officials closed the port of Eastwick on Monday after a chemical leak, Reuters reported. "
        "Port director Helen Marsh told Reuters that the leak had been contained. "
        "Ms Marsh said the port would reopen once inspectors had finished. "
        "Dockworkers were sent home for the day. "
        "Peter Lind contributed to this report."
    )
    names = [a.name for a in b.actors]
    assert "Reuters" not in names
    assert "Peter Lind" not in names
    assert actor(b, "Helen Marsh").role == "Port director"


def test_an_outlet_that_is_itself_a_party_stays_an_actor():
    b = brief_of(
        "CNN fired two of its producers on Friday after an internal review of a documentary. "
        "CNN said the documentary had broken its standards. "
        "The producers said they would appeal."
    )
    assert "CNN" in [a.name for a in b.actors]


def test_a_rank_before_a_name_goes_into_the_role_not_the_name():
    b = brief_of(
        "Army Sgt. Dale Wicker was wounded in a roadside blast near the base, the military said. "
        "Wicker, who is 24, was flown to a hospital in Germany. "
        "Lt. Maria Ostrow said the patrol had been clearing the road."
    )
    names = [a.name for a in b.actors]
    assert "Dale Wicker" in names and not any("Sgt" in n for n in names)
    assert "Sgt" in actor(b, "Dale Wicker").role
    assert actor(b, "Maria Ostrow").role.startswith("Lt")


def test_a_bare_rank_gives_way_to_a_fuller_title_in_apposition():
    b = brief_of(
        "The inquiry will hear from Gen. Oskar Varga, the top commander of the border force, next week. "
        "Varga has defended the operation."
    )
    assert actor(b, "Oskar Varga").role == "top commander of the border force"


def test_open_class_descriptions_in_strong_slots_are_roles():
    b = brief_of(
        "Flood survivor Tomas Reyna described the night the river rose. "
        "Reyna said the water reached the roof within minutes. "
        "Among the rescued was Ilse Brandt, a retired piano tuner who lives alone. "
        "Brandt said she had lost everything."
    )
    assert actor(b, "Tomas Reyna").role == "Flood survivor"
    assert actor(b, "Ilse Brandt").role == "retired piano tuner"


def test_an_age_does_not_hide_the_role_in_an_apposition():
    b = brief_of(
        "Police arrested Carla Moss, a 41-year-old primary-school teacher, on Thursday. "
        "Moss is due in court next month."
    )
    assert actor(b, "Carla Moss").role == "primary-school teacher"


def test_a_persons_title_before_a_name_makes_it_a_person():
    b = brief_of(
        "The league suspended its star striker on Friday, league commissioner Rudd Halvorsen announced. "
        "Halvorsen said the ban would last eight games."
    )
    halvorsen = actor(b, "Rudd Halvorsen")
    assert halvorsen.type == "PERSON"
    assert halvorsen.role == "league commissioner"
