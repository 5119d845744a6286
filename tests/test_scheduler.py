"""The scheduler owns the timers only: each source on its interval, the work queue, a digest per channel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.scheduler import Scheduler, digest_trigger


async def test_jobs_cover_every_source_the_queue_and_each_channels_digest(tmp_path: Path, make_settings) -> None:
    settings = make_settings(
        tmp_path,
        **{
            "sources.feeds": [
                {"url": "http://127.0.0.1:9/a.xml", "interval_minutes": 7},
                {"url": "http://127.0.0.1:9/b.xml"},
            ],
            "sources.feed_interval_minutes": 20,
            "digest.time": "07:45",
            "digest.timezone": "Europe/Berlin",
        },
    )
    app = await App.create(settings)
    from bot.adapters.console import ConsoleAdapter

    app.attach(ConsoleAdapter(app.dispatch))
    await app.ensure_configured_channels()
    scheduler = Scheduler(app)
    await scheduler.start()
    try:
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        assert set(jobs) == {
            "folders",
            "feeds",  # one job polls whichever feed rows are due (TOML and chat-added alike)
            "work",
            "digest-times",
            "stated-roles",  # fills the stated roles of mentions stored before migration 0008
            "digest:1",
        }
        feeds = jobs["feeds"].trigger
        assert isinstance(feeds, IntervalTrigger) and feeds.interval.total_seconds() == 60
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        fire = jobs["digest:1"].trigger.get_next_fire_time(None, datetime(2025, 7, 1, 12, tzinfo=UTC))
        assert fire.isoformat() == "2025-07-02T07:45:00+02:00"
    finally:
        await scheduler.stop()
        await app.close()


def test_the_digest_fires_at_local_time_on_both_sides_of_a_dst_change() -> None:
    trigger = digest_trigger("08:00", "Europe/Berlin")
    before = trigger.get_next_fire_time(None, datetime(2025, 3, 28, 12, tzinfo=UTC))
    after = trigger.get_next_fire_time(None, datetime(2025, 3, 29, 12, tzinfo=UTC))
    assert before.astimezone(UTC).hour == 7  # 08:00 CET
    assert after.astimezone(UTC).hour == 6  # 08:00 CEST, the morning after the clocks go forward
    assert (before.day, after.day) == (29, 30)
