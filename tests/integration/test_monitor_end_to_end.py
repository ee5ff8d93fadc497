"""The whole record, end to end: real monitor process, real holders, real SQLite file."""

from __future__ import annotations

import signal
import time
from datetime import date, datetime
from typing import Any

import pytest

from tests.integration.conftest import Sandbox, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def camera_sessions(report: dict[str, Any], pid: int) -> list[dict[str, Any]]:
    return [s for s in report["sessions"] if s["kind"] == "camera" and s["pid"] == pid]


def today_report(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.json("report", "--day", date.today().isoformat(), "--format", "json")


def open_session(sandbox: Sandbox, kind: str, pid: int) -> dict[str, Any] | None:
    status = sandbox.json("status", "--json")
    return next((s for s in status["open_sessions"]
                 if s["kind"] == kind and s["pid"] == pid), None)


def test_probe_sees_a_real_process_holding_the_camera(sandbox: Sandbox, processes: list) -> None:
    holder = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(holder)
    probe = sandbox.json("probe", "--json")
    [item] = [c for c in probe["camera"] if c["pid"] == holder.pid]
    assert item["process"] == "zoom"
    assert item["device"] == str(sandbox.camera)
    assert item["app"] == "zoom"
    assert item["exe"].endswith("/zoom")
    assert probe["microphone"] == []
    backends = {(b["probe"], b["backend"]): b for b in probe["backends"]}
    assert backends[("camera", "linux-proc")]["ok"] is True
    assert any(app["pid"] == holder.pid and app["app"] == "zoom" for app in probe["apps"])


def test_camera_use_becomes_a_session_with_the_right_pid_and_duration(
        sandbox: Sandbox, processes: list, monitors: list) -> None:
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    opened = time.monotonic()
    holder = sandbox.named_process("obs", hold=sandbox.camera)
    processes.append(holder)
    seen = wait_for(lambda: open_session(sandbox, "camera", holder.pid))
    assert seen["process"] == "obs" and seen["app"] == "obs-studio"
    time.sleep(4)
    holder.kill()
    holder.wait()
    held = time.monotonic() - opened

    def ended() -> list[dict[str, Any]]:
        found = camera_sessions(today_report(sandbox), holder.pid)
        return found if found and found[0]["ended_at"] else []

    [session] = wait_for(ended)
    assert session["process"] == "obs"
    assert session["app"] == "obs-studio" and session["category"] == "streaming"
    assert session["device"] == str(sandbox.camera)
    assert session["ended_by"] == "closed"
    assert abs(session["seconds"] - held) <= 2, (session, held)
    assert monitor.stop() == 0


def test_microphone_use_is_recorded_too(sandbox: Sandbox, processes: list,
                                        monitors: list) -> None:
    monitors.append(sandbox.start_monitor())
    holder = sandbox.named_process("Discord", hold=sandbox.microphone)
    processes.append(holder)
    seen = wait_for(lambda: open_session(sandbox, "microphone", holder.pid))
    assert seen["app"] == "discord"


def test_processes_named_like_catalogued_apps_become_app_sessions(
        sandbox: Sandbox, processes: list, monitors: list) -> None:
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    started = {name: sandbox.named_process(name) for name in ("obs", "zoom", "Discord")}
    processes.extend(started.values())
    expected = {"obs": "obs-studio", "zoom": "zoom", "Discord": "discord"}
    for name, process in started.items():
        session = wait_for(lambda p=process: open_session(sandbox, "app", p.pid))
        assert session["app"] == expected[name], session
    time.sleep(2)
    assert monitor.stop() == 0  # SIGTERM: open sessions are closed as stopped
    report = today_report(sandbox)
    apps = {a["app"]: a for a in report["apps"]}
    assert set(expected.values()) <= set(apps)
    assert apps["obs-studio"]["category"] == "streaming"
    assert apps["discord"]["category"] == "video-chat"
    ours = [s for s in report["sessions"] if s["pid"] in {p.pid for p in started.values()}]
    assert ours and all(s["ended_by"] == "monitor-stopped" for s in ours)
    assert all(2 <= s["seconds"] <= 60 for s in ours)


def test_a_second_monitor_on_the_same_data_exits_with_a_clear_message(
        sandbox: Sandbox, monitors: list) -> None:
    first = sandbox.start_monitor()
    monitors.append(first)
    second = sandbox.familywatch("monitor", check=False, timeout=30)
    assert second.returncode == 1
    assert "already monitoring" in second.stderr and str(first.pid) in second.stderr
    assert "Traceback" not in second.stderr
    status = sandbox.json("status", "--json")
    assert status["monitor"]["running"] is True and status["monitor"]["pid"] == first.pid


def test_kill_9_then_restart_leaves_nothing_open_and_loses_little(
        sandbox: Sandbox, processes: list, monitors: list) -> None:
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    holder = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(holder)
    wait_for(lambda: open_session(sandbox, "camera", holder.pid))
    time.sleep(6)
    killed_at = datetime.now().astimezone()
    monitor.stop(signal.SIGKILL)
    assert sandbox.json("status", "--json")["monitor"]["running"] is False

    restarted = sandbox.start_monitor()
    monitors.append(restarted)
    report = today_report(sandbox)
    before = [s for s in camera_sessions(report, holder.pid) if s["ended_by"] == "recovered"]
    assert len(before) == 1, report["sessions"]
    lost = (killed_at - datetime.fromisoformat(before[0]["ended_at"])).total_seconds()
    assert 0 <= lost <= 15, lost
    # the camera is still held: the new run records it as a new open session
    assert wait_for(lambda: open_session(sandbox, "camera", holder.pid))
    assert restarted.stop() == 0
    after = today_report(sandbox)
    assert all(s["ended_at"] for s in after["sessions"])
    assert after["gaps"] == [] or all(g["reason"] == "crashed" for g in after["gaps"])


def test_status_when_nothing_ever_ran(sandbox: Sandbox) -> None:
    status = sandbox.json("status", "--json")
    assert status["monitor"] == {"running": False, "pid": None, "since": None,
                                 "state": "not-running", "last_heartbeat": None,
                                 "heartbeat_age_seconds": None, "pending_writes": 0}
    assert status["problems"] == []
    assert status["open_sessions"] == []
    assert status["today"]["camera_seconds"] == 0
