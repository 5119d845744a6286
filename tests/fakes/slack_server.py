"""A fake Slack on 127.0.0.1: Web API methods, `response_url` endpoints and a Socket Mode WebSocket.

The real `AsyncWebClient` / bolt talk to it over loopback (`SlackSettings.api_base`), so tests exercise the
real client code and real wire formats. Every call is recorded; like Slack, the fake rejects wrong tokens
and blocks that break Block Kit limits (so a test cannot pass with a message Slack would refuse).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

# Test-only credentials the fake accepts.
BOT_TOKEN = "xoxb-test-bot-token"  # noqa: S105
APP_TOKEN = "xapp-test-app-token"  # noqa: S105
SIGNING_SECRET = "test-signing-secret"  # noqa: S105
BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"


@dataclass
class ApiCall:
    """One Web API request: the method, its arguments (query, form or JSON merged) and the bearer token."""

    method: str
    args: dict[str, Any]
    token: str
    at: float = field(default_factory=time.monotonic)  # when it arrived, for pacing checks
    status: int = 200  # 429 when the fake rate-limited it


@dataclass
class FakeSlack:
    """Start with `await fake.start()`; point the adapter at `fake.api_base`."""

    bot_token: str = BOT_TOKEN
    app_token: str = APP_TOKEN
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[ApiCall] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # bodies posted to response_urls
    acks: list[dict[str, Any]] = field(default_factory=list)  # Socket Mode messages from the app
    # conversations.info: channel id → {"is_member": bool, ...}; posting where the bot is not a member fails
    # with `not_in_channel` like Slack. Channels not listed are public channels the bot is in.
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Slack's rate limits: the next calls of a method answered HTTP 429 with these Retry-After seconds
    rate_limited: dict[str, list[int]] = field(default_factory=dict)
    # Slack allows about one message per second per channel: a chat.postMessage closer than this many seconds
    # to the previous one in the same channel gets HTTP 429 (Retry-After: 1). None: no per-channel limit.
    channel_interval: float | None = None
    port: int = 0

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self._ts = itertools.count(1)
        self.posted: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts) → the bot's message, as updated
        self._last_post: dict[str, float] = {}
        self.files: dict[str, bytes] = {}  # shared files, served at /files/{id} to the bot token only

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files/{file_id}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/response/{key or uuid.uuid4().hex}"

    # -- waiting (always bounded) ------------------------------------------------------------------
    async def wait_until(self, found: Callable[[], Any], timeout: float, what: str) -> Any:
        """Re-check `found()` after every recorded call until it is truthy; fail after `timeout` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            self._changed.clear()
            result = found()
            if result:
                return result
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; calls: {self.methods()}")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                pass

    async def wait_for_call(
        self, method: str, where: Callable[[ApiCall], bool] = lambda c: True, timeout: float = 5.0
    ) -> ApiCall:
        """The first recorded call of `method` matching `where`."""
        return await self.wait_until(
            lambda: next((c for c in self.calls if c.method == method and where(c)), None), timeout, method
        )

    async def wait_for_response(self, timeout: float = 5.0) -> dict[str, Any]:
        """The first body posted to a response_url."""
        return await self.wait_until(lambda: self.responses[0] if self.responses else None, timeout, "response_url")

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait_until(
            lambda: next((a for a in self.acks if a.get("envelope_id") == envelope_id), None),
            timeout,
            f"ack of {envelope_id}",
        )

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    def _record(self) -> None:
        self._changed.set()

    # -- Web API -----------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(dict(await request.post()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        call = ApiCall(method, args, token)
        self.calls.append(call)
        self._record()
        retry_after = self._rate_limit(call)
        if retry_after is not None:
            call.status = 429
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
            )
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(args))

    def _rate_limit(self, call: ApiCall) -> int | None:
        """Retry-After seconds when Slack would refuse this call with HTTP 429, else None."""
        queued = self.rate_limited.get(call.method)
        if queued:
            return queued.pop(0)
        if call.method == "chat.postMessage" and self.channel_interval is not None:
            channel = str(call.args.get("channel", ""))
            last = self._last_post.get(channel)
            if last is not None and call.at - last < self.channel_interval:
                return 1
            self._last_post[channel] = call.at
        return None

    def posts(self, channel: str | None = None) -> list[ApiCall]:
        """chat.postMessage calls Slack accepted (not rate-limited), optionally in one channel."""
        return [
            c
            for c in self.calls
            if c.method == "chat.postMessage" and c.status == 200 and channel in (None, c.args.get("channel"))
        ]

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "user": "newsbrief"}

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        error = _check_message(args) or self._membership_error(str(args.get("channel", "")))
        if error:
            return {"ok": False, "error": error}
        ts = self._next_ts()
        metadata = json.loads(args["metadata"]) if isinstance(args.get("metadata"), str) else args.get("metadata")
        self.posted[(str(args["channel"]), ts)] = {
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "metadata": metadata,
        }
        return {"ok": True, "channel": args["channel"], "ts": ts, "message": {"text": args.get("text")}}

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        """Only a message the bot posted (forget one with `del fake.posted[key]` for message_not_found)."""
        error = _check_message(args)
        if error:
            return {"ok": False, "error": error}
        key = (str(args["channel"]), str(args.get("ts", "")))
        if key not in self.posted:
            return {"ok": False, "error": "message_not_found"}
        metadata = json.loads(args["metadata"]) if isinstance(args.get("metadata"), str) else args.get("metadata")
        self.posted[key] = {"text": args.get("text"), "blocks": args.get("blocks"), "metadata": metadata}
        return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text")}

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        error = _check_message(args) or ("" if args.get("user") else "user_not_in_channel")
        return {"ok": False, "error": error} if error else {"ok": True, "message_ts": self._next_ts()}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users", ""))
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + users.split(",")[0].lstrip("UW")}}

    def _membership_error(self, channel: str) -> str:
        info = self.channels.get(channel)
        if info is None or info.get("is_member", True):
            return ""
        return "channel_not_found" if info.get("is_private") else "not_in_channel"

    def _m_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """Like Slack: a private channel the bot is not in is `channel_not_found`; others show `is_member`."""
        channel = str(args.get("channel", ""))
        info = self.channels.get(channel, {"is_member": True})
        if info.get("is_private") and not info.get("is_member"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": channel, "is_channel": True, "is_member": True, **info}}

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """The bot's messages in a channel, newest first; metadata only with `include_all_metadata`, like Slack."""
        channel, limit = str(args.get("channel", "")), int(args.get("limit", 100))
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        messages = []
        for (where, ts), message in sorted(self.posted.items(), key=lambda kv: kv[0][1], reverse=True):
            if where == channel:
                shown = {"type": "message", "ts": ts, "text": message.get("text"), "bot_id": BOT_ID}
                if with_metadata and message.get("metadata"):
                    shown["metadata"] = message["metadata"]
                messages.append(shown)
        return {"ok": True, "messages": messages[:limit], "has_more": len(messages) > limit}

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        error = _check_message(body, need_channel=False)
        self.responses.append(body)
        self._record()
        return web.Response(status=400 if error else 200, text=error or "ok")

    def share_file(self, name: str, content: bytes) -> dict[str, Any]:
        """A file a user shares; returns the `files` entry Slack puts in the message event."""
        file_id = f"F{len(self.files) + 1:08d}"
        self.files[file_id] = content
        url = f"http://127.0.0.1:{self.port}/files/{file_id}"
        return {"id": file_id, "name": name, "size": len(content), "url_private": url, "url_private_download": url}

    async def _file(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            return web.Response(status=403, text="not_authed")
        content = self.files.get(request.match_info["file_id"])
        return web.Response(body=content) if content is not None else web.Response(status=404)

    # -- Socket Mode -------------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0000001"}})
        self._socket_ready.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
                self._record()
        return ws

    async def send_envelope(self, kind: str, payload: dict[str, Any], timeout: float = 5.0) -> str:
        """Push an envelope (`slash_commands`, `events_api`, ...) to the connected app; returns its id."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout)
        envelope_id = uuid.uuid4().hex
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": True,
        }
        await self._sockets[-1].send_json(envelope)
        return envelope_id


def _check_message(args: dict[str, Any], *, need_channel: bool = True) -> str:
    """Slack's own checks: the error name Slack would return, or "" when the message is acceptable."""
    if need_channel and not args.get("channel"):
        return "channel_not_found"
    blocks = args.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not args.get("text") and not blocks:
        return "no_text"
    for block in blocks or []:
        if block["type"] == "header" and len(block["text"]["text"]) > 150:
            return "invalid_blocks"
        if block["type"] == "section" and not 0 < len(block["text"]["text"]) <= 3000:
            return "invalid_blocks"
    return "invalid_blocks" if blocks and len(blocks) > 50 else ""


def slack_signature(secret: str, body: str, timestamp: str) -> str:
    """Slack's v0 request signature, computed independently of slack_sdk so the test checks bolt."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: float | None = None, content_type: str = ""
) -> dict[str, str]:
    """Headers Slack sends with an Events API or slash command request."""
    ts = str(int(time.time() if timestamp is None else timestamp))
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": slack_signature(secret, body, ts),
        "Content-Type": content_type or "application/x-www-form-urlencoded",
    }
