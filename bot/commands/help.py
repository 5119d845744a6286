"""`/help`: every command with its usage, generated from the registry so it can't go stale."""

from __future__ import annotations

from bot.commands.base import Request, command_prefix
from bot.messages import Reply, RichMessage, Section
from bot.services import Services


async def handle(services: Services, request: Request) -> Reply:
    from bot.commands import COMMANDS, closest_command  # the registry imports this module

    prefix = command_prefix(request.command.platform)
    items = tuple(f"{prefix}{spec.usage.removeprefix('/')} — {spec.summary}" for spec in COMMANDS.values())
    intro = "I brief you on the news: a short summary, who matters, and what happens next."
    name = request.command.name
    if name and name not in COMMANDS:
        guess = closest_command(name)
        hint = f" Did you mean {prefix}{guess}?" if guess else ""
        intro = f"I don't know the command '{prefix}{name[:40]}'.{hint} Here is what I can do:"
    return Reply(
        messages=(
            RichMessage(
                title="newsbrief",
                body=intro,
                sections=(Section("Commands", items),),
                footer="In a story's thread, just write your question.",
            ),
        ),
        ephemeral=True,  # for the asker, not a post for the whole channel
    )
