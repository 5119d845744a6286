"""Local servers on 127.0.0.1 for the ingest tests: real HTTP, no mocks, no traffic beyond loopback."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from bot.ingest.safe_fetch import FetchPolicy, SafeFetcher
from tests.loopback import serve

Handler = Callable[[web.Request], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class LocalServer:
    """An aiohttp app on 127.0.0.1:<random port> that records every request it receives."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[web.Request] = field(default_factory=list)
    base: str = ""
    port: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes[path] = handler
            return handler

        return register

    def hits_for(self, path: str) -> list[web.Request]:
        return [r for r in self.hits if r.path == path]


@pytest.fixture
async def server() -> AsyncIterator[LocalServer]:
    state = LocalServer()

    async def dispatch(request: web.Request) -> web.StreamResponse:
        state.hits.append(request)
        handler = state.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not found")
        response = handler(request)
        return await response if inspect.isawaitable(response) else response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", dispatch)
    async with serve(app) as base:
        state.base, state.port = base, int(base.rsplit(":", 1)[1])
        yield state


def local_policy(**overrides: object) -> FetchPolicy:
    """The policy tests use: only 127.0.0.1 is exempt from the address check, no backoff sleeps."""
    values: dict[str, object] = {"allowed_hosts": ("127.0.0.1",), "backoff_s": 0.0, "timeout_s": 5.0}
    values.update(overrides)
    return FetchPolicy(**values)  # type: ignore[arg-type]


@pytest.fixture
async def fetcher() -> AsyncIterator[SafeFetcher]:
    async with SafeFetcher(local_policy()) as safe:
        yield safe
