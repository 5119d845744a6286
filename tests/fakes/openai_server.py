"""A fake OpenAI-compatible chat server on 127.0.0.1: `POST /v1/chat/completions`, scripted answers.

The real `bot.llm` client talks to it over loopback, so tests exercise real HTTP, real status codes and
headers (`Retry-After`), real timeouts. Every request is recorded with its arrival time. Like a hosted API,
the fake rejects a wrong bearer key (when it has one), and it can refuse `response_format` like servers
without structured output do.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeReply:
    status: int = 200
    content: str | None = None  # the assistant message (status 200)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (cut short when the server stops)
    body: str | None = None  # a raw body instead of a chat completion


def summary(text: str) -> FakeReply:
    """A well-formed answer whose JSON summary is `text`."""
    return FakeReply(content=json.dumps({"summary": text}))


def raw(content: str) -> FakeReply:
    return FakeReply(content=content)


def error(status: int, retry_after: str | None = None) -> FakeReply:
    return FakeReply(
        status=status,
        headers={"Retry-After": retry_after} if retry_after is not None else {},
        body=json.dumps({"error": {"message": f"fake error {status}"}}),
    )


def slow(seconds: float, then: FakeReply | None = None) -> FakeReply:
    reply = then or summary("Too late.")
    return FakeReply(reply.status, reply.content, reply.headers, seconds, reply.body)


@dataclass
class SeenRequest:
    body: dict[str, Any]
    authorization: str
    at: float


@dataclass
class FakeOpenAI:
    """`await fake.start()`; point `llm.base_url` at `fake.base_url`. Replies are used in order, then `default`."""

    api_key: str | None = None
    replies: list[FakeReply] = field(default_factory=list)
    default: Callable[[dict[str, Any]], FakeReply] | None = None
    refuse_response_format: bool = False
    requests: list[SeenRequest] = field(default_factory=list)
    port: int = 0
    most_at_once: int = 0  # the most requests it was answering at the same time

    def __post_init__(self) -> None:
        self._in_flight = 0
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        auth = request.headers.get("Authorization", "")
        self.requests.append(SeenRequest(body=body, authorization=auth, at=time.monotonic()))
        if self.api_key is not None and auth != f"Bearer {self.api_key}":
            return web.json_response({"error": {"message": "invalid api key"}}, status=401)
        if self.refuse_response_format and "response_format" in body:
            return web.json_response({"error": {"message": "response_format is not supported"}}, status=400)
        if self.replies:
            reply = self.replies.pop(0)
        elif self.default is not None:
            reply = self.default(body)
        else:
            reply = error(500)
        if reply.delay:
            self._in_flight += 1
            self.most_at_once = max(self.most_at_once, self._in_flight)
            try:
                await asyncio.wait_for(self._stopping.wait(), reply.delay)
            except TimeoutError:
                pass
            finally:
                self._in_flight -= 1
        if reply.body is not None or reply.status != 200:
            return web.Response(
                status=reply.status, text=reply.body or "", headers=reply.headers, content_type="application/json"
            )
        completion = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", ""),
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": reply.content}, "finish_reason": "stop"}
            ],
        }
        return web.json_response(completion, headers=reply.headers)
