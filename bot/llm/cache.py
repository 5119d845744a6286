"""Written summaries kept by article hash and model, so a re-brief (an edited feed item, a re-run) costs no call.

Only accepted (grounded) summaries are kept; a fallback is never cached, so a recovered server gets its chance.
Bounded (least recently used goes first) and thread-safe.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from summarizer import Article


def article_key(article: Article, model: str) -> str:
    """sha256 of the model name, the title and the text: the same article for the same model hits."""
    digest = hashlib.sha256()
    for part in (model, article.title or "", article.text or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class SummaryCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[str, ...] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, sentences: tuple[str, ...]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = sentences
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
