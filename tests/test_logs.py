"""JSON-lines logs: one object per event with level, logger, message and context ids; text stays data."""

from __future__ import annotations

import io
import json
import logging

from bot.logs import JsonFormatter, log_context


def event(logger_name: str, message: str, *args: object, **extra: object) -> dict:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger(logger_name)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        log.warning(message, *args, extra=extra or None)
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_an_event_is_one_json_object_with_the_context_ids() -> None:
    with log_context(channel="discord:123", platform="discord"), log_context(story=7):
        got = event("bot.publish", "could not post %s", "story:7", delivery="story:7", article=12)
    assert got["level"] == "WARNING" and got["logger"] == "bot.publish"
    assert got["message"] == "could not post story:7"
    assert (got["channel"], got["platform"], got["story"], got["delivery"], got["article"]) == (
        "discord:123",
        "discord",
        7,
        "story:7",
        12,
    )


def test_a_newline_in_untrusted_text_cannot_forge_a_second_event() -> None:
    got = event("bot.ingest", "title: %s", 'x\n{"level": "CRITICAL", "message": "forged"}')
    assert got["level"] == "WARNING" and "forged" in got["message"]
    assert "channel" not in got  # no context outside a block


def test_the_setting_selects_json(tmp_path, make_settings) -> None:
    assert make_settings(tmp_path).log_format == "human"
    assert make_settings(tmp_path, log_format="json").log_format == "json"
