"""The small interfaces ("ports") that adapters implement and the monitor drives."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from familywatch.core.model import BackendStatus, EndReason, Kind, MonitorRun, Sample, Session


class Clock(Protocol):
    def now(self) -> datetime:
        """Current wall time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never jumps (pauses during suspend)."""
        ...


class SightingProbe(Protocol):
    """Samples what is in use now, for the kinds it covers."""

    @property
    def kinds(self) -> frozenset[Kind]: ...

    def sample(self) -> Sample: ...

    def statuses(self) -> tuple[BackendStatus, ...]: ...


class ChangeWatcher(Protocol):
    """Wakes the monitor when a device may have been opened or closed."""

    def start(self, on_change: Callable[[], None]) -> None: ...

    def stop(self) -> None: ...

    def status(self) -> BackendStatus: ...

    @property
    def watching(self) -> bool: ...  # status().ok, cheap enough for every heartbeat


@dataclass(frozen=True, slots=True)
class SessionUpdate:
    """A change to an already stored session (row id from the store)."""

    row_id: int
    last_seen: datetime
    ended_at: datetime | None = None
    ended_by: EndReason | None = None


@dataclass(frozen=True, slots=True)
class Recovery:
    """What start-up repaired after an unclean stop."""

    sessions_closed: int
    runs_closed: int


class RecordStore(Protocol):
    """Where sessions and monitor runs are kept. Times in and out are UTC."""

    def begin_run(self, started_at: datetime, pid: int, host: str) -> int: ...

    def touch_run(self, run_id: int, at: datetime) -> None: ...

    def end_run(self, run_id: int, at: datetime, how: str,
                last_alive: datetime | None = None) -> None:
        """End a run at `at` (`last_alive`: see MonitorRun; default `at`)."""

    def recover_after_crash(self, now: datetime, *, host: str | None = None) -> Recovery:
        """Close what an unclean stop of this computer's monitor left open."""
        ...

    def add_session(self, session: Session, run_id: int | None) -> int: ...

    def update_sessions(self, updates: Sequence[SessionUpdate]) -> None: ...

    def sessions_between(self, start: datetime, end: datetime) -> list[Session]: ...

    def open_sessions(self) -> list[Session]: ...

    def runs_between(self, start: datetime, end: datetime) -> list[MonitorRun]: ...

    def runs_for_gaps(self, start: datetime, end: datetime) -> list[MonitorRun]:
        """The runs gaps_between_runs needs for [start, end): overlapping, open, and the
        one started last before `start`."""
        ...

    def latest_run(self, *, host: str | None = None) -> MonitorRun | None: ...


# -- parent controls: settings, the audit log, rule events, notifications ----------------


class AuditAction(StrEnum):
    """Parent actions (and the PIN events around them); part of the JSON contract."""

    SCHEDULE_CHANGED = "schedule-changed"
    EXCEPTION_GRANTED = "exception-granted"
    PAUSED = "paused"
    RESUMED = "resumed"
    RETENTION_CHANGED = "retention-changed"
    DATA_DELETED = "data-deleted"
    PIN_SET = "pin-set"
    PIN_CHANGED = "pin-changed"
    PIN_FAILED = "pin-failed"
    PIN_LOCKED_OUT = "pin-locked-out"
    TIME_REQUESTED = "time-requested"  # the child asked (shown next to the answer)
    REQUEST_DECLINED = "request-declined"
    REVIEW_REMINDER_CHANGED = "review-reminder-changed"
    CATALOGUE_CHANGED = "catalogue-changed"  # an app added to or removed from the family list


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One parent action as everyone, the child too, sees it. `detail` is JSON-able."""

    at: datetime
    action: AuditAction
    host: str
    os_user: str
    detail: Mapping[str, object] = field(default_factory=dict)
    row_id: int | None = None


class RuleEventKind(StrEnum):
    """What schedule enforcement did; part of the JSON contract."""

    REMINDER = "reminder"  # "Camera time ends in 5 minutes" / "... is over"
    WARNING = "warning"  # an app will be closed after a visible countdown
    CLOSED = "closed"  # an app was closed (or could not be)
    VIOLATION = "violation"  # use outside what the schedule allows (once per session)
    ALLOWED_AGAIN = "allowed-again"  # use became allowed again (e.g. an exception)


@dataclass(frozen=True, slots=True)
class RuleEvent:
    """`subject`: "camera", "microphone" or an app category."""

    at: datetime
    subject: str
    kind: RuleEventKind
    host: str
    app_id: str | None = None
    pid: int | None = None
    detail: Mapping[str, object] = field(default_factory=dict)
    row_id: int | None = None


@dataclass(frozen=True, slots=True)
class TimeRequest:
    """An "Ask for more time" from the child, and the parent's answer."""

    at: datetime
    minutes: int
    reason: str
    host: str
    answered_at: datetime | None = None
    answer: str | None = None  # "granted" or "declined"
    row_id: int | None = None


@runtime_checkable
class SettingsStore(Protocol):
    """Small text settings (the schedule, retention, pause) shared by every process."""

    def settings(self) -> dict[str, str]: ...

    def put_settings(
        self, values: Mapping[str, str | None], audit: AuditEntry | None = None
    ) -> None:
        """Write (None: delete) the values and the audit entry in one transaction,
        so a protected change never happens without its audit row."""
        ...


@runtime_checkable
class AuditLog(Protocol):
    def add_audit(self, entry: AuditEntry) -> int: ...

    def audit_entries(self, since: datetime | None = None) -> list[AuditEntry]:
        """Oldest first."""
        ...


@runtime_checkable
class RuleEventLog(Protocol):
    def add_rule_event(self, event: RuleEvent) -> int: ...

    def rule_events(self, since: datetime | None = None) -> list[RuleEvent]:
        """Oldest first."""
        ...


@runtime_checkable
class TimeRequestLog(Protocol):
    def add_request(self, request: TimeRequest) -> int: ...

    def open_requests(self) -> list[TimeRequest]: ...

    def answer_requests(self, row_ids: Sequence[int], at: datetime, answer: str) -> None: ...


@runtime_checkable
class RecordPurge(Protocol):
    def purge_before(
        self, cutoff: datetime, audit: Callable[[dict[str, int]], AuditEntry] | None = None
    ) -> dict[str, int]:
        """Delete records older than `cutoff`; how many rows went, per kind. The audit
        log is kept: it is the record of what parents did. `audit(counts)` makes the
        entry recording the deletion, written in the same transaction."""
        ...


class Notifier(Protocol):
    """Tells the people at the computer; may be called from any monitor thread."""

    def notify(self, title: str, message: str, *, countdown_seconds: int | None = None) -> None:
        """`countdown_seconds`: something happens when it runs out - show it counting down."""
        ...


# -- requests with their answers, the review's notes and "reviewed" marks ----------------


@dataclass(frozen=True, slots=True)
class AskedTime:
    """A time request as listed: who asked, and what a parent granted (may differ)."""

    request: TimeRequest
    os_user: str | None = None
    granted_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A note from the child or the parent. `target_kind`: "session" (target_id the
    session's row id), "highlight" (its key) or "week" (the week label); `week` is the
    ISO date of the Monday of the week it belongs to."""

    at: datetime
    host: str
    os_user: str
    author: str  # "child" or "parent"
    target_kind: str
    target_id: str
    week: str
    text: str
    row_id: int | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """"We reviewed this week together"."""

    week: str
    reviewed_at: datetime
    host: str
    os_user: str


@runtime_checkable
class RequestRecords(Protocol):
    def add_asked(self, request: TimeRequest, os_user: str | None) -> int: ...

    def requests(self, since: datetime | None = None) -> list[AskedTime]:
        """Oldest first, answered or not."""
        ...

    def answer_request(self, row_id: int, at: datetime, answer: str,
                       granted_minutes: int | None = None) -> bool:
        """False when there is no such open request."""
        ...


@runtime_checkable
class ReviewRecordLog(Protocol):
    def add_note(self, note: Note) -> int: ...

    def notes(self, week: str | None = None) -> list[Note]: ...

    def add_review(self, review: Review) -> int: ...

    def reviews(self, week: str | None = None) -> list[Review]: ...


@runtime_checkable
class OutsideScheduleLog(Protocol):
    def set_outside_schedule_seconds(self, session: Session, seconds: float) -> bool:
        """Store the seconds of a (tracker) session's use outside the schedule; the row is
        found by host, kind, pid, process and start time. False: no such row (yet)."""
        ...
