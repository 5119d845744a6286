"""MinHash estimates Jaccard similarity of word shingles, stably across processes."""

from __future__ import annotations

from bot.alerts import minhash
from tests.alerts.articles import CALL_AP, CALL_REUTERS


def test_a_lightly_edited_copy_is_close_and_a_rewrite_is_not() -> None:
    original = minhash.signature(CALL_REUTERS.text)
    copy = minhash.signature(CALL_REUTERS.text.replace("on Wednesday", "on Wednesday, Feb 12,"))
    rewrite = minhash.signature(CALL_AP.text)
    assert minhash.similarity(original, copy) > 0.7
    assert minhash.similarity(original, rewrite) < 0.2


def test_the_estimate_is_close_to_the_true_jaccard() -> None:
    a = " ".join(f"w{i}" for i in range(300))
    b = " ".join(f"w{i}" for i in range(100, 400))
    sa, sb = minhash.shingles(a), minhash.shingles(b)
    true = len(sa & sb) / len(sa | sb)
    assert abs(minhash.similarity(minhash.signature(a), minhash.signature(b)) - true) < 0.1


def test_signatures_round_trip_and_are_deterministic() -> None:
    sig = minhash.signature(CALL_REUTERS.text)
    assert (minhash.from_bytes(minhash.to_bytes(sig)) == sig).all()
    assert (minhash.signature(CALL_REUTERS.text) == sig).all()
    assert (minhash.signature("") == 0xFFFFFFFF).all()
