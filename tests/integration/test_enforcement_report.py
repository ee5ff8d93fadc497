"""Done-when of the schedules issue, with a real monitor process: a camera session outside
the camera hours under "close" is warned about, its holder terminated after the
(shortened) grace period, and `report --format json` shows the session with its
outside-schedule seconds and the rule events; `status --json` shows the schedule."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

import pytest

from tests.integration.conftest import Sandbox, wait_for
from tests.integration.test_enforcement_end_to_end import hours_excluding_now
from tests.support.parent import Parent, enable_parent_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]
GRACE = 2


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    made = Parent(sandbox)
    made.set_pin()
    return made


def test_a_closed_session_is_reported_with_its_outside_seconds_and_events(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list) -> None:
    parent.import_schedule(f"""
version = 1
[camera]
action = "close"
grace_seconds = {GRACE}
hours = {{ everyday = ["{hours_excluding_now()}"] }}
""")
    status = json.loads(parent.ok("status", "--json").stdout)
    assert status["schedule"]["camera_allowed_now"] is False
    assert status["schedule"]["camera_reason"] == "outside-hours"
    assert status["schedule"]["next_change"] is not None
    assert [a["action"] for a in status["audit"]] == ["pin-set", "schedule-changed"]

    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    opened = time.monotonic()
    zoom = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(zoom)
    assert zoom.wait(timeout=30) == -15  # terminated (SIGTERM), not killed
    late = time.monotonic() - opened - GRACE  # the limit was already passed at opening
    assert 0 <= late < 5, late
    print(f"closed {late:.2f} s after the limit plus the {GRACE} s grace period")

    def reported() -> dict | None:
        report = json.loads(parent.ok("report", "--format", "json").stdout)
        cameras = [s for s in report["sessions"] if s["kind"] == "camera" and s["ended_at"]]
        closed = [e for e in report["rule_events"] if e["kind"] == "closed"]
        return report if cameras and closed and cameras[0]["outside_schedule_seconds"] >= GRACE \
            else None

    report = wait_for(reported, timeout=20)
    [session] = [s for s in report["sessions"] if s["kind"] == "camera"]
    assert session["pid"] == zoom.pid and session["process"] == "zoom"
    assert GRACE <= session["outside_schedule_seconds"] <= session["seconds"] + 1
    kinds = [(e["subject"], e["kind"], e["pid"]) for e in report["rule_events"]]
    assert kinds == [("camera", "violation", zoom.pid), ("camera", "warning", zoom.pid),
                     ("camera", "closed", zoom.pid)]
    warned, closed = (datetime.fromisoformat(report["rule_events"][i]["at"]) for i in (1, 2))
    assert closed - warned >= timedelta(seconds=GRACE)
    assert report["schedule"]["camera_allowed_now"] is False
    assert any("Camera hours" in line for line in report["schedule"]["rules"])
    [changed] = [a for a in report["audit"] if a["action"] == "schedule-changed"]
    assert changed["detail"]["after"] and changed["os_user"]
    text = parent.ok("report").stdout
    assert "outside the schedule)" in text and "What the schedule did:" in text
    assert "Schedule changed: imported" in text
    assert monitor.stop() == 0
    verified = parent.run("verify")  # the seconds were written before the row was sealed
    assert "NOT intact" not in verified.stderr, verified.stderr
    print("verify:", verified.stdout.strip(), verified.stderr.strip())
