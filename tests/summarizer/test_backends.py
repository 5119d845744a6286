"""The abstractive backend runs offline on a tiny random BART saved to disk; it writes only the summary."""

from __future__ import annotations

import pytest

from summarizer import Article, SummarizerOptions, summarize
from summarizer.errors import BackendError, ModelLoadError

TEXT = (
    "Agriculture Minister Adamu Bello said the scheme would triple cocoa production by 2008. "
    "The government will pump 154m naira into subsidies for farmers. "
    "Mr Bello said the plan would also encourage processing in the country."
)


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory) -> str:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    out = tmp_path_factory.mktemp("tiny-bart")
    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))  # noqa: S106
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    specials = ["<s>", "<pad>", "</s>", "<unk>"]  # noqa: S105
    tok.train_from_iterator(
        [TEXT, "the minister said the plan will help farmers ."], trainers.WordLevelTrainer(special_tokens=specials)
    )
    fast = PreTrainedTokenizerFast(  # noqa: S106 - special tokens, not secrets
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",  # noqa: S106
    )
    fast.save_pretrained(out)
    config = BartConfig(
        vocab_size=fast.vocab_size,
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=128,
        pad_token_id=fast.pad_token_id,
        bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id,
        decoder_start_token_id=fast.eos_token_id,
        forced_eos_token_id=fast.eos_token_id,
    )
    BartForConditionalGeneration(config).save_pretrained(out)
    return str(out)


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
