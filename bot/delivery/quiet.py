"""Quiet hours in the recipient's own time zone: is it quiet now, and when does the quiet end?

Windows may cross midnight (22:00–07:00). Local wall times are turned into instants with zoneinfo, so the
end of the quiet is right on the nights the clocks change (a 07:00 end is 05:00 UTC in Berlin summer time
and 06:00 in winter); a wall time that does not exist that night (02:30 on spring-forward) resolves to the
end of the gap (03:00).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.timeofday import parse_hhmm

logger = logging.getLogger(__name__)


def parse_window(text: str) -> tuple[str, str]:
    """`"22:00-07:00"` → ("22:00", "07:00"), validated."""
    parts = re.split(r"\s*[-–]\s*", text.strip())
    if len(parts) != 2:
        raise ValueError(f"'{text}' is not a window like 22:00-07:00")
    start, end = (parse_hhmm(p) for p in parts)
    if start == end:
        raise ValueError("quiet hours must start and end at different times")
    return f"{start:%H:%M}", f"{end:%H:%M}"


def local_instant(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time `at` on the local date of `day`; a skipped time moves to the end of the gap."""
    naive = datetime.combine(day.date(), at)
    candidate = naive.replace(tzinfo=zone).astimezone(UTC)
    if candidate.astimezone(zone).replace(tzinfo=None) == naive:
        return candidate
    # In the spring-forward gap: the first instant whose local wall time is at or after `at`.
    moment = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    while moment.astimezone(zone).replace(tzinfo=None) < naive:
        moment += timedelta(minutes=1)
    return moment


def is_quiet(now: datetime, start: str | None, end: str | None, timezone: str) -> bool:
    """True when `now` falls inside the daily local window [start, end)."""
    if not start or not end:
        return False
    local = now.astimezone(ZoneInfo(timezone)).time().replace(tzinfo=None)
    s, e = parse_hhmm(start), parse_hhmm(end)
    if s < e:
        return s <= local < e
    return local >= s or local < e


def quiet_ends(now: datetime, start: str | None, end: str | None, timezone: str) -> datetime | None:
    """When the current quiet window ends (UTC), or None when it is not quiet now."""
    if not is_quiet(now, start, end, timezone):
        return None
    assert end is not None
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    end_time = parse_hhmm(end)
    day = local if local.time().replace(tzinfo=None) < end_time else local + timedelta(days=1)
    return local_instant(day, end_time, zone)
