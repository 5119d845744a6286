"""The whole path with the real summariser and knowledge index: ingest → brief → story + match → post."""

from __future__ import annotations

import pytest

from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS
from tests.alerts.conftest import Harness
from tests.ingested import ingest

pytestmark = pytest.mark.slow


async def test_three_outlets_through_the_real_pipeline_make_one_post_and_one_alert(harness: Harness) -> None:
    await harness.say("/subscribe who:Witkoff", user="alice")
    await harness.say("/subscribe Kremlin OR Putin", user="bob")
    for article in (CALL_REUTERS, CALL_AP, CALL_BBC):
        await ingest(harness.app, article, origin=f"feed:{article.source}")
    await harness.app.work()
    [post] = harness.channel_posts()
    assert "3 sources" in post.message.plain_text()
    assert len(harness.dms("alice")) == 1 and len(harness.dms("bob")) == 1
    assert "Steve Witkoff" in harness.dms("alice")[0].message.plain_text()
    await harness.app.work()
    assert len(harness.posts) == 3
