"""SafeFetcher: address checks before any connection, limits, redirects and retries, on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import ipaddress

import httpx
import pytest
from aiohttp import web

from bot.ingest.errors import BlockedAddressError, FetchError
from bot.ingest.safe_fetch import FetchPolicy, SafeFetcher, blocked_reason

from .conftest import LocalServer, local_policy


def recording_client(sent: list[httpx.Request]) -> httpx.AsyncClient:
    """A real client whose request hook records every request it is about to send."""

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    return httpx.AsyncClient(event_hooks={"request": [record]}, follow_redirects=False, trust_env=False)


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "10.0.0.1",
        "127.0.0.1",
        "::1",
        "fd00:ec2::254",
        "100.100.100.200",
        "192.168.1.10",
        "172.16.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",
        "64:ff9b::a00:1",
    ],
)
def test_blocked_reason_refuses_non_public_addresses(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_blocked_reason_allows_public_addresses(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::1]:9/",
        "http://[fd00:ec2::254]/",
        "http://100.100.100.200/",
        "http://[::ffff:169.254.169.254]/",
        "https://10.0.0.1/",
    ],
)
async def test_blocked_literals_are_refused_without_sending(url: str) -> None:
    sent: list[httpx.Request] = []
    async with SafeFetcher(FetchPolicy(backoff_s=0), client=recording_client(sent)) as fetcher:
        with pytest.raises(BlockedAddressError) as caught:
            await fetcher.get(url)
    assert sent == []
    assert caught.value.where == url
    assert url in str(caught.value) and "\n" not in str(caught.value)


async def test_loopback_without_allowance_never_connects(server: LocalServer) -> None:
    server.routes["/"] = lambda r: _text("secret admin page")
    async with SafeFetcher(FetchPolicy(backoff_s=0)) as fetcher:
        for url in (server.url("/"), f"http://localhost:{server.port}/"):
            with pytest.raises(BlockedAddressError, match="loopback"):
                await fetcher.get(url)
    assert server.hits == []


async def test_metadata_stays_blocked_even_with_allow_private() -> None:
    sent: list[httpx.Request] = []
    policy = FetchPolicy(allow_private=True, backoff_s=0)
    async with SafeFetcher(policy, client=recording_client(sent)) as fetcher:
        with pytest.raises(BlockedAddressError, match="metadata"):
            await fetcher.get("http://169.254.169.254/latest/meta-data/")
    assert sent == []


async def test_allowed_host_is_fetched(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/page"] = lambda r: _text("hello", headers={"ETag": '"v1"', "X-Thing": "1"})
    result = await fetcher.get(server.url("/page"))
    assert (result.status, result.content, result.url) == (200, b"hello", server.url("/page"))
    assert result.headers["etag"] == '"v1"' and result.headers["x-thing"] == "1"
    assert server.hits[0].headers["User-Agent"].startswith("newsbrief/")


async def test_allow_private_fetches_loopback(server: LocalServer) -> None:
    server.routes["/"] = lambda r: _text("ok")
    async with SafeFetcher(FetchPolicy(allow_private=True, backoff_s=0)) as fetcher:
        assert (await fetcher.get(f"http://localhost:{server.port}/")).content == b"ok"


async def test_redirect_to_blocked_address_is_refused_before_connecting(server: LocalServer) -> None:
    server.routes["/to-private"] = lambda r: _redirect("http://10.0.0.1/internal")
    server.routes["/to-metadata"] = lambda r: _redirect("http://169.254.169.254/latest/meta-data/")
    server.routes["/to-localhost"] = lambda r: _redirect(f"http://localhost:{server.port}/secret")
    server.routes["/secret"] = lambda r: _text("secret")
    sent: list[httpx.Request] = []
    async with SafeFetcher(local_policy(), client=recording_client(sent)) as fetcher:
        for path in ("/to-private", "/to-metadata", "/to-localhost"):
            with pytest.raises(BlockedAddressError):
                await fetcher.get(server.url(path))
    assert [r.url.path for r in sent] == ["/to-private", "/to-metadata", "/to-localhost"]
    assert server.hits_for("/secret") == []


async def test_relative_redirects_are_followed(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/old"] = lambda r: _redirect("/new")
    server.routes["/new"] = lambda r: _text("moved here")
    result = await fetcher.get(server.url("/old"))
    assert result.url == server.url("/new") and result.content == b"moved here"


async def test_max_redirects(server: LocalServer) -> None:
    async def hop(request: web.Request) -> web.Response:
        n = int(request.query.get("n", "0"))
        if n >= 10:
            return _text("end")
        return _redirect(f"/hop?n={n + 1}")

    server.routes["/hop"] = hop
    async with SafeFetcher(local_policy(max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            await fetcher.get(server.url("/hop?n=0"))
        assert len(server.hits) == 4
        result = await fetcher.get(server.url("/hop?n=7"))  # exactly three redirects is fine
        assert result.content == b"end"


async def test_max_bytes_with_content_length(server: LocalServer) -> None:
    server.routes["/big"] = lambda r: _text("x" * 10_000)
    async with SafeFetcher(local_policy(max_bytes=1_000)) as fetcher:
        with pytest.raises(FetchError, match="response larger than 1 kB"):
            await fetcher.get(server.url("/big"))


async def test_max_bytes_when_streamed_without_length(server: LocalServer) -> None:
    async def stream(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b"y" * 1_000)
        await response.write_eof()
        return response

    server.routes["/stream"] = stream
    async with SafeFetcher(local_policy(max_bytes=5_000)) as fetcher:
        with pytest.raises(FetchError, match="response larger than 5 kB") as caught:
            await fetcher.get(server.url("/stream"))
    assert caught.value.status is None


def test_default_size_message() -> None:
    from bot.ingest.safe_fetch import describe_size

    assert describe_size(FetchPolicy().max_bytes) == "5 MB"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/file", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/", "not a url"]
)
async def test_only_http_and_https(url: str) -> None:
    sent: list[httpx.Request] = []
    async with SafeFetcher(FetchPolicy(), client=recording_client(sent)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.get(url)
    assert sent == [] and not isinstance(caught.value, BlockedAddressError)


async def test_retries_5xx_then_succeeds(server: LocalServer, fetcher: SafeFetcher) -> None:
    async def flaky(request: web.Request) -> web.Response:
        if len(server.hits) < 3:
            return web.Response(status=503, text="busy")
        return _text("finally")

    server.routes["/flaky"] = flaky
    assert (await fetcher.get(server.url("/flaky"))).content == b"finally"
    assert len(server.hits) == 3


async def test_gives_up_after_retries_with_status(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/down"] = lambda r: _text("oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        await fetcher.get(server.url("/down"))
    assert caught.value.status == 500
    assert len(server.hits) == 1 + fetcher.policy.retries


async def test_429_honours_retry_after(server: LocalServer, fetcher: SafeFetcher) -> None:
    async def limited(request: web.Request) -> web.Response:
        if len(server.hits) == 1:
            return web.Response(status=429, headers={"Retry-After": "0"})
        return _text("ok")

    server.routes["/limited"] = limited
    assert (await fetcher.get(server.url("/limited"))).content == b"ok"


async def test_client_errors_are_not_retried(server: LocalServer, fetcher: SafeFetcher) -> None:
    with pytest.raises(FetchError) as caught:
        await fetcher.get(server.url("/missing"))
    assert caught.value.status == 404 and len(server.hits) == 1


async def test_timeout_is_retried_then_reported(server: LocalServer) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return _text("late")

    server.routes["/slow"] = slow
    async with SafeFetcher(local_policy(timeout_s=0.2, retries=1)) as fetcher:
        with pytest.raises(FetchError, match="timed out"):
            await fetcher.get(server.url("/slow"))
    assert len(server.hits) == 2


async def test_connection_refused_is_a_fetch_error() -> None:
    async with SafeFetcher(local_policy(retries=1)) as fetcher:
        with pytest.raises(FetchError, match="connection failed"):
            await fetcher.get("http://127.0.0.1:9/")  # discard port: nothing listens there


async def test_304_is_returned_not_raised(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/same"] = lambda r: web.Response(status=304, headers={"ETag": '"v1"'})
    result = await fetcher.get(server.url("/same"), headers={"If-None-Match": '"v1"'})
    assert result.status == 304 and result.content == b""
    assert server.hits[0].headers["If-None-Match"] == '"v1"'


async def test_public_host_is_pinned_to_the_checked_address() -> None:
    """The request goes to the IP that was checked, with the original Host and TLS name (no traffic)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"pinned")

    class PublicResolver(SafeFetcher):
        async def _resolve(self, url: str, host: str, port: int) -> list[ipaddress.IPv4Address]:  # type: ignore[override]
            return [ipaddress.IPv4Address("93.184.216.34")]

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with PublicResolver(FetchPolicy(), client=client) as fetcher:
        result = await fetcher.get("https://news.example.com:8443/story?id=1")
    await client.aclose()
    assert result.url == "https://news.example.com:8443/story?id=1"
    request = seen[0]
    assert request.url.host == "93.184.216.34" and request.url.port == 8443
    assert request.headers["Host"] == "news.example.com:8443"
    assert request.extensions["sni_hostname"] == "news.example.com"


async def test_any_private_answer_blocks_the_host() -> None:
    class SplitResolver(SafeFetcher):
        async def _resolve(self, url: str, host: str, port: int) -> list:  # type: ignore[override]
            return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]

    sent: list[httpx.Request] = []
    async with SplitResolver(FetchPolicy(), client=recording_client(sent)) as fetcher:
        with pytest.raises(BlockedAddressError, match="10.1.2.3"):
            await fetcher.get("http://rebind.example.com/")
    assert sent == []


def _text(body: str, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(text=body, status=status, headers=headers)


def _redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={"Location": location})


async def test_corrupt_compressed_body_is_a_fetch_error(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/gz"] = lambda r: web.Response(body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="request failed"):
        await fetcher.get(server.url("/gz"))
    assert len(server.hits) == 1
