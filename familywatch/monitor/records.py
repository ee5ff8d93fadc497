"""The read side of the record, for the CLI, the tray app and reports.

The UI and the CLI ask here; they never query the store or the OS themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from familywatch.core.model import MonitorRun, Session
from familywatch.core.ports import Clock, RecordStore
from familywatch.core.summary import Period, Summary, day_period, summarize, week_period
from familywatch.monitor.instance import running_monitor_pid

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MonitorStatus:
    running: bool
    pid: int | None
    since: datetime | None  # when the running monitor started, UTC
    last_run: MonitorRun | None


@dataclass(frozen=True, slots=True)
class Status:
    monitor: MonitorStatus
    open_sessions: tuple[Session, ...]
    today: Summary


class Records:
    def __init__(self, store: RecordStore, clock: Clock, tz: tzinfo, lock_file: Path,
                 host: str | None = None) -> None:
        self.host = host
        self.store = store
        self.clock = clock
        self.tz = tz
        self.lock_file = lock_file

    def local_today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def day(self, day: date | None = None) -> Period:
        return day_period(day or self.local_today(), self.tz)

    def week(self, day: date | None = None) -> Period:
        return week_period(day or self.local_today(), self.tz)

    def summary(self, period: Period) -> Summary:
        sessions = self.store.sessions_between(period.start, period.end)
        # All runs up to the end: gaps count only from the first run ever.
        runs = self.store.runs_between(EPOCH, period.end)
        return summarize(sessions, runs, period, self.clock.now(), self.tz)

    def monitor_status(self) -> MonitorStatus:
        pid = running_monitor_pid(self.lock_file)
        last = self.store.latest_run(host=self.host)
        running = pid is not None
        since = last.started_at if running and last and last.ended_at is None else None
        return MonitorStatus(running, pid if pid and pid > 0 else None, since, last)

    def status(self) -> Status:
        monitor = self.monitor_status()
        open_sessions = tuple(self.store.open_sessions()) if monitor.running else ()
        return Status(monitor, open_sessions, self.summary(self.day()))
