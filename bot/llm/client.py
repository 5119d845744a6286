"""A small client for OpenAI-compatible chat servers (Ollama, llama.cpp's server, vLLM, hosted APIs).

httpx directly rather than the `openai` package: httpx is already a dependency, and the few things needed
here (one POST, `Retry-After`, a hard deadline shared by retries, structured output with a fallback for
servers that refuse it) are simpler to get exactly right in a page than by switching off and re-wrapping
the `openai` client's own retries and timeouts.

Retries: timeouts, connection errors, 429 (honouring `Retry-After`) and 5xx, with exponential backoff, but
never past the caller's deadline. The API key goes only into the `Authorization` header; no log line or
error message carries it (nor the server's raw answer).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from bot.ingest.safe_fetch import _retry_after
from bot.settings import LLMSettings
from summarizer.writer import RESPONSE_SCHEMA

logger = logging.getLogger(__name__)

_RETRY_STATUSES = {429, 500, 502, 503, 504}


class LLMError(Exception):
    """The server gave no usable answer; the message is a short reason fit for a brief and a log line."""


class ChatClient:
    """`complete(messages, deadline)` → the assistant's message text."""

    def __init__(self, settings: LLMSettings, http: httpx.AsyncClient, api_key: str | None = None) -> None:
        self.settings = settings
        self._http = http
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._structured = True  # ask for a JSON schema until the server says it cannot do that

    @property
    def url(self) -> str:
        return f"{self.settings.base_url}/chat/completions"

    def _body(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "stream": False,
        }
        if self._structured:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "brief_summary", "schema": RESPONSE_SCHEMA, "strict": True},
            }
        return body

    async def complete(self, messages: list[dict[str, str]], deadline: float) -> str:
        """The answer, retrying what is worth retrying until `deadline` (event-loop time); raises `LLMError`."""
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError
            try:
                response = await self._http.post(
                    self.url, json=self._body(messages), headers=self._headers, timeout=left
                )
            except httpx.TimeoutException:
                raise TimeoutError from None
            except httpx.TransportError as exc:
                status, reason, delay = None, f"cannot reach the server ({type(exc).__name__})", None
            else:
                status = response.status_code
                if status == 200:
                    return _content(response)
                if status == 400 and self._structured and _refuses_schema(response.text):
                    logger.info("the LLM server refuses response_format; asking for JSON in the prompt only")
                    self._structured = False
                    continue
                reason = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
                delay = _retry_after(response.headers.get("retry-after"), cap=3600.0)
                if status not in _RETRY_STATUSES:
                    raise LLMError(f"the server answered {reason}")
            if attempt >= self.settings.retries:
                raise LLMError(f"{reason}, {attempt + 1} tries")
            wait = max(self.settings.backoff_s * 2**attempt, delay or 0.0)
            if loop.time() + wait >= deadline:
                raise LLMError(f"{reason}; the next try (in {wait:g}s) would be past the deadline")
            logger.info("LLM server: %s; retrying in %.1fs", reason, wait)
            attempt += 1
            await asyncio.sleep(wait)


def _refuses_schema(body: str) -> bool:
    return "response_format" in body or "schema" in body


def _content(response: httpx.Response) -> str:
    try:
        data = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError("the server's answer is not an OpenAI-style chat completion") from None
    if not isinstance(content, str):
        raise LLMError("the server's answer has no message text")
    return content
