"""Shared fixtures: offline model settings, isolated settings, and an app over a store seeded from `seeds/`."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bot.app import App  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CONFIG = REPO / "config" / "newsbrief.toml"
POSTGRES_URL = os.environ.get("NEWSBRIEF_TEST_POSTGRES_URL")


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings from the committed defaults, with a database in `tmp_path`, no tokens from the environment,
    and dotted-key overrides (`{"sources.folders": [...]}` or keyword `sources__folders=[...]`)."""
    values: dict[str, Any] = {
        "database.url": f"sqlite+aiosqlite:///{tmp_path / 'newsbrief.db'}",
        "sources.folders": [str(SEEDS)],
        "fetch.backoff_seconds": 0,
    }
    values.update({key.replace("__", "."): value for key, value in overrides.items()})
    return load_settings(CONFIG, env={}, overrides=values)


class RealNetworkCall(RuntimeError):
    """A test tried to reach a host other than this machine: tests talk to fakes on 127.0.0.1 only."""


def _is_loopback(family: int, address: Any) -> bool:
    if family not in (socket.AF_INET, socket.AF_INET6):
        return True  # a Unix socket never leaves the machine
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: connect() would resolve it, i.e. ask DNS
        return False


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every connection to a non-loopback address fails (`RealNetworkCall`), and the test fails at its end
    even when the code under test caught the error: an unexpected real network call is never silent."""
    attempts: list[str] = []
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(sock: socket.socket, address: Any) -> None:
        if not _is_loopback(sock.family, address):
            attempts.append(repr(address))
            raise RealNetworkCall(f"a test tried to connect to {address!r}; use a fake server on 127.0.0.1")

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        refuse(sock, address)
        connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        refuse(sock, address)
        return connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield attempts
    if attempts:
        pytest.fail(f"real network calls attempted: {', '.join(attempts)}")


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """`make_settings(tmp_path, **overrides)` → isolated Settings (see `settings_for`)."""
    return settings_for


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with `seeds/` ingested and briefed, built once per test session and copied per test."""
    folder = tmp_path_factory.mktemp("seeded")

    async def build() -> None:
        app = await App.create(settings_for(folder))
        try:
            await app.collect()
            await app.process_pending()
        finally:
            await app.close()

    asyncio.run(build())
    return folder / "newsbrief.db"


@pytest.fixture
async def seeded_app(tmp_path: Path, seeded_db_template: Path) -> AsyncIterator[App]:
    """An App over a private copy of the seeded store: seeds briefed, nothing published, no adapter attached."""
    shutil.copy(seeded_db_template, tmp_path / "newsbrief.db")
    app = await App.create(settings_for(tmp_path))
    try:
        yield app
    finally:
        await app.close()


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    """An App over an empty store in `tmp_path`."""
    instance = await App.create(settings_for(tmp_path, **{"sources.folders": []}))
    try:
        yield instance
    finally:
        await instance.close()


def database_params() -> list[Any]:
    """SQLite always; PostgreSQL when NEWSBRIEF_TEST_POSTGRES_URL is set (else a visible skip)."""
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="NEWSBRIEF_TEST_POSTGRES_URL is not set"),
        ),
    ]


@pytest.fixture(params=database_params())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database URL: a SQLite file, or a throw-away PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
        return
    assert POSTGRES_URL
    async with throwaway_database(POSTGRES_URL) as url:
        yield url


@contextlib.asynccontextmanager
async def throwaway_database(server_url: str) -> AsyncIterator[str]:
    """A new empty database on the PostgreSQL server of `server_url` (any database there), dropped after."""
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"newsbrief_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(
        host=url.host or url.query.get("host"),
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
