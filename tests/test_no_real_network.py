"""Tests never reach the real network: a connection beyond loopback fails, and fails the test, loudly."""

from __future__ import annotations

import socket

import aiohttp
import pytest

from tests.conftest import RealNetworkCall


def test_a_connection_beyond_loopback_is_refused_and_recorded(no_real_network: list[str]) -> None:
    with socket.socket() as sock, pytest.raises(RealNetworkCall, match="203.0.113.7"):
        sock.connect(("203.0.113.7", 443))  # TEST-NET-3: documentation only, routed nowhere
    assert no_real_network == ["('203.0.113.7', 443)"]
    no_real_network.clear()  # recorded on purpose here; any other test with an attempt fails at its end


async def test_loopback_connections_still_work() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.socket() as client:
        client.connect(server.getsockname())
        accepted, _ = server.accept()
        accepted.close()


async def test_an_http_client_reaching_out_is_caught_even_when_its_error_is_wrapped(
    no_real_network: list[str],
) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises((RealNetworkCall, aiohttp.ClientError)):
            await session.get("http://203.0.113.7/feed.xml", timeout=aiohttp.ClientTimeout(total=5))
    assert no_real_network == ["('203.0.113.7', 80)"]
    no_real_network.clear()
