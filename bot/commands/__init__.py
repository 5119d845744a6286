"""The command registry: name → handler, usage and one-line help. Handlers live one module per topic."""

from __future__ import annotations

import difflib

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

ALIASES = {
    "?": "help",
    "h": "help",
    "start": "help",
    "sub": "subscribe",
    "unsub": "unsubscribe",
    "subs": "subscriptions",
}


def needs_admin(name: str, args: str) -> bool:
    """Whether this command (with these arguments) is for admins only, so a platform without per-command
    permissions (Slack) knows when to look the user up: `setup`, and `sources enable`."""
    spec = COMMANDS.get(ALIASES.get(name, name))
    if spec is None:
        return False
    return spec.admin_only or (spec.name == "sources" and args.split()[:1] == ["enable"])


def closest_command(name: str) -> str | None:
    """The command a typo most likely meant (`brif` → `brief`), or None when nothing is close."""
    found = difflib.get_close_matches(name.lower(), [*COMMANDS, *ALIASES], n=1, cutoff=0.6)
    return ALIASES.get(found[0], found[0]) if found else None


__all__ = ["ALIASES", "COMMANDS", "CommandSpec", "Handler", "Request", "closest_command", "needs_admin"]
