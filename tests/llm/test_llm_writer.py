"""The LLM writer against a fake OpenAI-compatible server on 127.0.0.1: real HTTP, the real client.

Whatever the server does, every article keeps a brief: the model's summary when it is grounded, otherwise
the extractive one with the reason in `summary_fallback`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.llm import LLMWriter
from bot.llm.breaker import CircuitBreaker
from bot.settings import LLMSettings
from summarizer import SummarizerOptions, summarize
from summarizer.nlp_models import get_spacy
from tests.fakes.openai_server import FakeOpenAI, error, raw, slow, summary
from tests.summarizer.flood_story import ARTICLE, BRIEF, GROUNDED

UNGROUNDED = "Mayor Maria Lopez and her deputy John Carter will spend $9 million. The vote is next week."
KEY = "sk-test-do-not-log-0123456789"  # noqa: S105


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = await FakeOpenAI().start()
    yield server
    await server.stop()


def writer_for(base_url: str, **overrides: object) -> LLMWriter:
    values: dict[str, object] = {
        "base_url": base_url,
        "model": "test-model",
        "timeout_s": 5.0,
        "retries": 2,
        "backoff_s": 0.01,
    }
    values.update(overrides)
    return LLMWriter(LLMSettings(**values))  # type: ignore[arg-type]


async def write_one(writer: LLMWriter) -> object:
    return (await writer.rewrite_async([ARTICLE], [BRIEF]))[0]


async def test_a_grounded_answer_becomes_the_summary(fake: FakeOpenAI) -> None:
    fake.replies = [summary(GROUNDED)]
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary == GROUNDED and brief.summary_source == "llm" and brief.summary_fallback is None
    assert brief.to_dict()["summary_source"] == "llm"
    sent = fake.requests[0].body
    assert sent["model"] == "test-model" and sent["temperature"] == 0
    assert sent["response_format"]["type"] == "json_schema"
    assert "Riverside district" in sent["messages"][-1]["content"]


async def test_an_answer_naming_a_person_or_number_not_in_the_article_falls_back_with_the_reason(
    fake: FakeOpenAI,
) -> None:
    fake.replies = [summary(UNGROUNDED), summary(UNGROUNDED)]
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary_source == "extractive" and brief.summary == BRIEF.summary
    assert "John Carter" in brief.summary_fallback or "Carter" in brief.summary_fallback
    assert "the number 9000000 is not in the article" in brief.summary_fallback
    assert len(fake.requests) == 2  # one retry, told why
    assert "Your summary was rejected" in fake.requests[1].body["messages"][-1]["content"]


async def test_the_retry_with_reasons_can_still_give_the_model_summary(fake: FakeOpenAI) -> None:
    fake.replies = [summary(UNGROUNDED), summary(GROUNDED)]
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary_source == "llm" and brief.summary == GROUNDED


async def test_malformed_json_twice_keeps_the_extractive_summary(fake: FakeOpenAI) -> None:
    fake.replies = [raw('{"summary": "Springfield will'), raw("not json at all")]
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary_source == "extractive"
    assert brief.summary_fallback == "model answer rejected: the answer has no JSON object"


async def test_a_server_that_does_not_answer_in_time_costs_at_most_timeout_s(fake: FakeOpenAI) -> None:
    fake.replies = [slow(30)]
    loop = asyncio.get_running_loop()
    get_spacy()
    start = loop.time()
    brief = await write_one(writer_for(fake.base_url, timeout_s=0.5))
    assert loop.time() - start < 2.5  # not the 30 s the server would take
    assert brief.summary_source == "extractive"
    assert brief.summary_fallback == "the model did not answer within 0.5s"


async def test_429_with_retry_after_is_waited_for_then_the_answer_is_used(fake: FakeOpenAI) -> None:
    fake.replies = [error(429, retry_after="1"), summary(GROUNDED)]
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary_source == "llm"
    first, second = fake.requests
    assert second.at - first.at >= 0.95  # Retry-After honoured, not the 0.01s backoff


async def test_a_500_on_every_try_falls_back_with_the_status(fake: FakeOpenAI) -> None:
    fake.default = lambda body: error(500)
    brief = await write_one(writer_for(fake.base_url, retries=1))
    assert brief.summary_source == "extractive"
    assert brief.summary_fallback == "model unavailable: HTTP 500, 2 tries"
    assert len(fake.requests) == 2


async def test_a_server_that_is_down_falls_back_without_failing_the_article() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    brief = await write_one(writer_for(f"http://127.0.0.1:{port}/v1", retries=1))
    assert brief.summary_source == "extractive" and brief.summary == BRIEF.summary
    assert brief.summary_fallback.startswith("model unavailable: cannot reach the server (ConnectError)")


async def test_a_server_without_structured_output_is_asked_again_with_json_in_the_prompt_only(
    fake: FakeOpenAI,
) -> None:
    fake.refuse_response_format = True
    fake.default = lambda body: summary(GROUNDED)
    brief = await write_one(writer_for(fake.base_url))
    assert brief.summary_source == "llm"
    assert [("response_format" in r.body) for r in fake.requests] == [True, False]


async def test_the_breaker_opens_after_repeated_failures_then_closes_when_the_model_answers(
    fake: FakeOpenAI,
) -> None:
    now = [1000.0]
    writer = writer_for(fake.base_url, retries=0)
    writer.breaker = CircuitBreaker(failures=2, cooldown_s=60, clock=lambda: now[0])
    fake.default = lambda body: error(503)
    for _ in range(2):
        await write_one(writer)
    assert writer.breaker.state == "open" and "PAUSED" in writer.describe()

    asked = len(fake.requests)
    paused = await write_one(writer)
    assert len(fake.requests) == asked  # the model is not asked while the breaker is open
    assert paused.summary_fallback.startswith("model paused: PAUSED — circuit breaker open after 2 failures")

    now[0] += 61
    fake.default = lambda body: summary(GROUNDED)
    writer.cache = type(writer.cache)(0)
    assert (await write_one(writer)).summary_source == "llm"
    assert writer.breaker.state == "closed" and writer.describe().startswith("test-model at http://127.0.0.1:")


async def test_the_same_article_for_the_same_model_is_answered_from_the_cache(fake: FakeOpenAI) -> None:
    fake.replies = [summary(GROUNDED)]
    writer = writer_for(fake.base_url)
    await write_one(writer)
    again = await write_one(writer)
    assert again.summary_source == "llm" and again.summary == GROUNDED
    assert len(fake.requests) == 1 and writer.counts["cached"] == 1


async def test_concurrency_is_bounded_and_a_batch_never_waits_past_timeout_s(fake: FakeOpenAI) -> None:
    fake.replies = [slow(0.3, summary(GROUNDED))] * 4
    fake.default = lambda body: slow(30)
    writer = writer_for(fake.base_url, max_concurrency=2, timeout_s=0.8, cache_size=0)
    articles = [ARTICLE] * 6
    get_spacy()  # loaded before the clock starts, as the writer does
    loop = asyncio.get_running_loop()
    start = loop.time()
    briefs = await writer.rewrite_async(articles, [BRIEF] * 6)
    assert loop.time() - start < 2.5  # the last two would take 30 s
    sources = [b.summary_source for b in briefs]
    assert sources.count("llm") == 4  # two at a time, 0.3s each, within 0.8s
    assert fake.most_at_once == 2
    late = [b.summary_fallback for b in briefs if b.summary_source != "llm"]
    assert late == ["the model did not answer within 0.8s"] * 2
    assert writer.breaker.state == "closed" and "ok" in writer.describe()  # the deadline, not the model, cut them


async def test_an_article_still_queued_at_the_deadline_says_the_model_was_busy(fake: FakeOpenAI) -> None:
    fake.default = lambda body: slow(30)
    writer = writer_for(fake.base_url, max_concurrency=1, timeout_s=0.4, cache_size=0)
    briefs = await writer.rewrite_async([ARTICLE, ARTICLE], [BRIEF, BRIEF])
    assert [b.summary_fallback for b in briefs] == [
        "the model did not answer within 0.4s",
        "the model was busy (max_concurrency 1) for 0.4s",
    ]
    assert len(fake.requests) == 1


async def test_the_key_is_sent_as_a_bearer_token_and_never_logged(
    fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.api_key = KEY
    fake.replies = [error(500), summary(UNGROUNDED), summary(GROUNDED)]
    brief = await write_one(writer_for(fake.base_url, api_key=SecretStr(KEY)))
    assert brief.summary_source == "llm"
    assert fake.requests[0].authorization == f"Bearer {KEY}"
    wrong = await write_one(writer_for(fake.base_url, api_key=SecretStr("sk-wrong-key"), cache_size=0))
    assert wrong.summary_fallback == "model unavailable: the server answered HTTP 401"
    assert caplog.records and KEY not in caplog.text and "sk-wrong-key" not in caplog.text
    assert KEY not in json.dumps(brief.to_dict()) and KEY not in repr(writer_for(fake.base_url).settings)


async def test_summarize_with_the_writer_in_its_options_gives_the_model_summary(fake: FakeOpenAI) -> None:
    fake.default = lambda body: summary(GROUNDED)
    options = SummarizerOptions(writer=writer_for(fake.base_url))
    brief = await asyncio.to_thread(summarize, ARTICLE, options)
    assert brief.summary_source == "llm" and brief.summary == GROUNDED
    assert {a.name for a in brief.actors} >= {"Maria Lopez"}  # actors still come from the extractive stages
