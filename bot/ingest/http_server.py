"""The HTTP ingest endpoint and health check, served by aiohttp inside the bot's process.

`POST /ingest` takes one article object (or a list) in the JSON shape of `parse.article_from_json`,
authenticated with a bearer token compared in constant time. The whole body is validated before any item
is handed to `on_item`, so a bad element in a list is rejected without half of the list being stored.
`GET /healthz` needs no token: it is for container health checks (is the process alive and its database
reachable), served from the start. `GET /readyz` says whether the first collect-and-brief pass is done
(503 until then), so a large first backlog never makes a container look unhealthy.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.ingest.errors import IngestError
from bot.ingest.parse import article_from_json, loads_json
from bot.items import IngestedItem

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_REQUEST = 100


def _error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers or None)


def _authorised(request: web.Request, token: str) -> bool:
    scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(supplied.strip().encode("utf-8"), token.encode("utf-8"))


def build_http_app(
    *,
    token: str | None,
    on_item: Callable[[IngestedItem], Awaitable[object]],
    health: Callable[[], Awaitable[dict]],
    ready: Callable[[], bool] = lambda: True,
    max_body: int = 2_000_000,
) -> web.Application:
    """The aiohttp app; `token=None` disables ingest (403) but keeps the health check."""

    async def ingest(request: web.Request) -> web.Response:
        if token is None:
            return _error(403, "HTTP ingest is disabled: set an ingest token in the bot's configuration")
        if not _authorised(request, token):
            return _error(401, "missing or wrong bearer token", **{"WWW-Authenticate": 'Bearer realm="ingest"'})
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, f"request body larger than {max_body} bytes")
        where = "request body"
        try:
            if not body.strip():
                raise IngestError(where, "empty body; send a JSON article object or a list of them")
            payload = loads_json(body, where)
            objects = payload if isinstance(payload, list) else [payload]
            if not objects:
                raise IngestError(where, "empty list; send at least one article")
            if len(objects) > MAX_ITEMS_PER_REQUEST:
                raise IngestError(where, f"too many articles ({len(objects)}); at most {MAX_ITEMS_PER_REQUEST}")
            articles = [
                article_from_json(
                    obj, where if len(objects) == 1 and not isinstance(payload, list) else f"{where}[{i}]"
                )
                for i, obj in enumerate(objects)
            ]
        except IngestError as exc:
            return _error(400, str(exc))
        try:
            for article in articles:
                await on_item(IngestedItem.build(article, "http", "http", article.url))
        except Exception as exc:  # the store is busy or down: the client may retry, nothing half-done is lost
            logger.error("HTTP ingest could not store an article: %s", type(exc).__name__)
            return _error(503, "the article store is unavailable; retry shortly", **{"Retry-After": "5"})
        logger.info("HTTP ingest accepted %d article(s)", len(articles))
        return web.json_response({"accepted": len(articles)}, status=202)

    async def healthz(request: web.Request) -> web.Response:
        try:
            report = await health()
        except Exception:
            logger.exception("health check failed")
            return web.json_response({"ok": False, "error": "health check failed"}, status=503)
        status = 503 if isinstance(report, dict) and report.get("ok") is False else 200
        return web.json_response(report, status=status)

    async def readyz(request: web.Request) -> web.Response:
        is_ready = ready()
        return web.json_response({"ready": is_ready}, status=200 if is_ready else 503)

    app = web.Application(client_max_size=max_body)
    app.router.add_post("/ingest", ingest)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
