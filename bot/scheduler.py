"""The one owner of APScheduler: polls sources on their intervals, works the queue, posts daily digests.

Jobs are plain coroutines on `App` (tested without timers); here they only get triggers. Missed runs
coalesce into one, and a job never overlaps itself.

With several workers on one PostgreSQL, every worker runs the same timers but each job is safe to run in
all of them: the queue is shared through leases (`bot.store.claims`), digests are sent by whichever
worker first holds the channel's lock when its due time (in the database) has come (`digest.run_due`),
and folders and feeds are polled only by the leader (`bot.store.locks.Leadership`), which another worker
replaces within a minute when it dies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import collect, knowledge
from bot.app import App
from bot.delivery import digest
from bot.store import channels as channel_store
from bot.store.locks import Leadership

logger = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}
STOP_WAIT_S = 30.0  # how long a stop lets running jobs finish before cancelling them


def digest_trigger(digest_time: str, timezone: str) -> CronTrigger:
    """Fires at HH:MM local time every day; zoneinfo makes it right on both sides of a DST change."""
    hour, minute = (int(part) for part in digest_time.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=timezone)


async def _guarded(name: str, job: Callable[[], Awaitable[Any]]) -> None:
    try:
        await job()
    except Exception:
        logger.exception("scheduled job %s failed; it will run again on its next trigger", name)


class Scheduler:
    def __init__(self, app: App) -> None:
        self.app = app
        self.scheduler = AsyncIOScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
        self._digest_times: dict[int, tuple[str, str]] = {}  # channel pk → (HH:MM, zone) as scheduled
        self.leadership = Leadership(app.services.db)
        self._running: set[asyncio.Task[Any]] = set()

    def _leader_only(self, job: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        """The job runs in the fleet's leader only (every process is the leader on SQLite)."""

        async def run() -> Any:
            if await self.leadership.check():
                return await job()
            return None

        return run

    def _add(self, job_id: str, trigger: Any, job: Callable[[], Awaitable[Any]]) -> None:
        self.scheduler.add_job(self._tracked, trigger, args=(job_id, job), id=job_id, replace_existing=True)

    async def _tracked(self, name: str, job: Callable[[], Awaitable[Any]]) -> None:
        """Runs a job while remembering its task, so `stop()` can let it finish instead of cancelling it."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await _guarded(name, job)
        finally:
            if task is not None:
                self._running.discard(task)

    async def start(self) -> None:
        settings = self.app.settings
        sources = settings.sources
        self._add(
            "folders",
            IntervalTrigger(minutes=sources.folder_interval_minutes),
            self._leader_only(lambda: collect.collect_folders(self.app.services)),
        )
        # Feeds are rows (TOML ones and those added from chat): one job, in the leader, polls whichever are due.
        self._add(
            "feeds",
            IntervalTrigger(minutes=1),
            self._leader_only(lambda: collect.collect_feeds(self.app.services, due_only=True)),
        )
        self._add("work", IntervalTrigger(seconds=settings.scheduler.process_interval_seconds), self.app.work)
        self._add("digest-times", IntervalTrigger(minutes=1), self.schedule_digests)
        # Mentions stored before their stated roles were kept (migration 0008) get them in the background.
        self._add(
            "stated-roles",
            IntervalTrigger(minutes=10),
            self._leader_only(lambda: knowledge.backfill_roles(self.app.services)),
        )
        await self.schedule_digests()
        self.scheduler.start()

    async def schedule_digests(self) -> None:
        """One cron job per channel at its local digest time; re-checked every minute so `/setup` takes effect,
        and every minute each channel whose due time has passed gets its digest (`digest.run_due`: a digest
        missed while the bot was down, or by a worker that died, at most one per local day, never early;
        a new channel's first digest waits for its first time)."""
        async with self.app.services.db.session() as session:
            channels = await channel_store.channels_for(session, list(self.app.adapters))
        for channel in channels:
            if not channel.digest_enabled:
                continue

            def job(pk: int = channel.id) -> Awaitable[bool]:
                return digest.run_due(self.app.services, self.app.adapters, pk)

            wanted = (channel.digest_time, channel.timezone)
            if self._digest_times.get(channel.id) != wanted:
                self._digest_times[channel.id] = wanted
                self._add(f"digest:{channel.id}", digest_trigger(*wanted), job)
            await _guarded(f"digest {channel.id}", job)

    async def stop(self) -> None:
        """No new runs, then let running jobs finish (bounded) before shutting down: APScheduler cancels the
        tasks still running, and a job cancelled inside a database commit can leave the connection (and the
        process's exit) hanging."""
        if self.scheduler.running:
            self.scheduler.pause()
            if self._running:
                await asyncio.wait(set(self._running), timeout=STOP_WAIT_S)
            self.scheduler.shutdown(wait=False)
        await self.leadership.release()
