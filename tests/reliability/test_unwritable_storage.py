"""Storage that refuses writes: the monitor goes on, keeps what it saw in memory, shows a
problem, and writes everything once storage is back - nothing lost."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from familywatch.core.model import EndReason, Kind
from familywatch.monitor.storage_buffer import StorageBuffer

from .conftest import EPOCH_UTC, T0, Rig, camera_on, make_rig


def camera_rows(rig: Rig) -> list[tuple[float, float | None, EndReason | None]]:
    found = rig.store.sessions_between(T0 - timedelta(hours=1), T0 + timedelta(days=1))
    return [((s.started_at - T0).total_seconds(),
             (s.ended_at - T0).total_seconds() if s.ended_at else None, s.ended_by)
            for s in found if s.kind is Kind.CAMERA]


def test_failing_writes_are_buffered_and_written_when_storage_returns(tmp_path: Path) -> None:
    rig, store = make_rig(tmp_path / "fw.sqlite3", breakable=True)
    assert store is not None
    store.broken = True  # broken from the very start: even the run cannot be written
    rig.camera.held = [camera_on(1)]
    rig.start()
    for _ in range(10):
        rig.tick(2)
    rig.camera.held = [camera_on(2)]  # one session ends, another starts, unwritten
    for _ in range(10):
        rig.tick(2)
    assert store.refused > 10
    assert rig.monitor.problem is not None and "keeping" in rig.monitor.problem
    assert camera_rows(rig) == []
    store.broken = False
    rig.tick(2)
    assert rig.monitor.problem is None
    assert camera_rows(rig) == [(0.0, 22.0, EndReason.CLOSED), (22.0, None, None)]
    rig.monitor.stop()
    assert camera_rows(rig)[-1] == (22.0, 42.0, EndReason.MONITOR_STOPPED)
    [run] = rig.store.runs_between(EPOCH_UTC, T0 + timedelta(days=1))
    assert (run.started_at, run.ended_at, run.ended_how) == (T0, T0 + timedelta(seconds=42),
                                                             "stopped")
    rig.store.close()


def test_the_buffer_is_bounded_and_keeps_open_sessions(tmp_path: Path) -> None:
    rig, store = make_rig(tmp_path / "fw.sqlite3", breakable=True)
    assert store is not None
    rig.monitor.recorder.buffer = StorageBuffer(store, limit=5)  # type: ignore[arg-type]
    store.broken = True
    rig.start()
    for pid in range(1, 12):  # eleven short camera sessions while the disk is full
        rig.camera.held = [camera_on(pid)]
        rig.tick(2)
    buffer = rig.monitor.recorder.buffer
    assert buffer.pending_sessions == 5 and buffer.dropped == 6
    store.broken = False
    rig.tick(2)
    rows = camera_rows(rig)
    assert len(rows) == 5 and rows[-1][1] is None  # the open one survived
    rig.store.close()


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "tiny"
    if not _mount_tmpfs(where, "1m"):
        pytest.skip("needs root and a tmpfs mount to make a really full disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:  # unbuffered: stop at the first full block
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_really_full_disk(tiny_disk: Path) -> None:
    rig, _ = make_rig(tiny_disk / "fw.sqlite3")
    rig.camera.held = [camera_on(1)]
    rig.start()
    rig.tick(2)
    filler = _fill(tiny_disk)
    for pid in (2, 3):
        for _ in range(30):
            rig.camera.held = [camera_on(pid)]
            rig.tick(2)  # ~60 s per session: the WAL needs new pages, the disk has none
    assert rig.monitor.problem is not None, "the full disk was not noticed"
    assert "full" in rig.monitor.problem
    filler.unlink()
    rig.tick(2)
    assert rig.monitor.problem is None
    rig.monitor.stop()
    assert camera_rows(rig) == [(0.0, 4.0, EndReason.CLOSED), (4.0, 64.0, EndReason.CLOSED),
                                (64.0, 124.0, EndReason.MONITOR_STOPPED)]
    rig.store.close()


def test_a_database_locked_by_another_program(tmp_path: Path) -> None:
    """Another program holds SQLite's write lock (as `sqlite3 db 'BEGIN EXCLUSIVE'` would):
    each retry waits the busy timeout, then everything is written once it lets go."""
    import sqlite3

    db = tmp_path / "fw.sqlite3"
    rig, _ = make_rig(db)
    rig.camera.held = [camera_on(1)]
    rig.start()
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        rig.camera.held = [camera_on(2)]
        rig.tick(2)  # the end of 1 and the start of 2 wait in memory (one 5 s retry)
        assert rig.monitor.problem is not None and "locked" in rig.monitor.problem
        rig.tick(2)  # no change: no retry outside the heartbeat
    finally:
        other.execute("ROLLBACK")
        other.close()
    rig.tick(2)
    assert rig.monitor.problem is None
    rig.monitor.stop()
    assert camera_rows(rig) == [(0.0, 2.0, EndReason.CLOSED), (2.0, 6.0, EndReason.MONITOR_STOPPED)]
    rig.store.close()
