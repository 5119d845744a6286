"""Every command of the registry exists on Discord, Slack and the console, and none of them has one more."""

from __future__ import annotations

import discord
import pytest
from pydantic import SecretStr

from bot.adapters import discord as discord_adapter
from bot.adapters.console import completions
from bot.adapters.discord import DiscordAdapter, declaration_problems, intents
from bot.adapters.slack import SLASH_COMMANDS, split_command
from bot.commands import ALIASES, COMMANDS, CommandSpec
from bot.messages import Command, Reply
from bot.settings import DiscordSettings


async def answer(command: Command) -> Reply:
    return Reply.text(command.name)


async def test_discord_command_tree_has_exactly_the_registry_commands() -> None:
    adapter = DiscordAdapter(DiscordSettings(token=SecretStr("unused")), answer)
    client = discord.Client(intents=intents())
    try:
        tree = adapter.command_tree(client)
        assert {command.name for command in tree.get_commands()} == set(COMMANDS)
    finally:
        await client.close()


def test_slack_takes_exactly_the_registry_commands() -> None:
    for name in COMMANDS:
        assert split_command(f"{name} Witkoff") == (name, "Witkoff")
        assert SLASH_COMMANDS.match(f"/{name}")
    assert SLASH_COMMANDS.match("/newsbrief")
    assert not SLASH_COMMANDS.match("/remind")
    assert split_command("remind me tomorrow") == ("ask", "remind me tomorrow")


def test_console_completes_exactly_the_registry_commands_and_aliases() -> None:
    typed = {f"/{name}" for name in [*COMMANDS, *ALIASES] if name.isalpha()}
    assert set(completions()) == typed | {"/exit"}
    assert {f"/{name}" for name in COMMANDS} <= typed


def test_a_registry_command_without_a_discord_declaration_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    assert declaration_problems() == []
    spec = CommandSpec("remind", COMMANDS["help"].handler, "/remind WHEN", "a reminder")
    monkeypatch.setitem(COMMANDS, "remind", spec)
    monkeypatch.setitem(discord_adapter.DESCRIPTIONS, "recap", "A recap")
    assert declaration_problems() == [
        "/remind has no Discord description",
        "/remind has no DiscordAdapter._cmd_remind",
        "/recap is declared for Discord but not in the registry",
    ]
