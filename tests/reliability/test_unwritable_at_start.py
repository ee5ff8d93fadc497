"""The real `familywatch monitor` started on storage that refuses writes: a read-only data
folder, a full disk. Before the fix it refused to start ("disk I/O error"; "Read-only
file system: monitor.lock"); now it watches, keeps what it sees in memory, says so in
`status`, and writes it all with its real times once storage is back.

Needs root (a read-only bind mount, a tiny tmpfs); skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
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


def mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


def umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.fixture
def data_dir(sandbox: Sandbox) -> Iterator[Path]:  # noqa: F811
    folder = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    folder.mkdir()
    yield folder
    umount(folder)


def cameras_now(box: Sandbox) -> dict | None:
    """`status --json` once it lists a camera in use (other tests' processes named like
    catalogued apps may show as apps: only the camera is this test's)."""
    status = box.json("status", "--json")
    return status if any(s["kind"] == "camera" for s in status["open_sessions"]) else None


def camera_pids(status: dict) -> list[int]:
    return [s["pid"] for s in status["open_sessions"] if s["kind"] == "camera"]


def no_problems(box: Sandbox) -> None:
    try:
        wait_for(lambda: not box.json("status", "--json")["problems"], timeout=20)
    except AssertionError:
        raise AssertionError(box.json("status", "--json")["problems"]) from None


def camera_sessions(box: Sandbox, pid: int) -> list[dict]:
    report = box.json("report", "--format", "json", "--day",
                      datetime.now().astimezone().date().isoformat())
    return [s for s in report["sessions"] if s["kind"] == "camera" and s["pid"] == pid]


def stale_open_session(box: Sandbox, monitors: list, processes: list) -> int:  # noqa: F811
    """A monitor killed outright while a camera was held: its session stays open in the
    record. Returns the pid that held it (gone now)."""
    first = box.start_monitor()
    monitors.append(first)
    holder = box.named_process("cheese", hold=box.camera)
    processes.append(holder)
    wait_for(lambda: cameras_now(box))
    time.sleep(2.5)  # a heartbeat or two written: the session has a length
    first.stop(signal.SIGKILL)
    holder.kill()
    holder.wait()
    return holder.pid


def test_a_read_only_data_folder(sandbox: Sandbox, data_dir: Path, monitors: list,  # noqa: F811
                                 processes: list) -> None:  # noqa: F811
    stale = stale_open_session(sandbox, monitors, processes)
    if not (mount("--bind", str(data_dir), str(data_dir))
            and mount("-o", "remount,bind,ro", str(data_dir))):
        pytest.skip("needs root and a read-only bind mount")

    monitor = sandbox.start_monitor()  # refused to start before the fix
    monitors.append(monitor)
    holder = sandbox.named_process("cheese", hold=sandbox.camera)
    processes.append(holder)
    started = datetime.now().astimezone()
    status = wait_for(lambda: cameras_now(sandbox))
    assert status["monitor"]["running"]
    assert [p["kind"] for p in status["problems"]] == ["storage"], status["problems"]
    assert "keeping" in status["problems"][0]["message"]
    assert camera_pids(status) == [holder.pid]  # not the stale one
    text = sandbox.familywatch("status").stdout
    assert "Problem: cannot write the record" in text, text

    umount(data_dir)  # storage is back
    no_problems(sandbox)
    [session] = camera_sessions(sandbox, holder.pid)
    assert abs(datetime.fromisoformat(session["started_at"]) - started) < timedelta(seconds=3)
    assert session["ended_at"] is None
    [old] = camera_sessions(sandbox, stale)
    assert old["ended_by"] == "recovered"  # closed once the record could be written
    assert monitor.stop() == 0
    assert camera_sessions(sandbox, holder.pid)[0]["ended_by"] == "monitor-stopped"


def test_a_full_disk(sandbox: Sandbox, data_dir: Path, monitors: list,  # noqa: F811
                     processes: list) -> None:  # noqa: F811
    if not mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(data_dir)):
        pytest.skip("needs root and a tmpfs mount to make a really full disk")
    stale = stale_open_session(sandbox, monitors, processes)
    filler = data_dir / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass

    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    holder = sandbox.named_process("cheese", hold=sandbox.camera)
    processes.append(holder)
    status = wait_for(lambda: cameras_now(sandbox))
    assert status["monitor"]["running"]
    assert "storage" in [p["kind"] for p in status["problems"]], status["problems"]
    # The record is readable but stale: what is in use is what the monitor holds now.
    assert camera_pids(status) == [holder.pid]  # not the stale one

    filler.unlink()
    no_problems(sandbox)
    assert camera_sessions(sandbox, holder.pid)[0]["ended_at"] is None
    assert camera_sessions(sandbox, stale)[0]["ended_by"] == "recovered"
    assert monitor.stop() == 0
