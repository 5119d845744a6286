"""Name normalisation and the rules that decide whether two spellings are one person."""

from bot.knowledge.names import (
    clean_query_name,
    edit_distance,
    first_names_compatible,
    normalize_name,
    person_aliases,
    person_parts,
    shorter_forms,
    strip_titles,
    without_suffixes,
)


def test_case_possessive_accents_and_initials_meet_at_one_key() -> None:
    assert normalize_name("TRUMP’s") == "trump"
    assert normalize_name("Zelenskyy's") == "zelenskyy"
    assert normalize_name("José Álvarez") == "jose alvarez"
    assert normalize_name("J.D. Vance") == normalize_name("JD Vance") == "jd vance"


def test_titles_are_dropped_but_never_the_whole_name() -> None:
    assert strip_titles("us secretary of defense pete hegseth") == "pete hegseth"
    assert strip_titles("president trump") == "trump"
    assert strip_titles("president") == "president"


def test_what_a_reader_types_after_who_becomes_a_lookup_key() -> None:
    assert clean_query_name("is the Witkoff?") == "witkoff"
    assert clean_query_name("is Peskov") == "peskov"
    assert clean_query_name("who is") == ""


def test_first_names_agree_on_short_forms_and_initials_only() -> None:
    assert first_names_compatible("steve", "steven")
    assert first_names_compatible("j", "john")
    assert not first_names_compatible("john", "jane")
    assert not first_names_compatible("", "john")  # a bare surname is never enough


def test_edit_distance_and_its_early_stop() -> None:
    assert edit_distance("witkof", "witkoff") == 1
    assert edit_distance("smith", "smyth") == 1
    assert edit_distance("peskov", "hegseth", limit=2) == 3


def test_a_person_can_be_looked_up_by_full_name_surname_and_initial() -> None:
    assert person_aliases("steve witkoff") == {"steve witkoff", "witkoff"}
    assert "w smith" not in person_aliases("john smith")


def test_suffixes_and_post_nominals_are_not_a_surname() -> None:
    assert person_parts("ivo marsh qc") == ("ivo", "marsh")
    assert person_parts("doran pell jr") == ("doran", "pell")
    assert without_suffixes("ann cole mp obe") == "ann cole"
    assert without_suffixes("qc") == "qc"  # never the whole name
    assert person_aliases("ivo marsh qc") == {"ivo marsh qc", "ivo marsh", "marsh"}


def test_a_typed_name_is_also_tried_without_titles_middle_names_initials_and_suffixes() -> None:
    assert shorter_forms("doran k pell") == ["doran pell"]
    assert shorter_forms("dr doran pell") == ["doran pell"]
    assert shorter_forms("doran kit pell") == ["doran pell"]
    assert shorter_forms("j doran pell jr") == ["j doran pell", "doran pell", "j pell"]
    assert shorter_forms("doran pell") == [] and shorter_forms("pell") == []
