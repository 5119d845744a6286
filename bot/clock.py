"""Time, in one convention: aware UTC everywhere inside the service.

`utc_now` is the default clock the service injects (`Services.clock`); tests pass their own. `as_utc` reads
back what the database returns (SQLite hands back naive datetimes, always stored as UTC here).
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes (always stored as UTC here)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
