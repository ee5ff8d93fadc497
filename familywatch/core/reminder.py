"""The weekly review reminder: "sun 18:00" -> the next local moment it is due (pure).

Local wall time through zoneinfo: on a spring-forward day a time that does not exist
(02:30 when clocks jump 02:00 -> 03:00) is due at the first moment after the gap; on a
fall-back day a time that happens twice is due the first time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from familywatch.core.rules import DAY_NAMES as DAYS
from familywatch.core.rules_eval import wall_to_instant

DEFAULT_REVIEW_REMINDER = "sun 18:00"


def parse_reminder(setting: str) -> tuple[int, time]:
    """'sun 18:00' -> (6, 18:00). ValueError in plain words for anything else."""
    parts = setting.strip().lower().split()
    if len(parts) != 2 or parts[0][:3] not in DAYS or not parts[0].startswith(parts[0][:3]):
        raise ValueError(f"expected a day and a time like 'sun 18:00', not {setting!r}")
    hh, _, mm = parts[1].partition(":")
    if not (hh.isdigit() and mm.isdigit() and len(mm) == 2 and 0 <= int(hh) <= 23
            and 0 <= int(mm) <= 59):
        raise ValueError(f"expected a time HH:MM (00:00-23:59), not {parts[1]!r}")
    return DAYS.index(parts[0][:3]), time(int(hh), int(mm))


def next_reminder(after: datetime, setting: str, tz: tzinfo) -> datetime:
    """The first reminder strictly after `after` (aware), as aware UTC."""
    weekday, at = parse_reminder(setting)
    local_now = after.astimezone(tz)
    for days in range(8):
        day = local_now + timedelta(days=days)
        if day.weekday() != weekday:
            continue
        moment = wall_to_instant(day.date(), at.hour * 60 + at.minute, tz)  # the schedule's rule
        if moment > after:
            return moment
    raise AssertionError("a weekday recurs within 8 days")  # pragma: no cover
