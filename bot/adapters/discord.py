"""Discord adapter (discord.py 2.7): slash commands and thread replies in, embeds out. Translation only.

Inbound: each app command (`/brief`, `/who`, ...) and each message in a story thread the bot opened (or
that mentions the bot, or is a DM to it) becomes a `bot.messages.Command` for `dispatch`; the `Reply` is
rendered as embeds (`discord_render`). Outbound: `send(Post)` posts embeds to a channel or a DM and can open
a thread per story so follow-ups there are scoped to the story;
`update(Sent, Post)` edits a sent post (a story that gained outlets).

Safety: every message carries `allowed_mentions` that mention nobody (also the client default); only
`Post.mention_user_ids` are pinged, as explicit users in the message content. Rate limits, reconnects and
resumes are discord.py's job and are not re-implemented here.

Discord application setup: scopes `bot` + `applications.commands`; the privileged *Message Content* intent
must be enabled in the developer portal, or thread replies arrive without text.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import re
from collections.abc import Container
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from bot.adapters.base import AdapterStartError, Dispatch, RecentKeys
from bot.adapters.discord_render import mention_content, render_messages, render_reply, thread_name
from bot.commands import COMMANDS
from bot.messages import Attachment, Command, Post, Reply, Sent
from bot.settings import DiscordSettings

logger = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
THREAD_ALREADY_EXISTS = 160004  # Discord error code: "A thread has already been created for this message"
MAX_ATTACHMENT_BYTES = 2_000_000  # an OPML reading list; larger files are not downloaded
NONCE_LENGTH = 25  # Discord accepts nonces of at most 25 characters
STORY_THREADS_KEPT = 5000  # threads opened by this process; an older one is still known by its owner (the bot)
DESCRIPTION_LENGTH = 100  # Discord's limit for an app command's description

# The command picker's line for each registry command (Discord's own wording: shorter than the registry's
# help summary, and naming Discord's permission); the options are the typed parameters of `_cmd_<name>`.
DESCRIPTIONS = {
    "brief": "The latest briefs, brief number N, or briefs on a topic",
    "who": "Who someone is, from the articles I have read",
    "ask": "A question answered from stored articles, with sources",
    "subscribe": "Alerts by DM for a topic, a person (who:NAME) or an idea",
    "unsubscribe": "Stop an alert",
    "subscriptions": "Your alerts",
    "why": "Why alert N was sent to you",
    "digest": "Today's top stories in one message",
    "sources": "Where the news comes from, and each source's health",
    "help": "What I can do",
    "setup": "Channel settings: briefing channel, digest time, time zone (Manage Server)",
    "feeds": "Add, remove, list, test, import or export feeds, each to its channel (Manage Server)",
}


def intents() -> discord.Intents:
    """Guilds (channels, threads), guild and DM messages, and message content (privileged: thread replies)."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.dm_messages = True
    chosen.message_content = True
    return chosen


def delivery_nonce(channel_id: str, delivery_key: str, part: int) -> str:
    """A stable nonce per delivered message, so Discord drops a re-send after a crash (`enforce_nonce`)."""
    digest = hashlib.sha256(f"{channel_id}\x00{delivery_key}\x00{part}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


def _is_admin(permissions: discord.Permissions | None) -> bool:
    return bool(permissions and (permissions.manage_guild or permissions.administrator))


def _where(channel: object, fallback_id: int | None) -> tuple[str, str | None]:
    """(channel_id, thread_id): a thread is reported as its parent channel plus the thread."""
    if isinstance(channel, discord.Thread):
        return str(channel.parent_id), str(channel.id)
    channel_id = getattr(channel, "id", None) or fallback_id
    return str(channel_id or ""), None


def interaction_command(interaction: discord.Interaction[Any], name: str, args: str) -> Command:
    """An app-command interaction → the platform-neutral `Command` (`is_admin` from the live permissions)."""
    channel_id, thread_id = _where(interaction.channel, interaction.channel_id)
    in_guild = interaction.guild_id is not None
    return Command(
        name=name,
        args=args.strip(),
        platform="discord",
        channel_id=channel_id,
        user_id=str(interaction.user.id),
        user_name=interaction.user.display_name,
        thread_id=thread_id,
        is_admin=in_guild and _is_admin(interaction.permissions),
        is_dm=not in_guild,
    )


def strip_mentions(text: str, user_id: int) -> str:
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()


def message_command(message: discord.Message, bot_id: int, story_threads: Container[int]) -> Command | None:
    """A plain message → `ask`, when it is in a story thread the bot opened, mentions the bot, or is a DM."""
    if message.author.bot:
        return None
    channel = message.channel
    in_story_thread = isinstance(channel, discord.Thread) and (
        channel.id in story_threads or channel.owner_id == bot_id
    )
    is_dm = message.guild is None
    mentioned = any(user.id == bot_id for user in message.mentions)
    if not (in_story_thread or is_dm or mentioned):
        return None
    text = strip_mentions(message.content, bot_id)
    if not text:
        return None
    channel_id, thread_id = _where(channel, message.channel.id)
    author = message.author
    permissions = author.guild_permissions if not is_dm and isinstance(author, discord.Member) else None
    return Command(
        name="ask",
        args=text,
        platform="discord",
        channel_id=channel_id,
        user_id=str(author.id),
        user_name=author.display_name,
        thread_id=thread_id,
        is_admin=_is_admin(permissions),
        is_dm=is_dm,
    )


def _options(*values: object) -> str:
    return " ".join(str(v).strip() for v in values if v is not None and str(v).strip())


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in one short line without the token or a traceback."""
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _OneLineReconnects(logging.Filter):
    """discord.py logs every reconnect attempt as an ERROR with a full traceback; it is a WARNING (it retries
    by itself) and one line with the reason is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Attempting a reconnect"):
            reason = _reason(record.exc_info[1]) if record.exc_info[1] else "unknown"
            record.msg, record.args = f"{record.getMessage()} ({reason})", None
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _quiet_reconnect_tracebacks() -> None:
    client_logger = logging.getLogger("discord.client")
    if not any(isinstance(f, _OneLineReconnects) for f in client_logger.filters):
        client_logger.addFilter(_OneLineReconnects())


class DiscordAdapter:
    """The Discord platform: `start()` logs in, syncs the app commands and connects; `send()` publishes."""

    platform = "discord"

    def __init__(
        self,
        settings: DiscordSettings,
        dispatch: Dispatch,
        *,
        sync_guild_id: int | None = None,
        sync_commands: bool = True,
        ready_timeout: float = 60.0,
        defer_after: float = 2.0,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        """`sync_guild_id` registers commands in one guild (instant, for development) instead of globally;
        `defer_after` is how long an answer may take before the interaction is deferred (Discord allows 3 s).
        """
        self.settings = settings
        self.dispatch = dispatch
        self.sync_guild_id = sync_guild_id
        self.sync_commands = sync_commands
        self.ready_timeout = ready_timeout
        self.defer_after = defer_after
        self.client_options = dict(client_options or {})
        self.story_threads: RecentKeys[int] = RecentKeys(STORY_THREADS_KEPT)
        self._client: discord.Client | None = None
        self._tree: app_commands.CommandTree[Any] | None = None
        self._runner: asyncio.Task[None] | None = None
        self._saved_endpoints: tuple[str, yarl.URL] | None = None

    # lifecycle ---------------------------------------------------------------------------------------------

    @property
    def client(self) -> discord.Client:
        if self._client is None:
            raise RuntimeError("the Discord adapter is not started")
        return self._client

    @property
    def ready(self) -> bool:
        """Connected to the gateway (for the readiness probe)."""
        return self._client is not None and self._client.is_ready() and not self._client.is_closed()

    async def start(self) -> None:
        """Log in, sync the app commands, connect in a background task; return once the gateway is ready.

        Raises `AdapterStartError` (one line naming DISCORD_TOKEN and what to do) when Discord rejects the
        token or cannot be reached; the first failed gateway connection ends the start instead of retrying.
        """
        if self.settings.token is None:
            raise AdapterStartError("discord.token is not set: set the environment variable DISCORD_TOKEN")
        self._point_at_test_endpoints()
        client_class = discord.AutoShardedClient if self.settings.auto_shard else discord.Client
        client = client_class(intents=intents(), allowed_mentions=NO_MENTIONS, **self.client_options)
        self._client = client
        self._tree = self.command_tree(client)
        setattr(client, "on_message", self._on_message)  # noqa: B010 - discord.py finds events by attribute
        dropped = asyncio.Event()  # a disconnect before the first READY: the gateway cannot be reached

        async def on_disconnect() -> None:
            if not client.is_ready():
                dropped.set()

        setattr(client, "on_disconnect", on_disconnect)  # noqa: B010
        _quiet_reconnect_tracebacks()
        try:
            await client.login(self.settings.token.get_secret_value())
            if self.sync_commands:
                await self._sync()
            self._runner = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
            await self._wait_until_ready(client, self._runner, dropped)
        except discord.LoginFailure:
            await self.stop()
            raise AdapterStartError(
                "discord.token (DISCORD_TOKEN) was rejected by Discord: copy the bot's token from the Developer "
                "Portal (Bot → Reset Token) into DISCORD_TOKEN, or unset it to run without Discord"
            ) from None
        except (OSError, TimeoutError, aiohttp.ClientError, discord.GatewayNotFound, discord.ConnectionClosed) as exc:
            await self.stop()
            raise AdapterStartError(
                f"discord: cannot reach Discord ({_reason(exc)}) although DISCORD_TOKEN is set: check the network "
                "or proxy and start again, or unset DISCORD_TOKEN to run without Discord"
            ) from None
        except BaseException:
            await self.stop()
            raise
        logger.info("Discord connected as %s (%s guilds)", client.user, len(client.guilds))

    async def stop(self) -> None:
        """Close the gateway and the HTTP session; undo the test endpoints."""
        client, runner = self._client, self._runner
        self._client, self._runner = None, None
        if client is not None:
            await client.close()
        if runner is not None:
            try:
                await asyncio.wait_for(runner, timeout=10)
            except Exception as exc:  # noqa: BLE001 - closing anyway; why the gateway ended is only of interest
                logger.debug("Discord gateway task ended with %r", exc)
        self._restore_endpoints()

    async def _wait_until_ready(
        self, client: discord.Client, runner: asyncio.Task[None], dropped: asyncio.Event
    ) -> None:
        ready = asyncio.ensure_future(client.wait_until_ready())
        lost = asyncio.ensure_future(dropped.wait())
        done, _ = await asyncio.wait(
            {ready, runner, lost}, timeout=self.ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        lost.cancel()
        if ready in done:
            return
        ready.cancel()
        if runner in done:
            runner.result()  # re-raise why the gateway stopped (bad token, missing intents...)
            raise ConnectionError("the Discord gateway closed before it was ready")
        if lost in done:
            raise ConnectionError("the gateway refused or dropped the connection")
        raise TimeoutError(f"Discord was not ready within {self.ready_timeout} s")

    def _point_at_test_endpoints(self) -> None:
        """`api_base`/`gateway_url` exist only so tests can point discord.py at a fake on 127.0.0.1."""
        if not (self.settings.api_base or self.settings.gateway_url):
            return
        self._saved_endpoints = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        if self.settings.api_base:
            discord.http.Route.BASE = self.settings.api_base.rstrip("/")
        if self.settings.gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.settings.gateway_url)

    def _restore_endpoints(self) -> None:
        if self._saved_endpoints is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_endpoints
            self._saved_endpoints = None

    async def _sync(self) -> None:
        assert self._tree is not None
        guild = discord.Object(self.sync_guild_id) if self.sync_guild_id else None
        if guild is not None:
            self._tree.copy_global_to(guild=guild)
        synced = await self._tree.sync(guild=guild)
        logger.info("synced %s Discord commands %s", len(synced), f"to guild {guild.id}" if guild else "globally")

    # app commands ------------------------------------------------------------------------------------------

    def command_tree(self, client: discord.Client) -> app_commands.CommandTree[Any]:
        """One app command per registry command, each with its Discord declaration (`DESCRIPTIONS` and the
        typed `_cmd_<name>` callback); `declaration_problems` already checked at import that they agree."""
        tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
        for name in COMMANDS:
            callback = getattr(self, f"_cmd_{name}")
            tree.add_command(app_commands.Command(name=name, description=DESCRIPTIONS[name], callback=callback))
        tree.error(self._on_tree_error)
        return tree

    @app_commands.describe(story="A brief number or a topic; empty for the latest")
    async def _cmd_brief(self, interaction: discord.Interaction[Any], story: str | None = None) -> None:
        await self._answer(interaction, "brief", _options(story))

    @app_commands.describe(name="A person or organisation, e.g. Witkoff")
    async def _cmd_who(self, interaction: discord.Interaction[Any], name: str) -> None:
        await self._answer(interaction, "who", _options(name))

    @app_commands.describe(question="Your question; in a story's thread it is about that story")
    async def _cmd_ask(self, interaction: discord.Interaction[Any], question: str) -> None:
        await self._answer(interaction, "ask", _options(question))

    @app_commands.describe(topic='A topic, who:NAME, or ~"an idea"')
    async def _cmd_subscribe(self, interaction: discord.Interaction[Any], topic: str) -> None:
        await self._answer(interaction, "subscribe", _options(topic))

    @app_commands.describe(topic="The topic, or the alert's number from /subscriptions")
    async def _cmd_unsubscribe(self, interaction: discord.Interaction[Any], topic: str) -> None:
        await self._answer(interaction, "unsubscribe", _options(topic))

    async def _cmd_subscriptions(self, interaction: discord.Interaction[Any]) -> None:
        await self._answer(interaction, "subscriptions", "")

    @app_commands.describe(alert="The alert's number")
    async def _cmd_why(self, interaction: discord.Interaction[Any], alert: str | None = None) -> None:
        await self._answer(interaction, "why", _options(alert))

    @app_commands.describe(when="'now' for the digest right away")
    async def _cmd_digest(self, interaction: discord.Interaction[Any], when: str | None = None) -> None:
        await self._answer(interaction, "digest", _options(when))

    async def _cmd_sources(self, interaction: discord.Interaction[Any]) -> None:
        await self._answer(interaction, "sources", "")

    @app_commands.describe(command="A command to explain")
    async def _cmd_help(self, interaction: discord.Interaction[Any], command: str | None = None) -> None:
        await self._answer(interaction, "help", _options(command))

    @app_commands.describe(
        channel="Where briefs are posted",
        digest_time="Daily digest time, HH:MM (24-hour)",
        timezone="IANA time zone, e.g. Europe/Berlin",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def _cmd_setup(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel | None = None,
        digest_time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        args = _options(
            f"channel={channel.id}" if channel is not None else None,
            f"time={digest_time.strip()}" if digest_time else None,
            f"tz={timezone.strip()}" if timezone else None,
        )
        await self._answer(interaction, "setup", args)

    @app_commands.describe(
        action="add, remove, list, test, import or export",
        feed="add/test: the feed URL; remove/route: its URL or number from /feeds list (route: or a folder)",
        channel="add/import: the channel its stories go to (default: every briefing channel)",
        only='add: only stories matching words, who:NAME or ~"an idea"',
        opml="import: an OPML file",
    )
    @app_commands.rename(only="filter")
    @app_commands.choices(
        action=[
            app_commands.Choice(name=a, value=a) for a in ("add", "remove", "list", "test", "route", "import", "export")
        ]
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def _cmd_feeds(
        self,
        interaction: discord.Interaction[Any],
        action: str = "list",
        feed: str | None = None,
        channel: discord.TextChannel | None = None,
        only: str | None = None,
        opml: discord.Attachment | None = None,
    ) -> None:
        files: tuple[Attachment, ...] = ()
        if opml is not None and opml.size <= MAX_ATTACHMENT_BYTES:
            files = (Attachment(name=opml.filename, content=await opml.read()),)
        args = _options(action, feed, f"<#{channel.id}>" if channel is not None else None, only)
        await self._answer(interaction, "feeds", args, files)

    async def _answer(
        self, interaction: discord.Interaction[Any], name: str, args: str, files: tuple[Attachment, ...] = ()
    ) -> None:
        """Dispatch, deferring if the answer takes long; then send the reply's embeds (ephemeral if asked)."""
        command = interaction_command(interaction, name, args)
        if files:
            command = dataclasses.replace(command, files=files)
        answer = asyncio.ensure_future(self._dispatch(command))
        done, _ = await asyncio.wait({answer}, timeout=self.defer_after)
        deferred = not done
        if deferred:
            await interaction.response.defer(thinking=True)
        reply = await answer
        await self._respond(interaction, reply, deferred=deferred)

    async def _dispatch(self, command: Command) -> Reply:
        try:
            return await self.dispatch(command)
        except Exception:  # the router has its own error hook; this is the last line of defence
            logger.exception("dispatch of /%s failed", command.name)
            return Reply.text("Sorry, that failed on my side. Please try again.", error=True, ephemeral=True)

    async def _respond(self, interaction: discord.Interaction[Any], reply: Reply, *, deferred: bool) -> None:
        batches = render_reply(reply)
        first, rest = batches[0], batches[1:]
        if not deferred:
            await interaction.response.send_message(
                embeds=first, ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS
            )
        elif reply.ephemeral:  # the public "thinking…" placeholder cannot turn private: replace it
            await interaction.delete_original_response()
            await interaction.followup.send(embeds=first, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.edit_original_response(embeds=first, allowed_mentions=NO_MENTIONS)
        for embeds in rest:
            await interaction.followup.send(embeds=embeds, ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS)

    async def _on_tree_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        """A failure around dispatch (bad option, failed send): log it, answer briefly if still possible."""
        logger.error("Discord command failed: %s", error, exc_info=error)
        if isinstance(error, app_commands.TransformerError):
            text = f"I can't use '{error.value}' there: {error}"
        else:
            text = "Sorry, that failed on my side. Please try again."
        if not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await interaction.response.send_message(
                    embeds=render_reply(Reply.text(text, error=True))[0],
                    ephemeral=True,
                    allowed_mentions=NO_MENTIONS,
                )

    # thread replies ----------------------------------------------------------------------------------------

    async def _on_message(self, message: discord.Message) -> None:
        """A follow-up in a story thread (or a mention/DM) → `ask`, answered in the same place."""
        user = self._client.user if self._client else None
        if user is None:
            return
        command = message_command(message, user.id, self.story_threads)
        if command is None:
            return
        try:
            async with message.channel.typing():
                reply = await self._dispatch(command)
            first, *rest = render_reply(reply)
            await message.reply(embeds=first, allowed_mentions=NO_MENTIONS, mention_author=False)
            for embeds in rest:
                await message.channel.send(embeds=embeds, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            logger.warning("could not answer message %s in %s: %s", message.id, message.channel.id, exc)

    # publishing --------------------------------------------------------------------------------------------

    async def send(self, post: Post) -> Sent:
        """Post embeds to `post.channel_id` (a DM if `post.is_dm`); open the story's thread if asked."""
        client = self.client
        channel = await self._destination(client, post)
        content = mention_content(post.mention_user_ids)
        mentions = discord.AllowedMentions(
            everyone=False,
            roles=False,
            replied_user=False,
            users=[discord.Object(int(uid)) for uid in post.mention_user_ids if uid.isdigit()],
        )
        messages: list[discord.Message] = []
        for part, embeds in enumerate(render_messages([post.message])):
            messages.append(
                await channel.send(
                    content=content if part == 0 else None,
                    embeds=embeds,
                    nonce=delivery_nonce(post.channel_id, post.delivery_key, part),
                    allowed_mentions=mentions if part == 0 and content else NO_MENTIONS,
                )
            )
        first = messages[0]
        thread_id: str | None = None
        if post.open_thread and self.settings.thread_per_story and isinstance(channel, discord.TextChannel):
            thread_id = await self._open_thread(first, thread_name(post.message))
        return Sent(message_id=str(first.id), thread_id=thread_id, extra={"channel_id": str(first.channel.id)})

    async def update(self, sent: Sent, post: Post) -> None:
        """Edit the post's first message (PATCH) with the first part of the new content; the thread stays.

        A post that needed several messages is not re-split: only its first message changes. The edit
        mentions nobody (Discord does not notify on edits anyway; this also keeps the rule explicit)."""
        client = self.client
        channel: discord.DMChannel | discord.PartialMessageable
        if post.is_dm:
            channel = await client.create_dm(discord.Object(int(post.channel_id)))
        else:
            channel = client.get_partial_messageable(int(post.channel_id))  # no fetch needed to edit
        first = render_messages([post.message])[0]
        await channel.get_partial_message(int(sent.message_id)).edit(
            content=mention_content(post.mention_user_ids), embeds=first, allowed_mentions=NO_MENTIONS
        )

    async def _destination(self, client: discord.Client, post: Post) -> discord.abc.Messageable:
        target = int(post.channel_id)
        if post.is_dm:
            return await client.create_dm(discord.Object(target))
        channel = client.get_channel(target) or await client.fetch_channel(target)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"Discord channel {target} cannot receive messages")
        return channel

    async def _open_thread(self, message: discord.Message, name: str) -> str:
        """A public thread on the brief; a re-send that Discord de-duplicated already has it (same id)."""
        try:
            thread = await message.create_thread(name=name)
            thread_id = thread.id
        except discord.HTTPException as exc:
            if exc.code != THREAD_ALREADY_EXISTS:
                raise
            thread_id = message.id  # a thread started from a message shares the message's id
        self.story_threads.add(thread_id)
        return str(thread_id)


def declaration_problems() -> list[str]:
    """Where the Discord declarations and the command registry disagree: a registry command without a
    description or a `_cmd_` callback, a declaration the registry lacks, a description Discord would refuse."""
    callbacks = {name.removeprefix("_cmd_") for name in vars(DiscordAdapter) if name.startswith("_cmd_")}
    problems = [f"/{name} has no Discord description" for name in COMMANDS if name not in DESCRIPTIONS]
    problems += [f"/{name} has no DiscordAdapter._cmd_{name}" for name in COMMANDS if name not in callbacks]
    problems += [
        f"/{name} is declared for Discord but not in the registry" for name in DESCRIPTIONS.keys() - COMMANDS.keys()
    ]
    problems += [f"_cmd_{name} is not a registry command" for name in callbacks - COMMANDS.keys()]
    problems += [
        f"/{name}'s description is longer than {DESCRIPTION_LENGTH} characters"
        for name, text in DESCRIPTIONS.items()
        if len(text) > DESCRIPTION_LENGTH
    ]
    return problems


def _check_declarations() -> None:
    """A command added to the registry without its Discord declaration stops the import, not a user."""
    problems = declaration_problems()
    if problems:
        raise ImportError("bot.adapters.discord: " + "; ".join(problems))


_check_declarations()

__all__ = [
    "DESCRIPTIONS",
    "DiscordAdapter",
    "declaration_problems",
    "delivery_nonce",
    "intents",
    "interaction_command",
    "message_command",
]
