"""Durations and times in words people read (shared by the CLI, reports and windows)."""

from __future__ import annotations

from datetime import datetime, tzinfo


def duration(seconds: float) -> str:
    """'0 min', '45 s', '12 min', '1 h 05 min' - short, never negative."""
    total = max(0, round(seconds))
    if total < 60:
        return f"{total} s" if total else "0 min"
    hours, rest = divmod(total, 3600)
    minutes = rest // 60
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def clock_time(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def day_label(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}"
