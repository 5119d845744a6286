"""Times of day as people type them, one rule for the configuration, `/setup` and quiet hours.

`7:30` and `07:30` are the same time (24-hour clock, minutes required); every caller stores and shows the
normalised `07:30`. Before this module `/setup time=7:30` was refused while `quiet 7:00-22:00` was accepted.
"""

from __future__ import annotations

import re
from datetime import time

_HHMM = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_hhmm(value: str) -> time:
    """`"07:00"` or `"7:00"` → time(7, 0); raises ValueError naming the value on anything else."""
    m = _HHMM.fullmatch(value.strip())
    if not m:
        raise ValueError(f"'{value}' is not a time like 07:00")
    return time(int(m.group(1)), int(m.group(2)))


def normalise_hhmm(value: str) -> str:
    """`"7:30"` → `"07:30"`, the form stored and shown; raises ValueError like `parse_hhmm`."""
    return f"{parse_hhmm(value):%H:%M}"


__all__ = ["normalise_hhmm", "parse_hhmm"]
