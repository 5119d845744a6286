"""Restarts: held alerts and half-sent messages survive a restart and are delivered exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.alerts.tables import OutboxItem
from bot.delivery import outbox
from bot.store.tables import Delivery
from tests.alerts.articles import CALL_REUTERS, CHIPS, RATE_CUT
from tests.alerts.conftest import Harness


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no `except Exception` catches it."""


async def test_a_restart_in_the_middle_of_held_alerts_delivers_each_exactly_once(
    harness_factory: Callable[..., Any],
) -> None:
    first: Harness = await harness_factory()
    await first.say('/subscribe Ukraine OR chips OR "interest rate"', user="alice")
    await first.say("/subscriptions quiet 22:00-07:00 Europe/Berlin", user="alice")
    first.clock.set(datetime(2025, 2, 12, 22, 0, tzinfo=UTC))
    for article in (CALL_REUTERS, CHIPS):
        await first.add(article)
    await first.work()
    await first.app.close()  # the process stops with two alerts held

    second: Harness = await harness_factory()
    second.clock.set(datetime(2025, 2, 13, 1, 0, tzinfo=UTC))
    await second.add(RATE_CUT)  # a third arrives after the restart, still in quiet hours
    await second.work()
    assert second.dms("alice") == []
    second.clock.set(datetime(2025, 2, 13, 6, 0, tzinfo=UTC))
    await second.work()
    [summary] = second.dms("alice")
    assert summary.message.title == "While it was quiet: 3 stories"
    await second.app.close()

    third: Harness = await harness_factory()
    await third.work()
    assert third.posts == []


@pytest.mark.parametrize("crash", ["after-send", "before-send"])
async def test_a_crash_while_sending_neither_loses_nor_repeats_the_message(
    harness_factory: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, crash: str
) -> None:
    first: Harness = await harness_factory()
    await first.say("/subscribe Ukraine", user="alice")
    await first.add(CALL_REUTERS)
    with monkeypatch.context() as patch:
        if crash == "after-send":  # the message went out; the process died before recording it

            def killed(*_args: object, **_kwargs: object) -> None:
                raise Killed

            patch.setattr(outbox, "mark_sent", killed)
        else:  # the delivery was claimed; the process died before the adapter sent anything
            first.adapter.failure = Killed()
        with pytest.raises(Killed):
            await first.work()
    await first.app.close()
    sent_before = len(first.dms("alice"))

    second: Harness = await harness_factory()
    await second.work()
    await second.work()
    assert sent_before + len(second.dms("alice")) == 1
    async with second.services.db.session() as session:
        statuses = set(await session.scalars(select(OutboxItem.status)))
        alert_deliveries = list(await session.scalars(select(Delivery.status).where(Delivery.channel_id == "alice")))
    assert statuses == {"sent"} and alert_deliveries == ["sent"]
