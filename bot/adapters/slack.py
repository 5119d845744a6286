"""Slack adapter (slack-bolt, asyncio): slash commands and events → `Command`; `Reply`/`Post` → Block Kit.

Translation only. Inbound: `/newsbrief <subcommand> args` (or `/who`, `/ask`, … when the manifest registers
them), `@newsbrief …` mentions, messages in a story's thread and DMs become a `Command` for `dispatch`.
Outbound: replies go back through the slash command's `response_url` or `chat.postMessage` in the thread;
`send()` publishes posts with link and media unfurling off;
`update()` replaces one (chat.update). Rendering and escaping live in `slack_blocks`.

Two transports, one bolt app: HTTP mode serves bolt on aiohttp (bolt verifies every request's signature
and rejects timestamps more than five minutes off); Socket Mode connects with the app-level token.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

import aiohttp
from aiohttp import ClientSession, ClientTimeout, web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from yarl import URL

from bot.adapters.base import AdapterStartError, Dispatch, FirstSight, MemoryFirstSight, RecentKeys
from bot.adapters.slack_blocks import SlackMessage, render_post, render_reply
from bot.commands import COMMANDS, needs_admin
from bot.messages import Attachment, Command, Post, Reply, Sent
from bot.settings import ConfigError, SlackSettings

logger = logging.getLogger(__name__)

COMMAND_NAMES = frozenset(COMMANDS)  # `/newsbrief <name>` and, when the manifest registers it, `/<name>`
MAIN_COMMAND = "newsbrief"
SLASH_COMMANDS = re.compile(r"^/(newsbrief|" + "|".join(sorted(COMMAND_NAMES)) + r")$")
EVENTS_PATH = "/slack/events"  # bolt's default; the Request URL in the manifest for HTTP mode
CONNECT_TIMEOUT = 30.0
STORY_THREADS_KEPT = 5000
RATE_LIMIT_RETRIES = 3  # HTTP 429: wait Retry-After seconds, then try again (slack_sdk's own handler)
CHANNEL_ARGS = frozenset({"setup", "feeds"})  # commands whose `<#C123|name>` arguments must keep the id
FILE_COMMANDS = frozenset({"feeds"})  # commands that read a shared file (`feeds import` with an OPML file)
MAX_FILE_BYTES = 2_000_000
FILES_HOST = "files.slack.com"
DELIVERY_EVENT = "newsbrief_delivery"  # message metadata event type carrying the delivery key
HISTORY_CHECKED = 100  # recent messages searched for a delivery key before a retry re-posts

_ENTITY = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_SETUP_CHANNEL = re.compile(r"(?:^|\s)channel=<?#?([A-Z0-9]+)")


class SlackAdapterError(AdapterStartError):
    """Slack refused the adapter's credentials or connection."""


class _SkipTokenUnusedWarning(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN itself and warns that it is unused when a client is given; ours is built
    from that very token, so the warning is noise on every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _secret(value: SecretStr | None) -> str:
    """The raw value, only ever handed to slack_sdk (which redacts it in its own debug logs)."""
    return value.get_secret_value() if value is not None else ""


def plain_text(text: str, bot_user_id: str = "", channel_ids: bool = False) -> str:
    """Slack's escaped mrkdwn as the user typed it: links as URLs, the bot's own mention removed; channel
    mentions as `#name`, or as `#C123` with `channel_ids` (for commands that take a channel)."""

    def replace(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if bot_user_id and target == f"@{bot_user_id}":
            return ""
        if channel_ids and target.startswith("#"):
            return target
        if target.startswith(("@", "#")):
            return target[0] + label if label else target
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return target if target.startswith(("http://", "https://")) else (label or target)

    text = _ENTITY.sub(replace, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()


def split_command(text: str) -> tuple[str, str]:
    """`who Witkoff` → ("who", "Witkoff"); free text is a question for `ask`."""
    parsed = Command.parse(text)
    if parsed.name in COMMAND_NAMES:
        return parsed.name, parsed.args
    return ("ask", text) if text else ("help", "")


class SlackAdapter:
    """The Slack side of newsbrief; holds a bolt `AsyncApp` and the `dispatch` callable."""

    platform = "slack"

    def __init__(self, settings: SlackSettings, dispatch: Dispatch, first_sight: FirstSight | None = None) -> None:
        """`first_sight(key)` is True the first time an event id is seen (durable in the App's database, so a
        retried event is answered once even across restarts); without it, this process remembers."""
        _check_settings(settings)
        self._settings = settings
        self._dispatch = dispatch
        self._first_sight = first_sight or MemoryFirstSight()
        base_url = settings.api_base or AsyncWebClient.BASE_URL
        self.client = AsyncWebClient(token=_secret(settings.bot_token), base_url=base_url)
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
        self._verifier = SignatureVerifier(_secret(settings.signing_secret)) if settings.signing_secret else None
        bolt_logger = logging.getLogger("slack_bolt.AsyncApp")
        if not any(isinstance(f, _SkipTokenUnusedWarning) for f in bolt_logger.filters):
            bolt_logger.addFilter(_SkipTokenUnusedWarning())
        self.bolt = AsyncApp(
            name="newsbrief",
            client=self.client,
            signing_secret=_secret(settings.signing_secret),
            request_verification_enabled=True,  # signature + 5-minute timestamp window, HTTP mode
            process_before_response=False,  # ack within Slack's 3 s, answer afterwards
            logger=bolt_logger,
        )
        # One queue per channel: posts leave in order, at most one per `post_interval_seconds` (Slack allows
        # about one message a second in a channel and answers bursts with HTTP 429).
        self._channel_locks: dict[str, asyncio.Lock] = {}
        self._last_post: dict[str, float] = {}
        self._register()
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._port: int | None = None
        self.bot_user_id = ""
        self.bot_name = "newsbrief"
        # Threads this process opened, for events that lack `parent_user_id`; bounded.
        self._story_threads: RecentKeys[str] = RecentKeys(STORY_THREADS_KEPT)

    @property
    def port(self) -> int | None:
        """The bound HTTP port (useful when configured as 0); None in Socket Mode or before start."""
        return self._port

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> None:
        """Check the bot token, then serve HTTP or connect Socket Mode; returns once ready."""
        await self._verify_token()
        if self._settings.mode == "http":
            await self._start_http()
        else:
            await self._start_socket()

    @property
    def ready(self) -> bool:
        """Serving HTTP or connected over Socket Mode (for the readiness probe)."""
        return self._runner is not None or self._socket is not None

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._port = None
        logger.info("slack: stopped")

    async def _verify_token(self) -> None:
        try:
            auth = await self.client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown error")
            raise SlackAdapterError(
                f"slack.bot_token (SLACK_BOT_TOKEN): auth.test failed: {error}; set a valid bot token (xoxb-…) "
                "from the app's OAuth & Permissions page, or unset it to run without Slack"
            ) from None
        except (OSError, TimeoutError, aiohttp.ClientError) as exc:
            raise SlackAdapterError(
                f"slack: cannot reach Slack ({type(exc).__name__}) although SLACK_BOT_TOKEN is set: check the "
                "network or proxy and start again, or unset SLACK_BOT_TOKEN to run without Slack"
            ) from None
        self.bot_user_id = str(auth.get("user_id") or "")
        self.bot_name = str(auth.get("user") or "newsbrief")
        logger.info("slack: authenticated as %s in team %s", auth.get("user"), auth.get("team_id"))

    async def _start_http(self) -> None:
        web_app = web.Application()
        web_app.router.add_post(EVENTS_PATH, self._handle_http)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, self._settings.host, self._settings.port).start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        logger.info("slack: HTTP mode on %s:%s%s", self._settings.host, self._port, EVENTS_PATH)

    async def _handle_http(self, request: web.Request) -> web.Response:
        """Check the signature on the raw bytes before anything parses them; refused bodies are never logged."""
        body = await request.read()
        if not self._signed(body, request.headers):
            logger.warning("slack: refused a request without a valid signature (HTTP 401)")
            return web.json_response({"error": "invalid request signature"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(
                body=body.decode("utf-8"),
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
        except ValueError:  # signed but not JSON / form data Slack would send
            logger.warning("slack: refused a signed request whose body cannot be parsed (HTTP 400)")
            return web.json_response({"error": "malformed request body"}, status=400)
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    def _signed(self, body: bytes, headers: Any) -> bool:
        if self._verifier is None:
            return False
        try:
            return self._verifier.is_valid(
                body, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature")
            )
        except ValueError:  # a timestamp that is not a number
            return False

    async def _start_socket(self) -> None:
        handler = AsyncSocketModeHandler(self.bolt, app_token=_secret(self._settings.app_token))
        try:
            await asyncio.wait_for(handler.connect_async(), CONNECT_TIMEOUT)
        except TimeoutError:
            await handler.close_async()
            raise SlackAdapterError(
                f"slack.app_token (SLACK_APP_TOKEN): no Socket Mode connection within {CONNECT_TIMEOUT:.0f}s"
            ) from None
        self._socket = handler
        logger.info("slack: Socket Mode connected")

    # -- publishing --------------------------------------------------------------------------------
    async def send(self, post: Post) -> Sent:
        """Post into a channel (or a DM opened with conversations.open); the ts is also the thread id. The
        delivery key rides in the message `metadata`, so `find_sent` can tell whether a retry already landed."""
        channel = await self._open_dm(post.channel_id) if post.is_dm else post.channel_id
        message = render_post(post)
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"delivery_key": post.delivery_key}}
        ts, landed = await self._post(channel, message, thread_ts=None, metadata=metadata)
        if post.article_id is not None or post.open_thread:
            self._remember_thread(ts)
        return Sent(message_id=ts, thread_id=ts, extra={"channel": landed})

    async def update(self, sent: Sent, post: Post) -> None:
        """chat.update of the post's message (its ts), rendered and escaped exactly as `send` does."""
        channel = await self._open_dm(post.channel_id) if post.is_dm else post.channel_id
        message = render_post(post)
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"delivery_key": post.delivery_key}}
        await self.client.chat_update(
            channel=channel, ts=sent.message_id, blocks=message.blocks, text=message.text, metadata=metadata
        )

    async def find_sent(self, post: Post) -> Sent | None:
        """The message a sender that died after posting left in the channel's recent history (found by the
        delivery key in its metadata), so an expired delivery is recorded instead of posted twice."""
        channel = await self._open_dm(post.channel_id) if post.is_dm else post.channel_id
        response = await self.client.conversations_history(
            channel=channel, limit=HISTORY_CHECKED, include_all_metadata=True
        )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == DELIVERY_EVENT and payload.get("delivery_key") == post.delivery_key:
                ts = str(message["ts"])
                return Sent(message_id=ts, thread_id=ts, extra={"channel": channel})
        return None

    async def _post(
        self, channel: str, message: SlackMessage, *, thread_ts: str | None, metadata: dict[str, Any] | None = None
    ) -> tuple[str, str]:
        """chat.postMessage with unfurling off (no preview cards of other sites under a brief), paced per
        channel in arrival order; a 429 is retried after its Retry-After by the client's retry handler."""
        lock = self._channel_locks.setdefault(channel, asyncio.Lock())
        async with lock:  # asyncio.Lock wakes waiters first come, first served: the order is kept
            wait = self._last_post.get(channel, float("-inf")) + self._settings.post_interval_seconds
            if wait > time.monotonic():
                await asyncio.sleep(wait - time.monotonic())
            try:
                response = await self.client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread_ts,
                    blocks=message.blocks,
                    text=message.text,
                    unfurl_links=False,
                    unfurl_media=False,
                    metadata=metadata,
                )
            finally:
                self._last_post[channel] = time.monotonic()
        return str(response["ts"]), str(response.get("channel") or channel)

    async def _open_dm(self, user_id: str) -> str:
        response = await self.client.conversations_open(users=user_id)
        return str(response["channel"]["id"])

    def _remember_thread(self, ts: str) -> None:
        self._story_threads.add(ts)

    # -- inbound -----------------------------------------------------------------------------------
    def _register(self) -> None:
        self.bolt.command(SLASH_COMMANDS)(self._on_slash_command)
        self.bolt.event("app_mention")(self._on_app_mention)
        self.bolt.event("message")(self._on_message)
        self.bolt.error(self._on_error)

    async def _on_slash_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        """Ack at once (Slack allows 3 s), then answer through the command's response_url."""
        await ack()
        name = command.get("command", "").lstrip("/").lower()
        raw = str(command.get("text", ""))
        text = plain_text(raw)
        if name == MAIN_COMMAND:
            parsed = Command.parse(text)
            name, args = (parsed.name, parsed.args) if parsed.name else ("help", "")
            if name in CHANNEL_ARGS:
                args = Command.parse(plain_text(raw, channel_ids=True)).args
        else:
            args = plain_text(raw, channel_ids=True) if name in CHANNEL_ARGS else text
        channel = str(command.get("channel_id", ""))
        request = await self._command(
            name,
            args,
            channel_id=channel,
            user_id=str(command.get("user_id", "")),
            user_name=str(command.get("user_name", "")),
            is_dm=channel.startswith("D") or command.get("channel_name") == "directmessage",
        )
        reply = await self._run(request)
        message = render_reply(reply)
        result = await respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral" if reply.ephemeral else "in_channel",
            unfurl_links=False,
            unfurl_media=False,
        )
        if result.status_code != 200:
            logger.warning("slack: response_url refused the answer to /%s: %s", name, result.status_code)

    async def _on_app_mention(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        """`@newsbrief who Witkoff`; inside a thread every mention is a follow-up question."""
        bot_user_id = context.bot_user_id or self.bot_user_id
        text = plain_text(event.get("text", ""), bot_user_id)
        thread_ts = event.get("thread_ts")
        name, args = ("ask", text) if thread_ts else split_command(text)
        if name in CHANNEL_ARGS:
            args = split_command(plain_text(event.get("text", ""), bot_user_id, channel_ids=True))[1]
        await self._answer_event(body, name, args, thread_ts=thread_ts, reply_ts=thread_ts or event.get("ts"))

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        """Follow-ups in a story's thread, and commands written in a DM with the bot."""
        if event.get("subtype") not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return  # edits, joins, bot posts (ours included)
        bot_user_id = context.bot_user_id or self.bot_user_id
        is_dm = event.get("channel_type") == "im"
        thread_ts = event.get("thread_ts")
        in_thread = bool(thread_ts) and thread_ts != event.get("ts")
        if not is_dm and bot_user_id and f"<@{bot_user_id}>" in event.get("text", ""):
            return  # the app_mention event answers this one
        text = plain_text(event.get("text", ""), bot_user_id)
        if not text:
            return
        if in_thread and self._is_story_thread(event, bot_user_id):
            await self._answer_event(body, "ask", text, thread_ts=thread_ts, reply_ts=thread_ts)
        elif is_dm and not in_thread:
            name, args = split_command(text)
            if name in CHANNEL_ARGS:
                args = split_command(plain_text(event.get("text", ""), bot_user_id, channel_ids=True))[1]
            await self._answer_event(body, name, args, thread_ts=None, reply_ts=None)

    def _is_story_thread(self, event: dict[str, Any], bot_user_id: str) -> bool:
        parent = event.get("parent_user_id")
        return (bool(bot_user_id) and parent == bot_user_id) or event.get("thread_ts") in self._story_threads

    async def _answer_event(
        self, body: dict[str, Any], name: str, args: str, *, thread_ts: str | None, reply_ts: str | None
    ) -> None:
        """Answer once per event: Slack re-sends an event (X-Slack-Retry-Num) when the ack seemed slow."""
        event_id = str(body.get("event_id") or "")
        if event_id and not await self._first_sight(f"slack:event:{event_id}"):
            logger.info("slack: event %r was already answered; retry ignored", event_id[:40])
            return
        event = body.get("event") or {}
        channel = str(event.get("channel", ""))
        user = str(event.get("user", ""))
        is_dm = event.get("channel_type") == "im" or channel.startswith("D")
        files = await self._download_files(event) if name in FILE_COMMANDS and event.get("files") else ()
        request = await self._command(
            name, args, channel_id=channel, user_id=user, thread_id=thread_ts, is_dm=is_dm, files=files
        )
        reply = await self._run(request)
        message = render_reply(reply)
        if reply.ephemeral and not is_dm:
            await self._post_ephemeral(channel, user, message, reply_ts)
        else:
            await self._post(channel, message, thread_ts=reply_ts)

    async def _download_files(self, event: dict[str, Any]) -> tuple[Attachment, ...]:
        """The files shared with a command (Slack file share), fetched with the bot token from Slack's file
        host only, each at most MAX_FILE_BYTES; a file that cannot be fetched is left out (and logged)."""
        allowed = {FILES_HOST}
        if self._settings.api_base:  # tests: the fake Slack serves the files too
            allowed.add(URL(self._settings.api_base).host or "")
        found: list[Attachment] = []
        headers = {"Authorization": f"Bearer {_secret(self._settings.bot_token)}"}
        async with ClientSession(timeout=ClientTimeout(total=30)) as session:
            for file in event.get("files") or []:
                url = str(file.get("url_private_download") or file.get("url_private") or "")
                if URL(url).host not in allowed or int(file.get("size") or 0) > MAX_FILE_BYTES:
                    logger.warning("slack: not downloading a shared file from %s", URL(url).host)
                    continue
                async with session.get(url, headers=headers, allow_redirects=False) as response:
                    content = await response.content.read(MAX_FILE_BYTES + 1)
                if response.status != 200 or len(content) > MAX_FILE_BYTES:
                    logger.warning("slack: shared file download failed (HTTP %s)", response.status)
                    continue
                found.append(Attachment(name=str(file.get("name") or "file")[:200], content=content))
        return tuple(found)

    async def _post_ephemeral(self, channel: str, user: str, message: SlackMessage, thread_ts: str | None) -> None:
        await self.client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, blocks=message.blocks, text=message.text
        )

    async def _command(self, name: str, args: str, **context: Any) -> Command:
        """Slack has no per-command permissions: users.info is asked for every command that needs an admin."""
        is_admin = await self._is_admin(context["user_id"]) if needs_admin(name, args) else False
        return Command(name=name, args=args, platform=self.platform, is_admin=is_admin, **context)

    async def _membership_problem(self, command: Command) -> Reply | None:
        """`setup` for a channel the bot is not in would make every later post fail: say how to invite it."""
        found = _SETUP_CHANNEL.search(command.args)
        channel = found.group(1) if found else command.channel_id
        if not channel or channel.startswith("D") or command.is_dm:
            return None
        invite = f"type `/invite @{self.bot_name}` in that channel, then run setup again"
        try:
            info = await self.client.conversations_info(channel=channel)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown error"))
            logger.info("slack: conversations.info for setup failed: %s", error)
            return Reply.text(
                f"I can't see channel {channel} ({error}). If it is private, {invite}; otherwise check the id.",
                error=True,
                ephemeral=True,
            )
        if (info.get("channel") or {}).get("is_member"):
            return None
        return Reply.text(
            f"I'm not a member of channel {channel}, so I can't post there. To add me, {invite}.",
            error=True,
            ephemeral=True,
        )

    async def _is_admin(self, user_id: str) -> bool:
        """Workspace admins and owners count as admins; any lookup failure counts as not an admin."""
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError as exc:
            logger.warning("slack: users.info failed for %r: %s", user_id, exc.response.get("error"))
            return False
        user = response.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    async def _run(self, command: Command) -> Reply:
        if command.name == "setup" and command.is_admin:
            problem = await self._membership_problem(command)
            if problem is not None:
                return problem
        try:
            return await self._dispatch(command)
        except Exception:
            logger.exception("slack: dispatch failed for %s", command.name)
            return Reply.text("Sorry, something went wrong while answering that.", error=True, ephemeral=True)

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        logger.error("slack: unhandled %s for a %r request", type(error).__name__, body.get("type", "command"))


def _check_settings(settings: SlackSettings) -> None:
    """Fail at construction, naming the missing key, instead of at the first request."""
    missing = ["slack.bot_token (SLACK_BOT_TOKEN)"] if settings.bot_token is None else []
    if settings.mode == "http" and settings.signing_secret is None:
        missing.append("slack.signing_secret (SLACK_SIGNING_SECRET), required in HTTP mode")
    if settings.mode == "socket" and settings.app_token is None:
        missing.append("slack.app_token (SLACK_APP_TOKEN), required in Socket Mode")
    if missing:
        raise ConfigError("slack: missing " + "; ".join(missing))
