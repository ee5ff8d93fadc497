"""A frozen monitor (SIGSTOP) leaves a gap, and `status` does not call it running.

The real `familywatch monitor` is stopped with SIGSTOP for a little over a minute while a
process holds the stand-in camera; the holder goes away during the freeze. Before the
fix, the thawed monitor extended the camera session across the whole freeze, the run
stayed one continuous run (`gaps: []`) and `status` said "running" throughout.
"""

from __future__ import annotations

import signal
import time
from datetime import datetime, timedelta

import pytest

from tests.integration.conftest import (  # noqa: F401 - fixtures
    Sandbox,
    monitors,
    processes,
    sandbox,
    wait_for,
)

FREEZE_SECONDS = 65  # gaps shorter than a minute are not listed


@pytest.mark.slow
def test_a_frozen_monitor_is_a_stalled_gap_and_not_running(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    holder = sandbox.named_process("cheese", hold=sandbox.camera)
    processes.append(holder)
    wait_for(lambda: any(s["pid"] == holder.pid
                         for s in sandbox.json("status", "--json")["open_sessions"]))
    time.sleep(2)

    frozen_at = datetime.now().astimezone()
    monitor.process.send_signal(signal.SIGSTOP)
    try:
        time.sleep(15)  # longer than the stall time (10 s with a 1 s heartbeat)
        during = sandbox.json("status", "--json")
        assert during["monitor"]["running"] is False
        assert during["monitor"]["state"] == "not-responding"
        assert during["monitor"]["pid"] == monitor.pid
        assert any(p["kind"] == "stalled" for p in during["problems"]), during["problems"]
        assert during["open_sessions"] == []  # not watched: nothing is "in use now"
        text = sandbox.familywatch("status").stdout
        assert "NOT RESPONDING" in text and "running (pid" not in text, text
        holder.kill()  # the camera is let go while nobody watches
        holder.wait()
        time.sleep(FREEZE_SECONDS - 15)
    finally:
        monitor.process.send_signal(signal.SIGCONT)
    thawed_at = datetime.now().astimezone()

    wait_for(lambda: sandbox.json("status", "--json")["monitor"]["running"], timeout=30)
    report = sandbox.json("report", "--format", "json", "--day", frozen_at.date().isoformat())
    [stalled] = [g for g in report["gaps"] if g["reason"] == "stalled"]
    start, end = (datetime.fromisoformat(stalled[k]) for k in ("start", "end"))
    assert abs(start - frozen_at) < timedelta(seconds=3)
    assert abs(end - thawed_at) < timedelta(seconds=5)
    # The camera session ends where it was last seen, not when the monitor woke up.
    [camera] = [s for s in report["sessions"] if s["pid"] == holder.pid]
    assert camera["ended_by"] == "gap"
    assert datetime.fromisoformat(camera["ended_at"]) <= frozen_at + timedelta(seconds=2)
    assert "could not run for" in monitor.output
    assert monitor.stop() == 0


def test_a_stall_ends_sessions_at_their_last_sighting_and_starts_a_new_run(tmp_path) -> None:
    """The same, driven by hand: the worker idles 40 s (monotonic), then a sample comes."""
    from familywatch.core.model import EndReason
    from tests.reliability.conftest import EPOCH_UTC, T0, camera_on, make_rig

    rig, _ = make_rig(tmp_path / "fw.sqlite3")
    rig.camera.held = [camera_on()]
    rig.start()
    rig.tick(2)
    rig.tick(2)  # last seen at T0+4, the run alive until then
    rig.tick(40)  # frozen in between: the holder is still there when it thaws
    rig.monitor.stop()
    runs = rig.store.runs_between(EPOCH_UTC, T0 + timedelta(hours=1))
    assert [(r.ended_at - T0, r.ended_how) for r in runs] == [  # type: ignore[operator]
        (timedelta(seconds=4), "stalled"), (timedelta(seconds=44), "stopped")]
    sessions = rig.store.sessions_between(EPOCH_UTC, T0 + timedelta(hours=1))
    assert [(s.started_at - T0, s.ended_at - T0, s.ended_by) for s in sessions] == [  # type: ignore[operator]
        (timedelta(0), timedelta(seconds=4), EndReason.GAP),
        (timedelta(seconds=44), timedelta(seconds=44), EndReason.MONITOR_STOPPED)]
    assert rig.monitor.stalls == 1
    rig.store.close()
