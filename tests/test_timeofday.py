"""One rule for a time of day: `7:30` and `07:30` are the same, stored as `07:30`, everywhere it is typed."""

from __future__ import annotations

from datetime import time

import pytest

from bot.app import App
from bot.messages import Command
from bot.settings import load_settings
from bot.timeofday import normalise_hhmm, parse_hhmm
from tests.conftest import CONFIG


def test_a_leading_zero_is_optional_and_the_stored_form_has_it() -> None:
    assert parse_hhmm("7:30") == parse_hhmm("07:30") == time(7, 30)
    assert normalise_hhmm(" 7:05 ") == "07:05"
    assert normalise_hhmm("23:59") == "23:59"


@pytest.mark.parametrize("bad", ["24:00", "7", "7:5", "07:60", "7.30", "7:30pm", "-1:00", ""])
def test_anything_else_is_refused_with_the_value(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a time like 07:00"):
        parse_hhmm(bad)


def test_the_configured_digest_time_follows_the_same_rule() -> None:
    assert load_settings(CONFIG, env={}, overrides={"digest.time": "7:30"}).digest.time == "07:30"


async def test_setup_time_accepts_a_single_digit_hour(app: App) -> None:
    done = await app.dispatch(Command(name="setup", args="time=7:30 tz=Europe/Berlin", channel_id="C9", is_admin=True))
    assert not done.error and "07:30 Europe/Berlin" in done.plain_text()
    bad = await app.dispatch(Command(name="setup", args="time=7:3", channel_id="C9", is_admin=True))
    assert bad.error and "time must be HH:MM" in bad.plain_text()
