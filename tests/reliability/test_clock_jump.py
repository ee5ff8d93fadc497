"""The wall clock set back or forward under the real `familywatch monitor`.

libfaketime (Debian's `faketime` package) gives the monitor process a wall clock read from
a file (FAKETIME_TIMESTAMP_FILE, re-read at every call) and leaves its monotonic clock
real, which is what a person or NTP setting the clock does. Before the fix, APScheduler's
interval jobs waited for their old wall-clock run times: set the clock back 10 minutes
and nothing was sampled or written for 10 minutes; set it forward a day and a half and
the daily retention job was "missed" and skipped.
"""

from __future__ import annotations

import glob
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.model import Kind, Session
from familywatch.store import open_store
from tests.integration.conftest import (  # noqa: F401 - fixtures
    Sandbox,
    monitors,
    processes,
    sandbox,
    wait_for,
)

LIBFAKETIME = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1")
                     + glob.glob("/usr/lib/faketime/libfaketime.so.1"))
pytestmark = pytest.mark.skipif(not LIBFAKETIME, reason="needs libfaketime (apt-get install "
                                "faketime; ./run-tests installs it when run as root)")


def fake_clock(box: Sandbox) -> Path:
    """Every familywatch process of the sandbox (monitor and commands) reads its wall clock
    as the real one moved by the offset in the returned file."""
    offset = box.root / "faketime"
    offset.write_text("+0\n")
    box.env.update({
        "LD_PRELOAD": LIBFAKETIME[0],
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    })
    return offset


def set_offset(offset: Path, text: str) -> None:
    """Replace the file whole: libfaketime re-reads it at every call, and a half-written
    file would be read as another clock change."""
    temporary = offset.with_suffix(".new")
    temporary.write_text(text + "\n")
    temporary.replace(offset)


def real_clock(box: Sandbox) -> None:
    for name in ("LD_PRELOAD", "FAKETIME_TIMESTAMP_FILE", "FAKETIME_NO_CACHE",
                 "FAKETIME_DONT_FAKE_MONOTONIC"):
        box.env.pop(name, None)


def open_apps(box: Sandbox, pid: int) -> list[str]:
    """Catalogued apps of `pid` in use now (other tests may run processes named alike)."""
    return [s["app"] for s in box.json("status", "--json")["open_sessions"]
            if s["kind"] == "app" and s["pid"] == pid]


@pytest.mark.slow
def test_recording_goes_on_after_the_clock_is_set_back(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    offset = fake_clock(sandbox)
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    time.sleep(2)
    set_offset(offset, "-10m")  # the clock is set back ten minutes
    # No device event wakes a scan: only the jobs can notice the jump.
    wait_for(lambda: "the wall clock jumped" in monitor.output, timeout=15)
    obs = sandbox.named_process("obs")
    processes.append(obs)
    wait_for(lambda: "obs-studio" in open_apps(sandbox, obs.pid), timeout=15)
    status = sandbox.json("status", "--json")
    assert status["monitor"]["running"], status["monitor"]
    assert status["monitor"]["heartbeat_age_seconds"] < 5
    obs.kill()
    obs.wait()
    wait_for(lambda: "obs-studio" not in open_apps(sandbox, obs.pid), timeout=15)
    assert monitor.stop() == 0

    real_clock(sandbox)  # read afterwards, when the doubled ten minutes are all past
    fake_now = datetime.now(UTC) - timedelta(minutes=10)
    report = sandbox.json("report", "--format", "json", "--day",
                          fake_now.astimezone().date().isoformat())
    apps = [s for s in report["sessions"] if s["pid"] == obs.pid]
    assert [s["ended_by"] for s in apps] == ["closed"], (apps, monitor.output)
    # The ten minutes that came twice are a clock-change gap.
    [gap] = [g for g in report["gaps"] if g["reason"] == "clock-change"]
    assert 590 <= gap["seconds"] <= 610, gap
    assert "rescheduling the monitor's jobs" in monitor.output


@pytest.mark.slow
def test_the_daily_retention_runs_after_the_clock_is_set_forward(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    """A session 179 days old is kept at start (retention: 180 days); the clock is set a
    day and a half forward, past the retention job's time: it runs and deletes it."""
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    data.mkdir()
    with open_store(f"sqlite:///{data / 'familywatch.sqlite3'}") as store:
        old = datetime.now(UTC) - timedelta(days=179)
        run = store.begin_run(old, 1, "den-pc")
        store.add_session(Session(1, Kind.CAMERA, 7, "cheese", old, old + timedelta(minutes=5),
                                  ended_at=old + timedelta(minutes=5)), run)
        store.end_run(run, old + timedelta(minutes=6), "stopped")
    offset = fake_clock(sandbox)
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    time.sleep(2)
    set_offset(offset, "+36h")

    def purged() -> bool:
        return any(e["action"] == "data-deleted"
                   for e in sandbox.json("audit", "--json")["entries"])
    wait_for(purged, timeout=20)
    [entry] = [e for e in sandbox.json("audit", "--json")["entries"]
               if e["action"] == "data-deleted"]
    assert entry["detail"]["sessions"] == 1, entry
    # Recording goes on after the jump, and the jump is named.
    obs = sandbox.named_process("obs")
    processes.append(obs)
    wait_for(lambda: "obs-studio" in open_apps(sandbox, obs.pid), timeout=15)
    assert monitor.stop() == 0
    report = sandbox.json("report", "--format", "json")
    assert any(g["reason"] == "clock-change" for g in report["gaps"]), report["gaps"]
