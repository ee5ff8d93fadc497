"""Enforcement driven by a ManualClock over a real SQLite store; notices and closings are
recorded by small test adapters of the Notifier port and the closer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import AppInfo, Category, Kind, Session
from familywatch.core.ports import RuleEventKind
from familywatch.monitor.actions import CloseOutcome
from familywatch.monitor.enforcement import Enforcement
from familywatch.store import SqlStore, open_store

HOST = "den-pc"
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)
OBS = AppInfo("obs-studio", "OBS Studio", Category.STREAMING)


@dataclass
class Notices:
    """A Notifier that keeps what it was told."""

    sent: list[tuple[str, str, int | None]] = field(default_factory=list)

    def notify(self, title: str, message: str, *, countdown_seconds: int | None = None) -> None:
        self.sent.append((title, message, countdown_seconds))

    @property
    def messages(self) -> list[str]:
        return [message for _, message, _ in self.sent]


@dataclass
class Closings:
    """A closer that reports every process as terminated, at once, on the caller's thread."""

    calls: list[list[Session]] = field(default_factory=list)

    def close(self, sessions: Sequence[Session],
              done: Callable[[list[CloseOutcome]], None]) -> None:
        self.calls.append(list(sessions))
        done([CloseOutcome(session, "terminated") for session in sessions])

    def shutdown(self) -> None:
        pass


@dataclass
class Rig:
    store: SqlStore
    clock: ManualClock
    tz: tzinfo
    notices: Notices
    closings: Closings
    enforcement: Enforcement
    sessions: list[Session] = field(default_factory=list)

    def schedule(self, text: str) -> None:
        self.store.put_settings({"schedule": text})

    def settings(self, **values: str | None) -> None:
        self.store.put_settings(values)

    def check(self) -> datetime | None:
        self.enforcement.refresh()
        return self.enforcement.check(self.sessions)

    def run(self, seconds: float, every: float = 10.0) -> None:
        """Tick like the monitor's sampling: check, advance, check ..."""
        elapsed = 0.0
        while elapsed < seconds:
            step = min(every, seconds - elapsed)
            self.clock.advance(step)
            elapsed += step
            self.check()

    def open(self, kind: Kind = Kind.CAMERA, app: AppInfo = ZOOM, pid: int = 4321,
             process: str = "zoom") -> Session:
        session = Session(serial=len(self.sessions) + 100, kind=kind, pid=pid, process=process,
                          started_at=self.clock.now(), last_seen=self.clock.now(), app=app,
                          host=HOST)
        self.sessions.append(session)
        return session

    def events(self, kind: RuleEventKind | None = None) -> list[str]:
        return [f"{e.subject}:{e.kind.value}" for e in self.store.rule_events()
                if kind is None or e.kind is kind]


@pytest.fixture
def make_rig(tmp_path: Path) -> Iterator[Callable[[datetime, tzinfo], Rig]]:
    stores: list[SqlStore] = []

    def make(start: datetime, tz: tzinfo = UTC) -> Rig:
        store = open_store(f"sqlite:///{tmp_path / f'fw{len(stores)}.sqlite3'}")
        stores.append(store)
        clock = ManualClock(start)
        notices, closings = Notices(), Closings()
        enforcement = Enforcement(store, store, store, clock, tz, HOST, notices,
                                  closings)  # type: ignore[arg-type]
        return Rig(store, clock, tz, notices, closings, enforcement)

    yield make
    for store in stores:
        store.close()


MINUTE = timedelta(minutes=1)
