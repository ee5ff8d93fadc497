"""The monitor's state file: what `status` reads beside the record."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from familywatch.core.clock import ManualClock
from familywatch.core.model import AppInfo, Category, Kind, Session
from familywatch.monitor.instance import InstanceLock
from familywatch.monitor.records import Records
from familywatch.monitor.state_file import (
    MonitorState,
    OpenSession,
    Problem,
    StatePublisher,
    read_state,
    withdraw,
)
from familywatch.store import open_store

T0 = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)


def state(monotonic: float, **changes: object) -> MonitorState:
    session = Session(7, Kind.CAMERA, 4242, "zoom", T0, T0 + timedelta(seconds=30),
                      exe="/opt/zoom/zoom", device="/dev/video0", app=ZOOM)
    values: dict[str, object] = dict(
        pid=os.getpid(), started_at=T0, heartbeat_at=T0 + timedelta(seconds=30),
        heartbeat_monotonic=monotonic, stall_seconds=10.0,
        problems=(Problem("storage", "cannot write the record: disk is full"),),
        open_sessions=(OpenSession(session, None),), pending_writes=3, database="/x.sqlite3")
    values.update(changes)
    return MonitorState(**values)  # type: ignore[arg-type]


def test_published_state_reads_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "monitor-state.json"
    assert StatePublisher(path).publish(state(100.0))
    back = read_state(path)
    assert back is not None
    assert back.problems == state(100.0).problems
    [held] = back.open_sessions
    assert (held.row_id, held.session.app, held.session.process, held.session.started_at) == \
        (None, ZOOM, "zoom", T0)
    assert back.responding(109.0) and not back.responding(111.0)
    withdraw(path, os.getpid() + 1)  # not ours: left alone
    assert path.exists()
    withdraw(path, os.getpid())
    assert not path.exists()


def test_anything_else_is_no_state(tmp_path: Path) -> None:
    path = tmp_path / "monitor-state.json"
    for junk in (b"", b"{", b'{"schema": 99}', b"\xff\xfe", b"[1, 2]", b"x" * (2 << 20)):
        path.write_bytes(junk)
        assert read_state(path) is None
    assert read_state(tmp_path / "missing.json") is None


def test_status_during_a_storage_outage_shows_what_the_monitor_holds(tmp_path: Path) -> None:
    """The record holds a stale open session; the monitor says storage refuses and what it
    holds now: status believes the monitor."""
    lock_file, state_file = tmp_path / "monitor.lock", tmp_path / "monitor-state.json"
    lock = InstanceLock(lock_file)
    lock.acquire()  # as a running monitor would
    clock = ManualClock(T0 + timedelta(seconds=31), monotonic=105.0)
    store = open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}")
    try:
        run = store.begin_run(T0 - timedelta(hours=2), os.getpid(), "den-pc")
        stale = Session(1, Kind.CAMERA, 99, "cheese", T0 - timedelta(hours=2),
                        T0 - timedelta(hours=1))
        store.add_session(stale, run)
        StatePublisher(state_file).publish(state(100.0))
        records = Records(store, clock, UTC, lock_file, host="den-pc", state_file=state_file)
        status = records.status()
        assert status.monitor.running and status.monitor.state == "running"
        assert [s.process for s in status.open_sessions] == ["zoom"]
        assert [p.kind for p in status.monitor.problems] == ["storage"]

        clock.advance(20)  # no heartbeat since: frozen
        frozen = records.status()
        assert not frozen.monitor.running and frozen.monitor.state == "not-responding"
        assert frozen.open_sessions == ()
        assert "stalled" in [p.kind for p in frozen.monitor.problems]
    finally:
        lock.release()
        store.close()
    assert records.monitor_status().state == "not-running"
