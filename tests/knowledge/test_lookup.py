"""Finding entities by name: aliases, typos, closest names, and names inside a question."""

from __future__ import annotations

from bot.knowledge.lookup import NameIndex


def _index() -> NameIndex:
    index = NameIndex()
    for entity_id, aliases in {
        1: ["steve witkoff", "witkoff"],
        2: ["dmitry peskov", "peskov"],
        3: ["john smith", "smith"],
        4: ["jane smith", "smith"],
        5: ["nato"],
    }.items():
        for alias in aliases:
            index._add(alias, entity_id)
    return index


def test_exact_aliases_ignore_case_titles_and_possessives() -> None:
    index = _index()
    assert index.exact("PESKOV") == {2}
    assert index.exact("Special Envoy Steve Witkoff's") == {1}
    assert index.exact("Smith") == {3, 4}


def test_one_typo_still_finds_the_name_but_short_names_need_to_be_exact() -> None:
    index = _index()
    assert set().union(*index.fuzzy("Witkof").values()) == {1}
    assert set().union(*index.fuzzy("Steve Witkfof").values()) == {1}
    assert index.fuzzy("nat") == {}


def test_unknown_names_get_the_closest_known_ones() -> None:
    assert _index().closest("Smit", 3) == ["smith", "jane smith", "john smith"]


def test_names_in_a_question_prefer_the_longest_alias() -> None:
    found = _index().in_text("What did Steve Witkoff say about NATO?")
    assert found == {1: "steve witkoff", 5: "nato"}
