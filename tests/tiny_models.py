"""A tiny random BART the tests build and save themselves, so the abstractive path runs offline."""

from __future__ import annotations

from pathlib import Path


def build_tiny_bart(out: Path, texts: list[str]) -> str:
    """Train a word-level tokenizer on `texts`, save it with a 1-layer random BART under `out`."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))  # noqa: S106
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    tok.train_from_iterator(texts, trainers.WordLevelTrainer(special_tokens=specials))
    fast = PreTrainedTokenizerFast(  # noqa: S106 - special tokens, not secrets
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
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
