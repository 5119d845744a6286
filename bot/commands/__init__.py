"""The command registry: name → handler, usage and one-line help. Handlers live one module per topic."""

from __future__ import annotations

from bot.commands import ask, brief, digest, feeds, help, setup, sources, subscriptions, who
from bot.commands.base import CommandSpec, Handler, Request

COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec("help", help.handle, "/help", "what I can do"),
        CommandSpec("brief", brief.handle, "/brief [N | topic]", "the latest briefs, brief #N, or briefs on a topic"),
        CommandSpec("who", who.handle, "/who NAME", "who someone is, from the articles I have read"),
        CommandSpec("ask", ask.handle, "/ask QUESTION", "an answer quoted from stored articles, with sources"),
        CommandSpec(
            "subscribe",
            subscriptions.subscribe,
            "/subscribe [here] TOPIC",
            "alerts by DM (or here, mentioning you) for words (Ukraine AND talks), a person (who:Witkoff) "
            'or an idea (~"AI chip export controls")',
        ),
        CommandSpec("unsubscribe", subscriptions.unsubscribe, "/unsubscribe N|TOPIC|all", "stop alerts"),
        CommandSpec(
            "subscriptions",
            subscriptions.list_subscriptions,
            "/subscriptions [quiet HH:MM-HH:MM [Area/City] | quiet off]",
            "your alerts and quiet hours",
        ),
        CommandSpec("why", subscriptions.why, "/why N", "why story #N reached you, or why it didn't"),
        CommandSpec("digest", digest.handle, "/digest [now]", "today's top stories in one message"),
        CommandSpec(
            "sources",
            sources.handle,
            "/sources [enable URL]",
            "where the news comes from, each source's health; admins re-enable a disabled one",
        ),
        CommandSpec(
            "feeds",
            feeds.handle,
            "/feeds add URL [#channel] [filter] | remove N|URL | list | test URL | route N|URL|FOLDER [#channel] "
            "[filter] | import | export",
            "manage the feeds and where each one posts (admins)",
            admin_only=True,
        ),
        CommandSpec(
            "setup", setup.handle, setup.USAGE.removeprefix("Usage: "), "channel settings (admins)", admin_only=True
        ),
    )
}

__all__ = ["COMMANDS", "CommandSpec", "Handler", "Request"]
