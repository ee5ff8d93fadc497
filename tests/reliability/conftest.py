"""A Monitor driven by hand: a ManualClock, stand-in probes whose holders the test sets,
and a real SQLite store (optionally behind a switch that makes every write fail)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import BackendStatus, Kind, Sample, Sighting
from familywatch.monitor.runtime import Monitor, MonitorSettings
from familywatch.probes.base import ProbeSet
from familywatch.store import SqlStore, StoreError, open_store

HOST = "den-pc"
T0 = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class StandIn:
    """A probe reporting whatever `held` says, at the clock's time."""

    clock: ManualClock
    kinds: frozenset[Kind]
    held: list[Sighting] = field(default_factory=list)

    def sample(self) -> Sample:
        return Sample(self.clock.now(), self.clock.monotonic(), self.kinds, tuple(self.held))

    def statuses(self) -> tuple[BackendStatus, ...]:
        return ()


class Breakable:
    """A store whose writes fail with the store's own error while `broken` is set
    (what a full disk, a read-only folder or a foreign write lock look like)."""

    WRITES = frozenset({"begin_run", "touch_run", "end_run", "add_session", "update_sessions",
              "recover_after_crash", "put_settings", "add_audit", "purge_before"})

    def __init__(self, store: SqlStore) -> None:
        self.inner = store
        self.broken = False
        self.refused = 0

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.inner, name)
        if name in self.WRITES:
            def guarded(*args: Any, **kwargs: Any) -> Any:
                if self.broken:
                    self.refused += 1
                    raise StoreError(f"cannot write to {self.inner.path}: disk I/O error")
                return value(*args, **kwargs)
            return guarded
        return value


@dataclass
class Rig:
    clock: ManualClock
    store: SqlStore
    monitor: Monitor
    camera: StandIn
    apps: StandIn

    def tick(self, seconds: float = 0.0, *, jump: float = 0.0) -> None:
        """Move time on, then take both samples and a heartbeat as the jobs would."""
        self.clock.advance(seconds)
        self.clock.jump(jump)
        self.monitor._run_guarded(self.monitor._sample_devices)
        self.monitor._run_guarded(self.monitor._sample_apps)
        self.monitor._run_guarded(self.monitor._heartbeat)

    def start(self) -> None:
        """What Monitor.start does, without the scheduler threads."""
        self.monitor.notices = []
        self.monitor.recorder.buffer.before_first_write = self.monitor._recover
        self.monitor._begin_run(self.clock.now())
        self.monitor.started_at = self.clock.now()
        self.tick()


def camera_on(pid: int = 4242, process: str = "cheese") -> Sighting:
    return Sighting(Kind.CAMERA, pid, process, device="/dev/video0")


def make_rig(db: Path, *, breakable: bool = False) -> tuple[Rig, Breakable | None]:
    clock = ManualClock(T0)
    store = open_store(f"sqlite:///{db}")
    wrapped = Breakable(store) if breakable else None
    camera = StandIn(clock, frozenset({Kind.CAMERA, Kind.MICROPHONE}))
    apps = StandIn(clock, frozenset({Kind.APP}))
    probes = ProbeSet(devices=camera, apps=apps, watcher=None)
    settings = MonitorSettings(host=HOST, app_poll_seconds=2.0, device_reconcile_seconds=2.0)
    monitor = Monitor(probes, wrapped or store, clock, settings)  # type: ignore[arg-type]
    return Rig(clock, store, monitor, camera, apps), wrapped


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    made, _ = make_rig(tmp_path / "fw.sqlite3")
    yield made
    made.store.close()
