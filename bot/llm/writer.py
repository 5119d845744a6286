"""`LLMWriter`: the service's `SummaryWriter`, an OpenAI-compatible model writing grounded summaries.

For a batch of briefs: each article is drafted (`summarizer.writer.Draft`: prompt, parse, grounding check,
one retry with the reasons) over at most `max_concurrency` requests at a time, all under one deadline of
`timeout_s` from the start of the batch, so no post waits longer than that for the model. A cache answers
articles already written; a circuit breaker skips the model while it keeps failing. Whatever happens, every
article gets its brief: the extractive summary, with `summary_fallback` saying why, when the model's is not
usable.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Protocol

import httpx

from bot.llm.breaker import CircuitBreaker
from bot.llm.cache import SummaryCache, article_key
from bot.llm.client import ChatClient, LLMError
from bot.settings import ConfigError, LLMSettings, Settings, load_settings
from summarizer import Article, Brief
from summarizer.writer import Draft

logger = logging.getLogger(__name__)


class LLMWriter:
    """Implements `summarizer.writer.SummaryWriter`; one per process (it holds the breaker and the cache)."""

    def __init__(self, settings: LLMSettings, max_words: int = 75) -> None:
        self.settings = settings
        self.max_words = max_words
        self.breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_cooldown_s)
        self.cache = SummaryCache(settings.cache_size)
        self.counts = {"written": 0, "cached": 0, "fallback": 0}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMWriter:
        return cls(settings.llm, settings.summarizer.max_words)

    @property
    def endpoint(self) -> str:
        """The server without any credentials a URL might carry, for /sources and logs."""
        url = httpx.URL(self.settings.base_url)
        return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")

    def describe(self) -> str:
        """The health line /sources shows."""
        c = self.counts
        return (
            f"{self.settings.model} at {self.endpoint} — {self.breaker.describe()} — "
            f"{c['written']} written, {c['cached']} from cache, {c['fallback']} kept extractive"
        )

    # SummaryWriter
    def rewrite(self, articles: Sequence[Article], briefs: Sequence[Brief]) -> list[Brief]:
        """Synchronous entry for the pipeline (it runs in a worker thread): one event loop per batch."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.rewrite_async(articles, briefs))
        with ThreadPoolExecutor(1) as pool:  # called from inside a loop: asyncio.run cannot nest, use a thread
            return pool.submit(asyncio.run, self.rewrite_async(articles, briefs)).result()

    async def rewrite_async(self, articles: Sequence[Article], briefs: Sequence[Brief]) -> list[Brief]:
        gate = asyncio.Semaphore(self.settings.max_concurrency)
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        try:
            nlp = _spacy()  # loaded before the clock starts: the deadline is for the model
            deadline = asyncio.get_running_loop().time() + self.settings.timeout_s
            async with httpx.AsyncClient(follow_redirects=False) as http:
                client = ChatClient(self.settings, http, key)
                return list(
                    await asyncio.gather(
                        *(self._write(client, gate, deadline, a, b, nlp) for a, b in zip(articles, briefs, strict=True))
                    )
                )
        except Exception as exc:  # noqa: BLE001 - a writer bug must cost the fluent wording, never the brief
            logger.exception("the LLM writer failed; keeping the extractive summaries")
            return [replace(b, summary_fallback=f"writer error: {type(exc).__name__}") for b in briefs]

    async def _write(
        self,
        client: ChatClient,
        gate: asyncio.Semaphore,
        deadline: float,
        article: Article,
        brief: Brief,
        nlp: Any,
    ) -> Brief:
        key = article_key(article, self.settings.model)
        cached = self.cache.get(key)
        if cached is not None:
            self._count("cached")
            return replace(brief, summary=" ".join(cached), summary_sentences=cached, summary_source="llm")
        draft = Draft(
            article,
            brief,
            max_words=self.max_words,
            max_input_chars=self.settings.max_input_chars,
            nlp=nlp,
        )
        asked_at: float | None = None  # when the request in flight was sent
        if not self.breaker.allow():
            draft.give_up(f"model paused: {self.breaker.describe()}")
        try:
            async with asyncio.timeout_at(deadline), gate:
                while not draft.done:
                    if not self.breaker.allow():
                        draft.give_up(f"model paused: {self.breaker.describe()}")
                        break
                    asked_at = asyncio.get_running_loop().time()
                    answer = await client.complete(draft.messages(), deadline)
                    asked_at = None
                    self.breaker.success()
                    reasons = draft.offer(answer)
                    if reasons:
                        logger.info("LLM summary of %r rejected: %r", article.title[:80], reasons)
        except TimeoutError:
            limit = self.settings.timeout_s
            if asked_at is not None:
                if deadline - asked_at >= limit / 2:  # a fair chance to answer, not just the batch's last moments
                    self.breaker.failure("timeout")
                draft.give_up(f"the model did not answer within {limit:g}s")
            else:
                draft.give_up(f"the model was busy (max_concurrency {self.settings.max_concurrency}) for {limit:g}s")
        except LLMError as exc:
            self.breaker.failure(str(exc))
            draft.give_up(f"model unavailable: {exc}")
        result = draft.result or draft.give_up("no answer")
        if result.summary_source == "llm":
            self.cache.put(key, result.summary_sentences)
            self._count("written")
        else:
            self._count("fallback")
            logger.info("article %r keeps its extractive summary: %r", article.title[:80], result.summary_fallback)
        return result

    def _count(self, name: str) -> None:
        with self._lock:
            self.counts[name] += 1


class HoldsWriter(Protocol):
    """Where the running service keeps its one LLM writer (`bot.services.Services` is one), so this package
    never imports the core."""

    llm_writer: LLMWriter | None

    @property
    def settings(self) -> Settings: ...


def summary_writer(holder: HoldsWriter) -> LLMWriter | None:
    """The process's LLM writer when `summarizer.backend = "llm"` (made once, so its breaker and cache last)."""
    if holder.llm_writer is None:
        holder.llm_writer = writer_for(holder.settings)
    return holder.llm_writer


def writer_for(settings: Settings) -> LLMWriter | None:
    """A new LLM writer when `summarizer.backend = "llm"`, else None."""
    return LLMWriter.from_settings(settings) if settings.summarizer.backend == "llm" else None


def _spacy() -> Any:
    from summarizer.nlp_models import get_spacy

    return get_spacy()


def writer_from_config() -> LLMWriter:
    """Entry point `newsbrief.summary_writers: llm`: the writer `config/newsbrief.toml` (or
    `NEWSBRIEF_CONFIG`) and `NEWSBRIEF_LLM_API_KEY` describe, for public-API callers such as the shared
    evaluation scripts (`NEWSBRIEF_SUMMARY_WRITER=llm`)."""
    settings = load_settings()
    for name in ("base_url", "model"):
        if not getattr(settings.llm, name):
            raise ConfigError(f"llm.{name}: NEWSBRIEF_SUMMARY_WRITER=llm needs it set in the configuration")
    return LLMWriter.from_settings(settings)
