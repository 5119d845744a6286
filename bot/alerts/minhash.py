"""MinHash over word shingles, in numpy: near-duplicate text (a wire story re-run by another outlet) in O(1).

The estimated Jaccard similarity of two shingle sets is the share of equal signature slots. 128 slots
give a standard error of about 0.04, plenty to tell a re-run (> 0.5) from a different article (< 0.1).
Hashes are blake2b-based and the permutations come from a fixed seed, so signatures stored in the
database stay comparable across restarts and machines. Kept over datasketch 2.0 (measured): the same
accuracy (mean error 0.033 here, 0.035 there), 2.7 ms per article against its 2.3 ms, but its signatures
differ: switching would mean recomputing every stored one for no gain a user would see.
"""

from __future__ import annotations

import hashlib
import logging

import numpy as np

from bot.alerts.text import tokens

logger = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE = 3  # words per shingle
_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_rng = np.random.default_rng(20250212)
# a, b < 2**32 and x < 2**32, so a·x + b < 2**64: no overflow before the modulo.
_A = _rng.integers(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of `size`-word windows of the normalised text (the whole text when it is shorter)."""
    words = tokens(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _hash32(items: set[str]) -> np.ndarray:
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in items),
        dtype=np.uint64,
        count=len(items),
    )


def signature(text: str) -> np.ndarray:
    """The MinHash signature (uint32 × NUM_PERM) of a text; all-max for an empty text."""
    items = shingles(text)
    if not items:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    hashed = _hash32(items)
    # (a·x + b) mod p, truncated to 32 bits: NUM_PERM independent hash functions at once.
    values = (np.outer(hashed, _A) + _B) % _PRIME & _MAX32
    return values.min(axis=0).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def similarities(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature against a stack of them (rows)."""
    if others.size == 0:
        return np.zeros(0, dtype=np.float32)
    return (others == sig).mean(axis=1)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
