"""What every adapter shares: a bounded memory of recent keys (its own story threads)."""

from __future__ import annotations

from bot.adapters.base import RecentKeys


def test_recent_keys_keep_only_the_last_ones_added() -> None:
    threads: RecentKeys[int] = RecentKeys(kept=3)
    for thread_id in range(10):
        threads.add(thread_id)
    assert len(threads) == 3
    assert 9 in threads and 7 in threads and 6 not in threads


def test_adding_a_key_again_makes_it_recent() -> None:
    threads: RecentKeys[str] = RecentKeys(kept=2)
    threads.add("a")
    threads.add("b")
    threads.add("a")
    threads.add("c")
    assert "a" in threads and "b" not in threads
