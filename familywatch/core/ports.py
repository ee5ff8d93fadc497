"""The small interfaces ("ports") that adapters implement and the monitor drives."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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

    def end_run(self, run_id: int, at: datetime, how: str) -> None: ...

    def recover_after_crash(self, now: datetime, *, host: str | None = None) -> Recovery:
        """Close what an unclean stop of this computer's monitor left open."""
        ...

    def add_session(self, session: Session, run_id: int | None) -> int: ...

    def update_sessions(self, updates: Sequence[SessionUpdate]) -> None: ...

    def sessions_between(self, start: datetime, end: datetime) -> list[Session]: ...

    def open_sessions(self) -> list[Session]: ...

    def runs_between(self, start: datetime, end: datetime) -> list[MonitorRun]: ...

    def latest_run(self, *, host: str | None = None) -> MonitorRun | None: ...
