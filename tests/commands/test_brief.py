"""`/brief`: the latest stories, one entry per story however many outlets wrote it, with the source count."""

from __future__ import annotations

from bot.app import App
from bot.messages import Command
from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS, RATE_CUT
from tests.ingested import ingest


async def test_three_outlets_on_one_event_are_one_brief_that_says_3_sources(app: App) -> None:
    for article in (CALL_REUTERS, CALL_AP, CALL_BBC, RATE_CUT):
        await ingest(app, article)
    assert await app.process_pending() == 4
    reply = await app.dispatch(Command(name="brief"))
    assert len(reply.messages) == 2
    call = next(m for m in reply.messages if "Putin" in m.title)
    assert "3 sources" in call.footer
    rate = next(m for m in reply.messages if m is not call)
    assert "sources" not in rate.footer
