"""`newsbrief run` wires the adapters by which tokens are set: console, Discord and Slack in one process."""

from __future__ import annotations

import pytest

from bot.cli import cmd_run
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_server import BOT_TOKEN, FakeSlack

SEED = "Trump says Putin agreed to start immediate negotiations"
pytestmark = pytest.mark.timeout(120)


async def test_console_discord_and_slack_all_get_the_seed_brief(tmp_path, make_settings, capsys) -> None:
    discord, slack = await FakeDiscord().start(), await FakeSlack().start()
    try:
        settings = make_settings(
            tmp_path,
            **{
                "sources.folders": [str(tmp_path / "seeds")],
                "console.enabled": "on",
                "discord.token": "fake-token",
                "discord.briefing_channel_id": discord.channel_id,
                "discord.api_base": discord.api_base,
                "discord.gateway_url": discord.gateway_url,
                "slack.bot_token": BOT_TOKEN,
                "slack.signing_secret": "shh",
                "slack.mode": "http",
                "slack.port": 0,
                "slack.briefing_channel_id": "C0BRIEF",
                "slack.api_base": slack.api_base,
            },
        )
        assert settings.chat_platforms == ["console", "discord", "slack"]
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        from tests.conftest import SEEDS

        (seeds / "seed.txt").write_text((SEEDS / "2025-02-12-trump-putin-call.txt").read_text())
        assert await cmd_run(settings, once=True) == 0

        assert SEED in capsys.readouterr().out
        (posted,) = await discord.wait_for("POST", rf"/channels/{discord.channel_id}/messages")
        assert SEED in str(posted.body)
        assert posted.body["allowed_mentions"]["parse"] == []
        call = await slack.wait_for_call("chat.postMessage", lambda c: c.args.get("channel") == "C0BRIEF")
        assert SEED in str(call.args) and call.args.get("unfurl_links") in (False, "false", "0", 0)
    finally:
        await discord.stop()
        await slack.stop()
