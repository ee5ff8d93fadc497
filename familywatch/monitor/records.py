"""The read side of the record, for the CLI, the tray app and reports.

The UI and the CLI ask here; they never query the store or the OS themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from familywatch.core.model import Kind, MonitorRun, Session
from familywatch.core.ports import (
    AskedTime,
    AuditEntry,
    AuditLog,
    Clock,
    Note,
    RecordStore,
    RequestRecords,
    Review,
    ReviewRecordLog,
    RuleEvent,
    RuleEventLog,
    SettingsStore,
)
from familywatch.core.rules import Decision, Usage
from familywatch.core.rules_eval import evaluate
from familywatch.core.summary import Period, Summary, day_period, summarize, week_period
from familywatch.monitor.instance import running_monitor_pid
from familywatch.monitor.parent_settings import ParentSettings
from familywatch.monitor.review_records import week_label
from familywatch.monitor.state_file import MonitorState, Problem, read_state
from familywatch.runtime_folder import STATE_FILE_NAME
from familywatch.store.errors import StoreError
from familywatch.store.rows import gc_paused


@dataclass(frozen=True, slots=True)
class MonitorStatus:
    """`running` only when a monitor holds the lock AND its heartbeat is fresh: a frozen
    one is `not-responding` (`state`), and records nothing."""

    running: bool
    pid: int | None
    since: datetime | None  # when the running monitor started, UTC
    last_run: MonitorRun | None
    state: str = "not-running"  # running / not-responding / not-running
    last_heartbeat: datetime | None = None
    heartbeat_age_seconds: float | None = None
    problems: tuple[Problem, ...] = ()
    live: MonitorState | None = None  # what the monitor published (state_file.py)

    @property
    def storage_failing(self) -> bool:
        return any(p.kind == "storage" for p in self.problems)


@dataclass(frozen=True, slots=True)
class ParentView:
    """The parent-controls side of a period's record, as everyone may see it: the rules
    in force now and what they decide, and the audit log, rule events, time requests,
    notes and review marks of the period."""

    settings: ParentSettings
    decision: Decision | None  # None while monitoring is paused
    now: datetime
    audit: tuple[AuditEntry, ...] = ()
    rule_events: tuple[RuleEvent, ...] = ()
    requests: tuple[AskedTime, ...] = ()
    notes: tuple[Note, ...] = ()
    reviews: tuple[Review, ...] = ()
    open_requests: tuple[AskedTime, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Status:
    """`today` is None when the record can't be read (`record_problem` says why)."""

    monitor: MonitorStatus
    open_sessions: tuple[Session, ...]
    today: Summary | None
    parent: ParentView | None = None
    record_problem: str | None = None
    day: date | None = None  # the local date of `today`


class Records:
    def __init__(self, store: RecordStore, clock: Clock, tz: tzinfo, lock_file: Path,
                 host: str | None = None, state_file: Path | None = None) -> None:
        self.host = host
        self.store = store
        self.clock = clock
        self.tz = tz
        self.lock_file = lock_file
        self.state_file = state_file or lock_file.with_name(STATE_FILE_NAME)

    def local_today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def day(self, day: date | None = None) -> Period:
        return day_period(day or self.local_today(), self.tz)

    def week(self, day: date | None = None) -> Period:
        return week_period(day or self.local_today(), self.tz)

    def summary(self, period: Period) -> Summary:
        sessions = self.store.sessions_between(period.start, period.end)
        # Not every run ever: those of the period and the one before it tell whether
        # monitoring had begun by the start, and why a gap at the start began.
        runs = self.store.runs_for_gaps(period.start, period.end)
        with gc_paused():  # ~100,000 small objects for a year, none in a cycle
            return summarize(sessions, runs, period, self.clock.now(), self.tz)

    def monitor_status(self) -> MonitorStatus:
        pid = running_monitor_pid(self.lock_file)
        try:
            last = self.store.latest_run(host=self.host)
        except StoreError:  # the record is unreadable: the live state can still tell
            last = None
        if pid is None:
            return MonitorStatus(False, None, None, last)
        known = pid if pid > 0 else None
        live = read_state(self.state_file)
        if live is not None and known is not None and live.pid != known:
            live = None  # left by an earlier monitor
        since = last.started_at if last and last.ended_at is None else None
        if live is None:  # starting up (it publishes once it watches): take its word
            return MonitorStatus(True, known, since, last, "running")
        age = live.heartbeat_age(self.clock.monotonic())
        problems = live.problems
        responding = live.responding(self.clock.monotonic())
        if not responding:
            problems = (*problems, Problem("stalled", (
                f"the monitor (pid {live.pid}) has not answered for {age:.0f} s: it may be "
                "frozen, and nothing is being recorded")))
        return MonitorStatus(responding, known, since or live.started_at, last,
                             "running" if responding else "not-responding",
                             live.heartbeat_at, age, problems, live)

    def status(self) -> Status:
        monitor = self.monitor_status()
        day = self.local_today()
        live = monitor.live
        try:
            if monitor.running and live is not None and monitor.storage_failing:
                # Storage refuses the monitor's writes: what is in use is what it holds,
                # not what the (stale) record says.
                open_sessions = tuple(o.session for o in live.open_sessions)
            else:
                open_sessions = tuple(self.store.open_sessions()) if monitor.running else ()
            today = self.summary(self.day(day))
            parent = self.parent_view(today, open_sessions)
        except StoreError as error:
            held = tuple(o.session for o in live.open_sessions) \
                if monitor.running and live is not None else ()
            return Status(monitor, held, None, None, str(error), day)
        return Status(monitor, open_sessions, today, parent, None, day)

    def parent_view(self, summary: Summary, open_sessions: tuple[Session, ...] | None = None
                    ) -> ParentView | None:
        """The schedule (evaluated now, with today's use) and the period's parent actions,
        rule events, requests, notes and reviews; None for a store that keeps none."""
        store = self.store
        if not (isinstance(store, SettingsStore) and isinstance(store, AuditLog)
                and isinstance(store, RuleEventLog) and isinstance(store, RequestRecords)
                and isinstance(store, ReviewRecordLog)):
            return None
        now = self.clock.now()
        settings = ParentSettings.read(store.settings())
        decision = None
        if not settings.paused(now):
            today = summary if summary.period == self.day() else self.summary(self.day())
            if open_sessions is None:
                open_sessions = tuple(store.open_sessions()) \
                    if self.monitor_status().running else ()
            kinds = {s.kind for s in open_sessions}
            usage = Usage(camera_today=timedelta(seconds=today.totals.camera_seconds),
                          microphone_today=timedelta(seconds=today.totals.microphone_seconds),
                          camera_active=Kind.CAMERA in kinds,
                          microphone_active=Kind.MICROPHONE in kinds)
            decision = evaluate(settings.rules(), usage, now, self.tz)
        start, end = summary.period.start, summary.period.end
        requests = store.requests()
        week = week_label(summary.period.start.astimezone(self.tz).date())
        weeks = sorted({week_label(d.day) for d in summary.days} | {week})
        return ParentView(
            settings=settings, decision=decision, now=now,
            audit=tuple(e for e in store.audit_entries(start) if e.at < end),
            rule_events=tuple(e for e in store.rule_events(start) if e.at < end),
            requests=tuple(r for r in requests if start <= r.request.at < end),
            notes=tuple(n for w in weeks for n in store.notes(w)),
            reviews=tuple(r for w in weeks for r in store.reviews(w)),
            open_requests=tuple(r for r in requests if r.request.answered_at is None),
        )
