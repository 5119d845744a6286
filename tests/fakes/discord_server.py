"""A small fake Discord (REST + gateway) on 127.0.0.1 that drives real discord.py end to end.

dpytest cannot do slash commands, so tests talk the real protocols to this server instead: discord.py's
`Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY` point here (the adapter does that from
`DiscordSettings.api_base` / `gateway_url`). Every REST request is recorded for assertions; the gateway
sends HELLO, answers IDENTIFY with READY + GUILD_CREATE, ACKs heartbeats, and lets a test inject events
(`interact`, `user_message`). It behaves like Discord where tests depend on it: JSON replies with
`Content-Type: application/json` exactly, message nonces de-duplicated under `enforce_nonce`, a thread
started from a message takes the message's id (and a second one is refused with code 160004), and new
messages and threads are echoed over the gateway as MESSAGE_CREATE / THREAD_CREATE, and the bot's own
messages can be edited (PATCH, same limits, echoed as MESSAGE_UPDATE).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 38)  # view, send, read history, send in threads
INTERACTION_CALLBACK = {4: "message", 5: "deferred"}

Json = dict[str, Any]


@dataclass
class Recorded:
    """One REST request as discord.py sent it."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    authorized: bool  # an Authorization header was present (its value is never kept)


@dataclass
class Interaction:
    id: str
    token: str

    @property
    def callback_path(self) -> str:
        return f"/interactions/{self.id}/{self.token}/callback"


@dataclass
class FakeDiscord:
    """Start with `await fake.start()`; point the adapter at `fake.api_base` and `fake.gateway_url`."""

    application_id: str = "900000000000000001"
    guild_id: str = "900000000000000002"
    channel_id: str = "900000000000000003"  # the briefing channel, a text channel in the guild
    bot_user: Json = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    identify: list[Json] = field(default_factory=list)
    resumes: list[str] = field(default_factory=list)  # session ids of RESUME requests
    channels: dict[str, Json] = field(default_factory=dict)
    messages: dict[str, Json] = field(default_factory=dict)
    commands: list[Json] = field(default_factory=list)
    rejected_tokens: set[str] = field(default_factory=set)  # answered like Discord answers a reset token: 401
    attachments: dict[str, bytes] = field(default_factory=dict)  # served at /attachments/{id}/{filename}
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _seq: int = 0
    _changed: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None
    port: int = 0

    def __post_init__(self) -> None:
        self.bot_user = self.bot_user or user("900000000000000004", "newsbrief", bot=True)
        self.channels[self.channel_id] = {
            "id": self.channel_id,
            "type": 0,
            "guild_id": self.guild_id,
            "name": "briefing",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    # lifecycle ---------------------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def add_text_channel(self, channel_id: str, name: str) -> str:
        """Another text channel in the guild (add it before the adapter starts: READY lists the channels)."""
        self.channels[channel_id] = {**self.channels[self.channel_id], "id": channel_id, "name": name}
        return channel_id

    async def _attachment(self, request: web.Request) -> web.Response:
        content = self.attachments.get(request.match_info["attachment_id"])
        return web.Response(body=content) if content is not None else web.Response(status=404)

    # ids and payloads --------------------------------------------------------------------------------------

    def snowflake(self) -> str:
        return str(((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + next(self._counter))

    def guild(self) -> Json:
        everyone = {
            "id": self.guild_id,
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "position": 0,
            "permissions": str(MEMBER_PERMISSIONS),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": self.guild_id,
            "name": "Newsroom",
            "icon": None,
            "owner_id": "900000000000000099",
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [c for c in self.channels.values() if c.get("type") == 0],
            "threads": [],
            "members": [member(self.bot_user, permissions=None)],
            "voice_states": [],
            "presences": [],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "joined_at": _now(),
        }

    def message(self, channel_id: str, body: Json, *, author: Json | None = None) -> Json:
        channel = self.channels.get(channel_id, {})
        data: Json = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": author or self.bot_user,
            "content": body.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }
        if channel.get("guild_id"):
            data["guild_id"] = channel["guild_id"]
        if body.get("nonce") is not None:
            data["nonce"] = body["nonce"]
        self.messages[data["id"]] = data
        return data

    # what tests use ----------------------------------------------------------------------------------------

    def find(self, method: str, pattern: str) -> list[Recorded]:
        """The recorded requests whose path fully matches a regex, in order."""
        rx = re.compile(pattern)
        return [r for r in self.requests if r.method == method and rx.fullmatch(r.path)]

    async def wait_for(self, method: str, pattern: str, *, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """Wait (bounded) until at least `count` matching requests arrived; return them all."""
        assert self._changed is not None

        def enough() -> bool:
            return len(self.find(method, pattern)) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        return self.find(method, pattern)

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway session the way Discord does before a resume (4000: unknown error)."""
        for ws in list(self._sockets):
            self._sockets.remove(ws)
            await ws.close(code=code)

    async def wait_for_sessions(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait (bounded) until `count` gateway sessions are identified or resumed."""
        async with asyncio.timeout(timeout):
            while len(self._sockets) < count:
                await asyncio.sleep(0.01)

    async def dispatch(self, event: str, data: Json) -> None:
        """Send one DISPATCH event to every connected gateway session."""
        for ws in list(self._sockets):
            self._seq += 1
            await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def interact(
        self,
        name: str,
        options: dict[str, str] | None = None,
        *,
        user_id: str = "800000000000000001",
        user_name: str = "alice",
        permissions: int = MEMBER_PERMISSIONS,
        channel_id: str | None = None,
        channel_options: dict[str, str] | None = None,
        in_guild: bool = True,
        attachments: dict[str, tuple[str, bytes]] | None = None,
    ) -> Interaction:
        """A user runs `/name option:value ...`: an INTERACTION_CREATE as Discord sends it."""
        channel_id = channel_id or self.channel_id
        opts: list[Json] = [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]
        resolved: Json = {}
        for key, cid in (channel_options or {}).items():
            opts.append({"name": key, "type": 7, "value": cid})
            resolved.setdefault("channels", {})[cid] = {
                **{k: v for k, v in self.channels[cid].items() if k in ("id", "type", "name", "parent_id")},
                "permissions": str(MEMBER_PERMISSIONS),
            }
        for key, (filename, content) in (attachments or {}).items():
            attachment_id = self.snowflake()
            self.attachments[attachment_id] = content
            url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{filename}"
            opts.append({"name": key, "type": 11, "value": attachment_id})
            resolved.setdefault("attachments", {})[attachment_id] = {
                "id": attachment_id,
                "filename": filename,
                "size": len(content),
                "url": url,
                "proxy_url": url,
                "content_type": "text/x-opml",
            }
        registered = next((c for c in self.commands if c["name"] == name), None)
        data: Json = {"id": registered["id"] if registered else self.snowflake(), "name": name, "type": 1}
        if opts:
            data["options"] = opts
        if resolved:
            data["resolved"] = resolved
        interaction = Interaction(id=self.snowflake(), token=f"itoken-{next(self._counter)}")
        person = user(user_id, user_name)
        channel = dict(self.channels.get(channel_id, {"id": channel_id, "type": 1}))
        payload: Json = {
            "id": interaction.id,
            "application_id": self.application_id,
            "type": 2,
            "data": data,
            "channel_id": channel_id,
            "channel": channel,
            "token": interaction.token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id} if in_guild else {"1": user_id},
            "context": 0 if in_guild else 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(MEMBER_PERMISSIONS),
        }
        if in_guild:
            payload["guild_id"] = self.guild_id
            payload["guild_locale"] = "en-US"
            payload["member"] = member(person, permissions=permissions)
        else:
            payload["user"] = person
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    async def user_message(
        self,
        channel_id: str,
        content: str,
        *,
        user_id: str = "800000000000000001",
        user_name: str = "alice",
        mentions: list[Json] | None = None,
    ) -> Json:
        """A person posts a plain message in a channel or thread (MESSAGE_CREATE)."""
        person = user(user_id, user_name)
        data = self.message(channel_id, {"content": content}, author=person)
        data["mentions"] = mentions or []
        if "guild_id" in data:  # Discord sends the member only for guild messages
            data["member"] = {k: v for k, v in member(person, permissions=None).items() if k != "user"}
        await self.dispatch("MESSAGE_CREATE", data)
        return data

    # REST --------------------------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        self.requests.append(
            Recorded(request.method, path, dict(request.query), body, "Authorization" in request.headers)
        )
        if request.headers.get("Authorization", "").removeprefix("Bot ") in self.rejected_tokens:
            return _json(401, {"message": "401: Unauthorized", "code": 0})
        try:
            status, payload = await self._route(request.method, path, body or {})
        finally:
            assert self._changed is not None
            async with self._changed:
                self._changed.notify_all()
        return _json(status, payload)

    async def _route(self, method: str, path: str, body: Any) -> tuple[int, Any]:  # noqa: C901 - a routing table
        app, channel_pattern = self.application_id, r"/channels/(\d+)"
        if (method, path) == ("GET", "/users/@me"):
            return 200, self.bot_user
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return 200, self._application()
        if method == "GET" and path in ("/gateway", "/gateway/bot"):
            return 200, {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        if method == "PUT" and re.fullmatch(rf"/applications/{app}(/guilds/\d+)?/commands", path):
            self.commands = [
                {"id": self.snowflake(), "application_id": app, "version": self.snowflake(), "type": 1, **c}
                for c in body
            ]
            return 200, self.commands
        if method == "POST" and (m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)):
            return self._callback(m.group(1), body)
        if m := re.fullmatch(rf"/webhooks/{app}/([^/]+)/messages/@original", path):
            return self._original(method, m.group(1), body)
        if method == "POST" and re.fullmatch(rf"/webhooks/{app}/[^/]+", path):
            problems = limit_violations(body)
            return _invalid(problems) if problems else (200, self.message(self.channel_id, body))
        if method == "GET" and (m := re.fullmatch(channel_pattern, path)):
            found = self.channels.get(m.group(1))
            return (200, found) if found else (404, {"code": 10003, "message": "Unknown Channel"})
        if method == "POST" and (m := re.fullmatch(channel_pattern + "/typing", path)):
            return 204, None
        if method == "POST" and (m := re.fullmatch(channel_pattern + "/messages", path)):
            return await self._post_message(m.group(1), body)
        if method == "PATCH" and (m := re.fullmatch(channel_pattern + r"/messages/(\d+)", path)):
            return await self._edit_message(m.group(1), m.group(2), body)
        if method == "POST" and (m := re.fullmatch(channel_pattern + r"/messages/(\d+)/threads", path)):
            return await self._start_thread(m.group(1), m.group(2), body)
        if (method, path) == ("POST", "/users/@me/channels"):
            return 200, self._open_dm(str(body["recipient_id"]))
        return 404, {"code": 0, "message": f"fake Discord has no route {method} {path}"}

    def _application(self) -> Json:
        return {
            "id": self.application_id,
            "name": "newsbrief",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": user("900000000000000099", "owner"),
            "flags": 0,
            "team": None,
            "interactions_endpoint_url": None,
            "summary": "",
        }

    def _callback(self, interaction_id: str, body: Json) -> tuple[int, Json]:
        kind = body["type"]
        data = body.get("data") or {}
        response: Json = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            },
            "resource": {"type": kind},
        }
        if kind == 4 and (problems := limit_violations(data)):
            return _invalid(problems)
        if kind in (4, 5):
            message = self.message(self.channel_id, data)
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"]["message"] = message
        return 200, response

    def _original(self, method: str, token: str, body: Json) -> tuple[int, Any]:
        if method == "DELETE":
            return 204, None
        if problems := limit_violations(body):
            return _invalid(problems)
        return 200, self.message(self.channel_id, body)

    async def _post_message(self, channel_id: str, body: Json) -> tuple[int, Any]:
        if channel_id not in self.channels:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            for existing in self.messages.values():
                if existing["channel_id"] == channel_id and existing.get("nonce") == nonce:
                    return 200, existing
        if problems := limit_violations(body):
            return _invalid(problems)
        message = self.message(channel_id, body)
        await self.dispatch("MESSAGE_CREATE", message)
        return 200, message

    async def _edit_message(self, channel_id: str, message_id: str, body: Json) -> tuple[int, Any]:
        """PATCH of a message: only the sender's own messages, the same limits as a new one, echoed as
        MESSAGE_UPDATE. A message the fake forgot (`del fake.messages[id]`) is Discord's 10008."""
        existing = self.messages.get(message_id)
        if existing is None or existing["channel_id"] != channel_id:
            return 404, {"code": 10008, "message": "Unknown Message"}
        if existing["author"]["id"] != self.bot_user["id"]:
            return 403, {"code": 50005, "message": "Cannot edit a message authored by another user"}
        edited = {**existing, **{k: body[k] for k in ("content", "embeds", "flags") if k in body}}
        edited["content"] = edited.get("content") or ""
        if problems := limit_violations(edited):
            return _invalid(problems)
        edited["edited_timestamp"] = _now()
        self.messages[message_id] = edited
        await self.dispatch("MESSAGE_UPDATE", edited)
        return 200, edited

    async def _start_thread(self, channel_id: str, message_id: str, body: Json) -> tuple[int, Any]:
        if message_id in self.channels:
            return 400, {"code": 160004, "message": "A thread has already been created for this message"}
        parent = self.channels[channel_id]
        thread: Json = {
            "id": message_id,
            "type": 11,
            "guild_id": parent["guild_id"],
            "parent_id": channel_id,
            "owner_id": self.bot_user["id"],
            "name": body["name"],
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": _now(),
                "locked": False,
            },
        }
        self.channels[message_id] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return 201, thread

    def _open_dm(self, recipient_id: str) -> Json:
        for channel in self.channels.values():
            if channel["type"] == 1 and channel["recipients"][0]["id"] == recipient_id:
                return channel
        channel = {
            "id": self.snowflake(),
            "type": 1,
            "last_message_id": None,
            "recipients": [user(recipient_id, f"user{recipient_id[-4:]}")],
        }
        self.channels[channel["id"]] = channel
        return channel

    # gateway -----------------------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                msg = json.loads(frame.data)
                if msg["op"] == 1:
                    await ws.send_str(json.dumps({"op": 11}))
                elif msg["op"] == 2:
                    await self._ready(ws, msg["d"])
                elif msg["op"] == 6:  # RESUME after a dropped connection
                    self.resumes.append(msg["d"]["session_id"])
                    self._sockets.append(ws)
                    self._seq += 1
                    await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse, identify: Json) -> None:
        self.identify.append({k: v for k, v in identify.items() if k != "token"})
        self._sockets.append(ws)
        shard = identify.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": f"session-{next(self._counter)}",
            "resume_gateway_url": self.gateway_url,
            "shard": shard,
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": self._seq, "d": ready}))
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": self._seq, "d": self.guild()}))


def user(user_id: str, name: str, *, bot: bool = False) -> Json:
    return {
        "id": user_id,
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(person: Json, *, permissions: int | None) -> Json:
    data: Json = {
        "user": person,
        "roles": [],
        "joined_at": _now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "pending": False,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def embeds_of(recorded: Recorded) -> list[Json]:
    """The embeds in a recorded message request, whatever its shape (message, callback, webhook)."""
    body = recorded.body or {}
    if "type" in body and "data" in body:  # an interaction callback
        body = body["data"] or {}
    return list(body.get("embeds") or [])


LIMITS = {
    "title": 256,
    "description": 4096,
    "field_name": 256,
    "field_value": 1024,
    "fields": 25,
    "footer": 2048,
    "embed_total": 6000,
    "embeds": 10,
    "content": 2000,
}


def limit_violations(body: Json) -> list[str]:
    """Every way a message body breaks Discord's documented limits (empty when it would be accepted)."""
    problems: list[str] = []
    content = body.get("content") or ""
    if len(content) > LIMITS["content"]:
        problems.append(f"content has {len(content)} > 2000 characters")
    embeds = body.get("embeds") or []
    if len(embeds) > LIMITS["embeds"]:
        problems.append(f"{len(embeds)} embeds > 10")
    total = 0
    for n, embed in enumerate(embeds):
        title, description = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        fields = embed.get("fields") or []
        for key, text in (("title", title), ("description", description), ("footer", footer)):
            if len(text) > LIMITS[key]:
                problems.append(f"embed {n} {key} has {len(text)} > {LIMITS[key]} characters")
        if len(fields) > LIMITS["fields"]:
            problems.append(f"embed {n} has {len(fields)} fields > 25")
        for f in fields:
            if not f.get("name") or not f.get("value"):
                problems.append(f"embed {n} has a field with an empty name or value")
            if len(f.get("name") or "") > LIMITS["field_name"] or len(f.get("value") or "") > LIMITS["field_value"]:
                problems.append(f"embed {n} field {f.get('name', '')[:20]!r} is too long")
        if not (title or description or fields or footer):
            problems.append(f"embed {n} is empty")
        total += len(title) + len(description) + len(footer)
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    if total > LIMITS["embed_total"]:
        problems.append(f"embeds total {total} > 6000 characters")
    if not content and not embeds:
        problems.append("message is empty")
    return problems


def _invalid(problems: list[str]) -> tuple[int, Json]:
    return 400, {"code": 50035, "message": "Invalid Form Body", "errors": problems}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _json(status: int, payload: Any) -> web.Response:
    """Discord's replies: discord.py parses JSON only when Content-Type is exactly `application/json`."""
    if status == 204:
        return web.Response(status=204)
    return web.Response(status=status, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
