"""The indexed attribute rules annotate every token as spaCy's own `AttributeRuler` does with the same rules
(texts written for these tests: pronouns, auxiliaries used as main verbs, expletives, contractions, spaces)."""

from __future__ import annotations

from spacy.pipeline import AttributeRuler

from summarizer.attribute_rules import IndexedAttributeRuler
from summarizer.nlp_models import get_spacy

TEXTS = [
    "He did it, but she has not said whether they would do it again.",
    "The council, which meets on Monday, said that it had approved the plan.",
    "There is a ferry that leaves at noon; I ain't gonna miss it, y'all.",
    "Let's see what happens.  The mayor gets the final word and got it last year.",
    "You told me those were yours, and I believed you.",
    "Nothing changed until somebody asked why, so everyone waited.",
    "  Two   spaces here\n\nand a line break.",
]


def _annotations(doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_indexed_rules_annotate_every_token_as_spacys_attribute_ruler_does():
    nlp = get_spacy()
    indexed = nlp.get_pipe("attribute_ruler")
    assert isinstance(indexed, IndexedAttributeRuler)
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(indexed.patterns)
    for doc in nlp.pipe(TEXTS, disable=["attribute_ruler", "ner"]):
        assert _annotations(indexed(doc.copy())) == _annotations(stock(doc.copy()))


def test_a_later_rule_still_overrides_an_earlier_one():
    # "did" is AUX by its word rule, then VERB by a later rule for a main verb; "He" gets the pronoun's lemma.
    doc = get_spacy()("He did it.")
    assert [t.pos_ for t in doc[:2]] == ["PRON", "VERB"]
    assert doc[0].lemma_ == "he"
