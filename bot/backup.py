"""Backup and move: the bot's configuration state as one JSON document, not its articles.

`newsbrief export FILE` writes the sources (with their routes), the channels and their settings, and the
subscriptions (with their topic vectors, so nothing is re-embedded); `newsbrief import FILE` reads it into
any database the bot can open, SQLite or PostgreSQL, so a bot moves between hosts and engines. Articles,
briefs and deliveries are not moved: the new bot polls its feeds again. The configuration file's values are
included for reference; on import, keys that differ from the running configuration are reported, not
applied (configuration lives in the TOML file and the environment).

Import is all or nothing: the document is validated whole first, then written in one transaction, matching
rows by their natural keys (source URL or path; platform and channel; user, channel and query), so importing
the same file twice changes nothing.

This module decides the document (which tables, which columns, how values are written); the reading and
writing of rows is the store's (`bot.store.rows`), given the table classes, alerts' `SubscriptionVector`
among them, so no query is written here and the store still imports no other part.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase

from bot.alerts.tables import SubscriptionVector
from bot.clock import as_utc
from bot.services import Services
from bot.settings import Settings
from bot.store.rows import all_rows, put_row
from bot.store.sources import SourceRoute
from bot.store.tables import Channel, Source, Subscription

logger = logging.getLogger(__name__)

FORMAT = "newsbrief-backup"
VERSION = 1
# columns that are the row's identity or its run-time state: a moved bot starts these afresh
SKIP = {
    *("id", "source_id", "created_at", "etag", "last_modified", "failures", "total_failures", "last_error"),
    *("last_error_at", "last_polled_at", "last_ok_at", "articles_seen"),
}
SECRET_KEYS = {"token", "bot_token", "signing_secret", "app_token", "ingest_token", "url"}


class BackupError(Exception):
    """The backup file cannot be imported; nothing was changed. `str()` says what is wrong and where."""


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    settings_differ: list[str] = field(default_factory=list)

    def count(self, table: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[table] = bucket.get(table, 0) + 1

    def __str__(self) -> str:
        tables = ("sources", "routes", "channels", "subscriptions")
        parts = [f"{t}: {self.created.get(t, 0)} new, {self.updated.get(t, 0)} updated" for t in tables]
        return "; ".join(parts)


def _columns(model: type[DeclarativeBase]) -> list[str]:
    return [c.key for c in model.__table__.columns if c.key not in SKIP]  # type: ignore[attr-defined]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite hands back naive UTC, PostgreSQL aware: write both the same way
        return as_utc(value).isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _row(obj: Any, model: type[DeclarativeBase]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in _columns(model)}


def public_settings(settings: Settings) -> dict[str, Any]:
    """The configuration without secrets or the database URL (the new host has its own)."""

    def scrub(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: scrub(v) for k, v in node.items() if k not in SECRET_KEYS}
        return node

    return scrub(settings.model_dump(mode="json"))


async def export_state(services: Services) -> dict[str, Any]:
    async with services.db.session() as session:
        sources = await all_rows(session, Source)
        routes = await all_rows(session, SourceRoute)
        channels = await all_rows(session, Channel)
        subs = await all_rows(session, Subscription)
        vectors = {v.subscription_id: v.vector for v in await all_rows(session, SubscriptionVector)}
    by_source: dict[int, list[dict[str, Any]]] = {}
    for route in routes:
        by_source.setdefault(route.source_id, []).append(_row(route, SourceRoute))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": services.clock().isoformat(),
        "sources": [{**_row(s, Source), "routes": by_source.get(s.id, [])} for s in sources],
        "channels": [_row(c, Channel) for c in channels],
        "subscriptions": [
            {**_row(s, Subscription), "vector": _value(vectors[s.id]) if s.id in vectors else None} for s in subs
        ],
        "settings": public_settings(services.settings),
    }


def _parse(model: type[DeclarativeBase], raw: Any, where: str) -> dict[str, Any]:
    """Check one row against the model's columns and convert it back (datetimes, bytes)."""
    if not isinstance(raw, dict):
        raise BackupError(f"{where}: expected an object")
    table = model.__table__  # type: ignore[attr-defined]
    values: dict[str, Any] = {}
    for name in _columns(model):
        column = table.columns[name]
        if name not in raw:
            if not column.nullable and column.default is None and not column.primary_key:
                raise BackupError(f"{where}: missing '{name}'")
            continue
        value = raw[name]
        python_type = column.type.python_type
        try:
            if value is None:
                if not column.nullable:
                    raise BackupError(f"{where}.{name}: must not be null")
            elif python_type is datetime:
                value = datetime.fromisoformat(value)
            elif python_type is bytes:
                value = base64.b64decode(value, validate=True)
            elif python_type is bool:
                if not isinstance(value, bool):
                    raise BackupError(f"{where}.{name}: expected true or false, got {value!r}")
            elif not isinstance(value, python_type) or (python_type is int and isinstance(value, bool)):
                raise BackupError(f"{where}.{name}: expected {python_type.__name__}, got {type(value).__name__}")
            length = getattr(column.type, "length", None)
            if isinstance(value, str) and length and len(value) > length:
                raise BackupError(f"{where}.{name}: longer than {length} characters")
        except (TypeError, ValueError) as exc:
            raise BackupError(f"{where}.{name}: {exc}") from None
        values[name] = value
    return values


@dataclass
class _Parsed:
    sources: list[tuple[dict[str, Any], list[dict[str, Any]]]]
    channels: list[dict[str, Any]]
    subscriptions: list[tuple[dict[str, Any], bytes | None]]
    settings: dict[str, Any]


def validate(document: Any) -> _Parsed:
    """The whole document checked before anything is written; BackupError names the first problem."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f'not a newsbrief backup (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise BackupError(f"backup version {document.get('version')!r} is not supported (this bot reads {VERSION})")
    for key in ("sources", "channels", "subscriptions"):
        if not isinstance(document.get(key, []), list):
            raise BackupError(f"{key}: expected a list")
    sources = []
    for i, raw in enumerate(document.get("sources", [])):
        row = _parse(Source, raw, f"sources[{i}]")
        routes = raw.get("routes", [])
        if not isinstance(routes, list):
            raise BackupError(f"sources[{i}].routes: expected a list")
        sources.append((row, [_parse(SourceRoute, r, f"sources[{i}].routes[{j}]") for j, r in enumerate(routes)]))
    channels = [_parse(Channel, raw, f"channels[{i}]") for i, raw in enumerate(document.get("channels", []))]
    subs = []
    for i, raw in enumerate(document.get("subscriptions", [])):
        row = _parse(Subscription, raw, f"subscriptions[{i}]")
        vector = raw.get("vector")
        try:
            subs.append((row, base64.b64decode(vector, validate=True) if vector else None))
        except (TypeError, ValueError):
            raise BackupError(f"subscriptions[{i}].vector: not base64") from None
    settings = document.get("settings", {})
    return _Parsed(sources, channels, subs, settings if isinstance(settings, dict) else {})


def _differences(saved: dict[str, Any], current: dict[str, Any], prefix: str = "") -> list[str]:
    found = []
    for key, value in saved.items():
        here = current.get(key)
        name = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(here, dict):
            found += _differences(value, here, name + ".")
        elif key in current and value != here:
            found.append(f"{name}: backup {json.dumps(value)[:80]}, here {json.dumps(here)[:80]}")
    return found


async def import_state(services: Services, document: Any) -> ImportReport:
    """Write a validated backup into this bot's database in one transaction; BackupError changes nothing."""
    parsed = validate(document)
    report = ImportReport(settings_differ=_differences(parsed.settings, public_settings(services.settings)))
    async with services.db.session() as session:
        for values, routes in parsed.sources:
            source, created = await put_row(session, Source, {"key": values["key"]}, values)
            report.count("sources", created)
            for route in routes:
                keys = {"source_id": source.id, "platform": route["platform"], "channel_id": route["channel_id"]}
                _, created = await put_row(session, SourceRoute, keys, {**route, "source_id": source.id})
                report.count("routes", created)
        for values in parsed.channels:
            keys = {"platform": values["platform"], "channel_id": values["channel_id"]}
            _, created = await put_row(session, Channel, keys, values)
            report.count("channels", created)
        for values, vector in parsed.subscriptions:
            keys = {k: values[k] for k in ("platform", "user_id", "channel_id", "query")}
            sub, created = await put_row(session, Subscription, keys, values)
            report.count("subscriptions", created)
            if vector is not None:
                keys = {"subscription_id": sub.id}
                await put_row(session, SubscriptionVector, keys, {**keys, "vector": vector})
    logger.info("backup imported: %s", report)
    return report
