"""The HTTP ingest endpoint and health check, served for real on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.ingest.http_server import build_http_app
from bot.items import IngestedItem, content_hash

TOKEN = "s3cret-token"  # noqa: S105 - a test token
ARTICLE = {
    "title": "Rail link delayed",
    "text": "The transport minister said on Monday that the new rail link would open in June.",
    "url": "https://example.org/rail",
    "published": "2025-02-03",
}


@pytest.fixture
async def make_client() -> AsyncIterator[Callable[..., object]]:
    clients: list[TestClient] = []

    async def make(
        token: str | None = TOKEN,
        health_report: dict | Exception | None = None,
        received: list[IngestedItem] | None = None,
        max_body: int = 2_000_000,
    ) -> TestClient:
        async def on_item(item: IngestedItem) -> None:
            if received is not None:
                received.append(item)

        async def health() -> dict:
            if isinstance(health_report, Exception):
                raise health_report
            return health_report if health_report is not None else {"ok": True, "sources": 3}

        app: web.Application = build_http_app(token=token, on_item=on_item, health=health, max_body=max_body)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_ingest_accepts_one_article(make_client) -> None:
    received: list[IngestedItem] = []
    client = await make_client(received=received)
    response = await client.post("/ingest", json=ARTICLE, headers=auth())
    assert response.status == 202
    assert await response.json() == {"accepted": 1}
    (item,) = received
    assert (item.origin, item.source_key, item.external_id) == ("http", "http", "https://example.org/rail")
    assert item.article.title == "Rail link delayed"
    assert item.article.published is not None and item.article.published.isoformat() == "2025-02-03T00:00:00+00:00"


async def test_ingest_accepts_a_list_and_ids_default_to_hash(make_client) -> None:
    received: list[IngestedItem] = []
    client = await make_client(received=received)
    no_url = {"title": "Second", "text": "Another story text."}
    response = await client.post("/ingest", json=[ARTICLE, no_url], headers=auth())
    assert response.status == 202 and await response.json() == {"accepted": 2}
    assert received[1].external_id == content_hash("Second", "Another story text.") == received[1].content_hash


@pytest.mark.parametrize(
    "headers",
    [
        {},
        auth("wrong"),
        {"Authorization": TOKEN},
        {"Authorization": "Basic eDp5"},
        auth(TOKEN + "x"),
        auth(""),
    ],
)
async def test_ingest_requires_the_token(make_client, headers: dict[str, str]) -> None:
    received: list[IngestedItem] = []
    client = await make_client(received=received)
    response = await client.post("/ingest", json=ARTICLE, headers=headers)
    assert response.status == 401
    assert "token" in (await response.json())["error"]
    assert received == []


async def test_ingest_disabled_without_token(make_client) -> None:
    client = await make_client(token=None)
    response = await client.post("/ingest", json=ARTICLE, headers=auth())
    assert response.status == 403
    assert "disabled" in (await response.json())["error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": "a",', "request body: invalid JSON"),
        (b"", "request body: empty body"),
        (b"[]", "empty list"),
        (b'{"title": 1, "text": "x"}', "request body: field 'title' must be a string"),
        (b'[{"title": "a", "text": "b"}, {"title": "c"}]', "request body[1]: missing required field 'text'"),
        (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        (b"\xff\xfe\x00garbage", "request body: invalid JSON"),
        (b'{"title": "a", "text": "b", "n": ' + b"9" * 100_000 + b"}", "a number with too many digits"),
        (b'{"title": "a \\ud800", "text": "b"}', "field 'title' contains an unpaired surrogate (\\ud800)"),
        (b'{"title": "a", "text": "b \\udfff c"}', "field 'text' contains an unpaired surrogate (\\udfff)"),
        (b'{"title": "a", "text": "b \\u0000 c"}', "field 'text' contains a NUL character (\\u0000)"),
    ],
)
async def test_bad_body_is_400_and_nothing_is_stored(make_client, body: bytes, message: str) -> None:
    received: list[IngestedItem] = []
    client = await make_client(received=received)
    response = await client.post("/ingest", data=body, headers={**auth(), "Content-Type": "application/json"})
    assert response.status == 400
    error = (await response.json())["error"]
    assert message in error and "\n" not in error
    assert received == []


async def test_body_too_large(make_client) -> None:
    client = await make_client(max_body=1_000)
    response = await client.post("/ingest", json={**ARTICLE, "text": "x " * 5_000}, headers=auth())
    assert response.status == 413


async def test_healthz_ok_without_auth(make_client) -> None:
    client = await make_client(token=None)
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"ok": True, "sources": 3}


async def test_healthz_reports_unhealthy_as_503(make_client) -> None:
    client = await make_client(health_report={"ok": False, "db": "down"})
    response = await client.get("/healthz")
    assert response.status == 503 and (await response.json())["db"] == "down"


async def test_healthz_survives_a_failing_check(make_client) -> None:
    client = await make_client(health_report=RuntimeError("db exploded"))
    response = await client.get("/healthz")
    assert response.status == 503
    assert await response.json() == {"ok": False, "error": "health check failed"}


async def test_ingest_is_post_only(make_client) -> None:
    client = await make_client()
    assert (await client.get("/ingest", headers=auth())).status == 405


async def test_readyz_is_503_until_the_first_pass_is_done(make_client) -> None:
    state = {"ready": False}
    app = build_http_app(token=TOKEN, on_item=lambda item: None, health=lambda: None, ready=lambda: state["ready"])
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        before = await client.get("/readyz")
        state["ready"] = True
        after = await client.get("/readyz")
        assert (before.status, await before.json()) == (503, {"ready": False})
        assert (after.status, await after.json()) == (200, {"ready": True})
    finally:
        await client.close()


async def test_a_failing_store_is_503_with_retry_after_never_500() -> None:
    async def broken(item: IngestedItem) -> None:
        raise RuntimeError("database is locked")

    async def health() -> dict:
        return {"ok": True}

    client = TestClient(TestServer(build_http_app(token=TOKEN, on_item=broken, health=health), host="127.0.0.1"))
    await client.start_server()
    try:
        response = await client.post("/ingest", json=ARTICLE, headers=auth())
        assert response.status == 503 and response.headers["Retry-After"] == "5"
        assert "locked" not in (await response.json())["error"]
    finally:
        await client.close()
