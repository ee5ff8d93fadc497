"""What the windows read from: the records (Records) and what is in use now (the monitor).

Protocols, so a window can be built from Records and a live monitor, or in tests from
Records over a real SQLite file and the store's open sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from typing import Protocol

from familywatch.core.model import Session
from familywatch.core.ports import Clock
from familywatch.core.summary import Period, Summary

LiveSessions = Callable[[], tuple[Session, ...]]


class RecordSource(Protocol):
    """The read side the windows need; familywatch.monitor.records.Records provides it."""

    tz: tzinfo
    clock: Clock

    def day(self, day: date | None = None) -> Period: ...

    def week(self, day: date | None = None) -> Period: ...

    def summary(self, period: Period) -> Summary: ...


def last_days(records: RecordSource, days: int) -> Period:
    """The `days` days up to now (for "the newest records")."""
    now = records.clock.now()
    return Period(now - timedelta(days=days), now + timedelta(seconds=1), f"last-{days}-days",
                  records.tz)
