"""en_core_web_sm's attribute rules (coarse POS, morphology and some lemmas from the fine tag and the word),
applied with dictionary look-ups instead of spaCy's `Matcher`, with the same result.

spaCy's `AttributeRuler` runs every one of the model's ~180 rules at every token; that was 13 ms of a ~180 ms
brief (measured on the bench's 600-word articles). Most rules are the tag map ("NN" -> NOUN) and word
exceptions ("PRP" + "he" -> PRON, lemma "he"): one token, a tag and perhaps the lowercase word, which a dict
answers in one look-up. Rules are applied in the model's order in runs: a run of such rules is one table, any
other run (dependency labels, regexes, two-token rules) stays a stock `AttributeRuler` over just those rules.
A later rule still overrides an earlier one, as in spaCy (`tests/summarizer/test_attribute_rules.py` checks
every token attribute against the stock ruler).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.attrs import LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs  # what AttributeRuler itself sets attributes with

FACTORY = "newsbrief_indexed_attribute_ruler"


def _lookup_kind(rule: dict[str, Any]) -> str:
    """ "tag" for a one-token rule on the tag alone, "tag+lower" for one on the tag and the word (a word or a
    list of words), "" for any other rule (left to spaCy's matcher)."""
    if rule.get("index", 0) != 0:
        return ""
    kinds = set()
    for alternative in rule["patterns"]:
        if len(alternative) != 1 or not isinstance(alternative[0].get("TAG"), str):
            return ""
        token = alternative[0]
        lower = token.get("LOWER")
        if set(token) == {"TAG"}:
            kinds.add("tag")
        elif set(token) == {"TAG", "LOWER"} and (
            isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"})
        ):
            kinds.add("tag+lower")
        else:
            return ""
    return kinds.pop() if len(kinds) == 1 else ""


def _keys(rule: dict[str, Any], strings: Any) -> Iterable[Any]:
    for (token,) in rule["patterns"]:
        tag = strings.add(token["TAG"])
        if "LOWER" not in token:
            yield tag
        else:
            lower = token["LOWER"]
            for word in [lower] if isinstance(lower, str) else lower["IN"]:
                yield (tag, strings.add(word))


class IndexedAttributeRuler:
    """The stock rules in the stock order; runs of tag and tag+word rules as look-up tables."""

    def __init__(self, vocab: Any, patterns: list[dict[str, Any]]) -> None:
        self.patterns = patterns  # as `AttributeRuler.patterns`, to compare with or rebuild the stock ruler
        self.stages: list[tuple[str, Any]] = []
        runs: list[tuple[str, list[dict[str, Any]]]] = []
        for rule in patterns:
            kind = _lookup_kind(rule)
            if runs and runs[-1][0] == kind:
                runs[-1][1].append(rule)
            else:
                runs.append((kind, [rule]))
        for kind, rules in runs:
            ruler = AttributeRuler(vocab)
            ruler.add_patterns(rules)  # attributes normalised exactly as spaCy normalises them
            if not kind:
                self.stages.append(("", ruler))
                continue
            table: dict[Any, dict[Any, Any]] = {}
            for attr_id, rule in enumerate(rules):
                for key in _keys(rule, vocab.strings):
                    # Two rules for one key: the later one wins for each attribute it sets, as in spaCy.
                    table[key] = {**table.get(key, {}), **ruler.attrs[attr_id]}
            self.stages.append((kind, table))

    def __call__(self, doc: Doc) -> Doc:
        for kind, stage in self.stages:
            if not kind:
                stage(doc)
                continue
            if kind == "tag":
                keys = doc.to_array(TAG).tolist()
            else:
                keys = [tuple(row) for row in doc.to_array([TAG, LOWER]).tolist()]
            for i, key in enumerate(keys):
                attrs = stage.get(key)
                if attrs:
                    set_token_attrs(doc[i], attrs)
        return doc


@Language.factory(FACTORY, default_config={"patterns": []})
def make_indexed_attribute_ruler(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, patterns)


def index_attribute_rules(nlp: Language) -> None:
    """Swap the pipeline's `attribute_ruler` for the indexed one with the same rules (same name, same place)."""
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
        nlp.replace_pipe("attribute_ruler", FACTORY, config={"patterns": patterns})
