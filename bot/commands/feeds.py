"""`/feeds`: admins manage the feeds from chat (add, remove, list with health, test, OPML import/export).

The work is in `bot.feed_registry` (shared with the CLI); this module only reads the arguments and words
the replies. A refused change says why (the fetch error, the parse error, the filter's syntax error).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot import feed_registry as registry
from bot.commands.base import Request, command_prefix
from bot.messages import Reply, RichMessage, Section
from bot.render import brief_message, when_text
from bot.services import Services
from bot.store import sources as source_store

logger = logging.getLogger(__name__)

USAGE = (
    "/feeds add URL [#channel] [filter] · /feeds remove N|URL · /feeds list · /feeds test URL · "
    "/feeds route N|URL|FOLDER [#channel] [filter] · "
    "/feeds import (attach an .opml file; console: a path) · /feeds export"
)
EXPORT_INLINE_LIMIT = 2800  # characters of OPML shown in a chat reply (a Slack section holds 3000)


def _usage(platform: str, problem: str = "") -> Reply:
    prefix = command_prefix(platform)
    text = USAGE.replace("/feeds", f"{prefix}feeds")
    return Reply.text(f"{problem} Usage: {text}".strip(), error=True, ephemeral=True)


async def handle(services: Services, request: Request) -> Reply:
    cmd = request.command
    action, _, rest = cmd.args.strip().partition(" ")
    action, rest = action.lower() or "list", rest.strip()
    try:
        match action:
            case "add":
                return await _add(services, request, rest)
            case "remove" | "rm" | "delete":
                if not rest:
                    return _usage(cmd.platform, "Which feed? Give its number from /feeds list or its URL.")
                source = await registry.remove(services, rest)
                return Reply.text(f"Removed {source.name or source.key}: no more stories from it.")
            case "route":
                return await _route(services, request, rest)
            case "list" | "ls":
                return await _list(services)
            case "test":
                return await _test(services, rest)
            case "import":
                return await _import(services, request, rest)
            case "export":
                return await _export(services, request, rest)
    except registry.FeedAdminError as exc:
        return Reply.text(f"Refused: {exc}", error=True, ephemeral=True)
    return _usage(cmd.platform, f"I don't know '/feeds {action[:40]}'.")


async def _add(services: Services, request: Request, args: str) -> Reply:
    cmd = request.command
    url, channel, query = registry.split_add_args(args)
    if not url:
        return _usage(cmd.platform, "Which feed? Give its URL.")
    target = registry.Target(cmd.platform, channel)
    added = await registry.add(services, url, target, query)
    where = target.show() + (f", only stories matching {added.query}" if added.query else "")
    return Reply.text(
        f"Added feed #{added.number}: {added.title} ({added.items} recent item{'s' if added.items != 1 else ''}). "
        f"Its new stories go to {where}. Remove it with /feeds remove {added.number}."
    )


async def _route(services: Services, request: Request, args: str) -> Reply:
    cmd = request.command
    ref, channel, query = registry.split_add_args(args)
    if not ref:
        return _usage(cmd.platform, "Which source? A feed's number or URL, or a folder as /sources shows it.")
    target = registry.Target(cmd.platform, channel)
    source, routed = await registry.route(services, ref, target, query)
    if not routed:
        return Reply.text(f"{source.name or source.key} goes to every briefing channel again.")
    where = target.show() + (f", only stories matching {query}" if query else "")
    return Reply.text(f"{source.name or source.key} now also goes to {where}.")


async def _list(services: Services) -> Reply:
    async with services.db.session() as session:
        feeds = await source_store.feed_health(session, services.clock())
    if not feeds:
        return Reply.text("No feeds yet. Admins add one with /feeds add URL [#channel] [filter].")
    lines = []
    for number, health in enumerate(feeds, 1):
        s = health.source
        routes = ", ".join(
            ("everywhere" if r.everywhere else f"#{r.channel_id}") + (f" ({r.query})" if r.query else "")
            for r in health.routes
        )
        status = (
            f"DISABLED: {s.disabled_reason}"
            if s.disabled
            else f"last success {when_text(s.last_ok_at)}"
            + (f"; last error {when_text(s.last_error_at)}: {s.last_error}" if s.last_error else "")
        )
        name = s.name if s.name and s.name != s.key else ""
        lines.append(
            f"#{number} {name + ' — ' if name else ''}{s.key} → {routes or 'every briefing channel'} — "
            f"{health.items_last_day} items in the last day — {status}"
        )
    return Reply(messages=(RichMessage(title="Feeds", body="", sections=(Section("Feeds", tuple(lines)),)),))


async def _test(services: Services, url: str) -> Reply:
    from bot.processing import summarizer_options
    from summarizer import summarize

    if not url:
        return Reply.text("Which feed? /feeds test URL", error=True, ephemeral=True)
    poll = await registry.fetch_once(services, url.strip("<>"), full_text=services.settings.sources.fetch_full_text)
    title = poll.title or url
    if not poll.items:
        return Reply.text(f"{title} parses, but has no item from the last {services.settings.sources.max_age_hours} h.")
    newest = max(poll.items, key=lambda i: i.article.published.isoformat() if i.article.published else "")
    brief = await asyncio.to_thread(summarize, newest.article, summarizer_options(services.settings))
    preview = brief_message(brief)
    note = RichMessage(
        body=f"{title}: {len(poll.items)} recent items. The next brief would look like this (nothing was stored):"
    )
    return Reply(messages=(note, preview), ephemeral=True)


async def _import(services: Services, request: Request, rest: str) -> Reply:
    cmd = request.command
    channel = registry.channel_token(rest.split()[-1]) if rest.split() else None
    target = registry.Target(cmd.platform, channel) if channel else None
    if cmd.files:
        file = cmd.files[0]
        data, where = file.content, file.name
    elif cmd.platform == "console" and rest.split():
        path = Path(rest.split()[0]).expanduser()
        if not path.is_file():
            return Reply.text(f"{path}: no such file", error=True, ephemeral=True)
        data, where = path.read_bytes(), path.name
    else:
        return _usage(cmd.platform, "Attach an OPML file to the command.")
    report = await registry.import_opml(services, data, target, where)
    dest = f" Their stories go to {target.show()}." if target else ""
    return Reply.text(
        f"Imported {where}: {report.feeds} feeds, {report.added} new, {report.already} already polled.{dest}"
    )


async def _export(services: Services, request: Request, rest: str) -> Reply:
    data = await registry.export_opml(services)
    if request.command.platform == "console" and rest:
        path = Path(rest).expanduser()
        path.write_bytes(data)
        return Reply.text(f"Wrote the feeds to {path}.")
    text = data.decode("utf-8")
    if len(text) > EXPORT_INLINE_LIMIT:
        return Reply.text(
            f"The OPML is {len(text)} characters, too long for a message; run `newsbrief feeds export FILE`.",
            ephemeral=True,
        )
    return Reply.text(text, ephemeral=True)
