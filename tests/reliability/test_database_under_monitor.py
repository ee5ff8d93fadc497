"""The database file damaged, deleted or replaced while the real `familywatch monitor`
runs. Only the monitor gives its file up; it saves what it holds, starts a fresh record
with what is in use now, and says so in `status`.

Before the fix: `familywatch status` found the damage and moved the file aside under the
running monitor, which went on writing into the moved file (the visible record: empty, no
gap); a deleted or replaced file went unnoticed.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.conftest import (  # noqa: F401 - fixtures
    Sandbox,
    monitors,
    processes,
    sandbox,
    wait_for,
)

pytestmark = pytest.mark.slow


def camera_rows(db: Path, pid: int) -> list[tuple[str, str | None]]:
    with closing(sqlite3.connect(db)) as connection:  # closed: a kept one would see the
        return connection.execute(                      # file swapped under it
            "SELECT started_at, ended_at FROM sessions WHERE kind = 'camera' AND pid = ? "
            "ORDER BY id", (pid,)).fetchall()


def start_holding(box: Sandbox, monitors: list, processes: list):  # noqa: F811
    box.env["FAMILYWATCH_DB_CHECK"] = "2"  # the monitor's own quick_check, every 2 s
    monitor = box.start_monitor()
    monitors.append(monitor)
    earlier = box.named_process("cheese", hold=box.camera)  # one session, ended
    processes.append(earlier)
    wait_for(lambda: any(s["pid"] == earlier.pid
                         for s in box.json("status", "--json")["open_sessions"]))
    time.sleep(1.5)
    earlier.kill()
    earlier.wait()
    holder = box.named_process("cheese", hold=box.camera)  # and one open throughout
    processes.append(holder)
    wait_for(lambda: any(s["pid"] == holder.pid
                         for s in box.json("status", "--json")["open_sessions"]))
    time.sleep(1.5)  # a heartbeat written
    return monitor, earlier, holder


def database_problems(box: Sandbox) -> list[str]:
    return [p["message"] for p in box.json("status", "--json")["problems"]
            if p["kind"] == "database"]


def test_damage_is_left_to_the_monitor_which_moves_it_aside_and_goes_on(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    monitor, earlier, holder = start_holding(sandbox, monitors, processes)
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    db = data / "familywatch.sqlite3"
    damaged_at = datetime.now(UTC).replace(tzinfo=None)  # the store keeps naive UTC
    with open(db, "r+b") as file:
        file.write(b"this is not a database any more" * 4)

    said = sandbox.familywatch("status", check=False)
    assert said.returncode == 0, said.stderr
    assert "damaged" in said.stderr and "the running monitor" in said.stderr, said.stderr
    assert "moved it aside" not in said.stderr and "was moved aside" not in said.stderr
    report = sandbox.familywatch("report", "--format", "json", check=False)
    assert report.returncode in (0, 1), report.stderr  # one clear line if it can't read

    [problem] = wait_for(lambda: database_problems(sandbox), timeout=20)
    [aside] = data.glob("familywatch.corrupt-*.sqlite3")
    assert "damaged" in problem and str(aside) in problem
    assert aside.read_bytes().startswith(b"this is not a database any more")
    # The fresh record goes on with what is in use now, from when it began.
    wait_for(lambda: camera_rows(db, holder.pid), timeout=10)
    [(started, ended)] = camera_rows(db, holder.pid)
    assert ended is None
    assert datetime.fromisoformat(started) < damaged_at - timedelta(seconds=1)  # its start
    assert camera_rows(db, earlier.pid) == []  # that one is in the file moved aside
    status = sandbox.json("status", "--json")
    assert [s["pid"] for s in status["open_sessions"] if s["kind"] == "camera"] == \
        [holder.pid]
    assert monitor.stop() == 0
    assert camera_rows(db, holder.pid)[0][1] is not None  # closed at stop, in the fresh file
    assert "was damaged" in monitor.output


def test_a_deleted_database_is_saved_from_the_monitor_and_a_fresh_one_started(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    monitor, earlier, holder = start_holding(sandbox, monitors, processes)
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    db = data / "familywatch.sqlite3"
    for name in ("familywatch.sqlite3", "familywatch.sqlite3-wal", "familywatch.sqlite3-shm"):
        (data / name).unlink(missing_ok=True)

    [problem] = wait_for(lambda: database_problems(sandbox), timeout=20)
    saved_files = list(data.glob("familywatch.deleted-*.sqlite3"))
    assert len(saved_files) == 1, (problem, list(data.iterdir()), monitor.output)
    [saved] = saved_files
    assert "deleted" in problem and str(saved) in problem
    assert len(camera_rows(saved, earlier.pid)) == 1  # nothing lost: it held both
    assert len(camera_rows(saved, holder.pid)) == 1
    wait_for(lambda: camera_rows(db, holder.pid), timeout=10)
    assert camera_rows(db, holder.pid)[0][1] is None
    assert monitor.stop() == 0


def test_a_database_replaced_by_another_file_is_moved_aside_not_adopted(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    monitor, earlier, holder = start_holding(sandbox, monitors, processes)
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    db = data / "familywatch.sqlite3"
    other = sandbox.root / "other.sqlite3"  # an old copy someone puts in its place
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(other)) as target:
        source.backup(target)
        target.execute("DELETE FROM sessions")
        target.commit()
    os.replace(other, db)

    [problem] = wait_for(lambda: database_problems(sandbox), timeout=20)
    [kept] = data.glob("familywatch.kept-*.sqlite3")
    [moved] = data.glob("familywatch.other-*.sqlite3")
    assert "replaced" in problem and str(kept) in problem and str(moved) in problem
    assert len(camera_rows(kept, earlier.pid)) == 1
    assert camera_rows(moved, earlier.pid) == []
    wait_for(lambda: camera_rows(db, holder.pid), timeout=10)
    assert monitor.stop() == 0
