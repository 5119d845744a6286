"""The abstractive backend runs offline on a tiny random BART saved to disk; it writes only the summary."""

from __future__ import annotations

import pytest

from summarizer import Article, SummarizerOptions, summarize
from summarizer.errors import BackendError, ModelLoadError
from tests.tiny_models import build_tiny_bart

TEXT = (
    "Agriculture Minister Adamu Bello said the scheme would triple cocoa production by 2008. "
    "The government will pump 154m naira into subsidies for farmers. "
    "Mr Bello said the plan would also encourage processing in the country."
)


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory) -> str:
    return build_tiny_bart(
        tmp_path_factory.mktemp("tiny-bart"), [TEXT, "the minister said the plan will help farmers ."]
    )


def test_abstractive_backend_writes_the_summary_and_extractive_stages_the_rest(tiny_bart):
    opts = SummarizerOptions(backend="abstractive", abstractive_model=tiny_bart, max_new_tokens=20, num_beams=1)
    b = summarize(Article(title="Nigeria to boost cocoa", text=TEXT), opts)
    assert b.summary and len(b.summary.split()) <= 75
    extractive = summarize(Article(title="Nigeria to boost cocoa", text=TEXT))
    assert b.actors == extractive.actors and b.next_steps == extractive.next_steps
    assert b.actors[0].name == "Adamu Bello" and b.actors[0].role == "Agriculture Minister"


def test_abstractive_backend_without_a_model_is_a_clear_error():
    with pytest.raises(BackendError, match="abstractive_model"):
        summarize(Article(title="t", text=TEXT), SummarizerOptions(backend="abstractive"))


def test_a_missing_model_directory_is_a_model_load_error(tmp_path):
    opts = SummarizerOptions(backend="abstractive", abstractive_model=str(tmp_path / "missing"))
    with pytest.raises(ModelLoadError):
        summarize(Article(title="t", text=TEXT), opts)
