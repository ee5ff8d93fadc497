"""Enforcement with a real monitor process: real processes named like apps, a stand-in
camera node, the schedule imported with the PIN, notices read from the monitor's stderr."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.model import EndReason, Kind, Session
from familywatch.core.summary import gaps_between_runs
from familywatch.store import open_store
from tests.integration.conftest import Sandbox, wait_for
from tests.support.parent import Parent, enable_parent_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    parent = Parent(sandbox)
    parent.set_pin()
    return parent


def hours_excluding_now() -> str:
    """A one-hour window six hours away: now (UTC, as the sandbox's TZ) is outside it."""
    start = datetime.now(UTC) + timedelta(hours=6)
    return f"{start:%H}:00-{start + timedelta(hours=1):%H}:00"


def notices(output: str) -> list[str]:
    return [line.split("NOTICE FamilyWatch: ", 1)[1] for line in output.splitlines()
            if "NOTICE FamilyWatch: " in line]


def db_url(sandbox: Sandbox) -> str:
    return f"sqlite:///{Path(sandbox.env['FAMILYWATCH_DATA_DIR']) / 'familywatch.sqlite3'}"


def private_app(sandbox: Sandbox) -> str:
    """A family catalogue entry (category "other", which the shipped catalogue leaves
    empty) for a process name only this test uses: a category rule closes every app of
    its category on the machine, and other tests' "zoom" must not be among them."""
    name = f"fwcall-{uuid.uuid4().hex[:6]}"
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    (data / "catalogue.toml").write_text(f"""
[[app]]
id = "family-call"
name = "Family Call"
category = "other"
processes.linux = ["{name}"]
processes.windows = []
processes.macos = []
""", encoding="utf-8")
    return name


@pytest.mark.parametrize("rule", ["camera", "apps.other"])
def test_close_warns_with_a_countdown_then_terminates_the_app(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list, rule: str) -> None:
    by_camera = rule == "camera"
    name = "zoom" if by_camera else private_app(sandbox)
    parent.import_schedule(f"""
version = 1
[{rule}]
action = "close"
grace_seconds = 2
hours = {{ everyday = ["{hours_excluding_now()}"] }}
""")
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    opened = time.monotonic()
    zoom = sandbox.named_process(name, hold=sandbox.camera if by_camera else None)
    processes.append(zoom)

    assert zoom.wait(timeout=30) == -15  # SIGTERM: asked to quit, not killed
    elapsed = time.monotonic() - opened
    assert 2 <= elapsed < 2 + 5, elapsed  # the grace period, plus detection and a tick

    subject, app, shown = ("camera", "zoom", "Zoom") if by_camera else \
        ("other", "family-call", "Family Call")
    events = wait_for(lambda: [e for e in parent.events() if e["kind"] == "closed"] and
                      parent.events())
    assert [(e["subject"], e["kind"]) for e in events] == \
        [(subject, "violation"), (subject, "warning"), (subject, "closed")]
    assert {e["pid"] for e in events} == {zoom.pid} and events[2]["app"] == app
    warned, closed = (datetime.fromisoformat(events[i]["at"]) for i in (1, 2))
    assert closed - warned >= timedelta(seconds=2)  # announced first, then the grace period
    assert events[2]["detail"]["how"] == "terminated"

    said = wait_for(lambda: len(notices(monitor.output)) >= 2 and notices(monitor.output))
    assert said[0].endswith(f"{shown} will be closed when the countdown ends. "
                            "The countdown ends in 2 seconds.")  # the headless wording
    assert said[1].startswith(f"{shown} was closed: ")
    assert monitor.stop() == 0


def test_the_wake_up_job_closes_on_time_when_no_sampling_tick_comes(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list) -> None:
    """Samples every 30 s: only the inotify-woken scan and the scheduled wake-up act."""
    sandbox.env |= {"FAMILYWATCH_APP_POLL": "30", "FAMILYWATCH_RECONCILE": "30"}
    parent.import_schedule(f"""
version = 1
[camera]
action = "close"
grace_seconds = 3
hours = {{ everyday = ["{hours_excluding_now()}"] }}
""")
    monitors.append(sandbox.start_monitor())
    time.sleep(1)  # past the start-up samples
    opened = time.monotonic()
    zoom = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(zoom)
    assert zoom.wait(timeout=30) == -15
    assert 3 <= time.monotonic() - opened < 3 + 2


def test_remind_gives_exactly_one_notice_per_threshold(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list) -> None:
    now = datetime.now(UTC)
    if now - now.replace(hour=0, minute=0, second=0, microsecond=0) < timedelta(minutes=2):
        pytest.skip("needs a minute of today behind it (UTC)")
    # 55 s of today's 1-minute budget already used: 5 s are left when the camera opens.
    with open_store(db_url(sandbox)) as store:
        store.add_session(Session(0, Kind.CAMERA, 1, "zoom", now - timedelta(seconds=60),
                                  now - timedelta(seconds=5), ended_at=now - timedelta(seconds=5),
                                  ended_by=EndReason.CLOSED), None)
    parent.import_schedule("""
version = 1
[camera]
action = "remind"
warn_before_minutes = 1
daily_minutes = 1
""")
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    zoom = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(zoom)

    wait_for(lambda: len(notices(monitor.output)) >= 2, timeout=30)
    time.sleep(5)  # ten more app ticks (0.5 s) and several device scans: no repeats
    assert notices(monitor.output) == ["Camera time ends in 1 minute.",
                                       "Camera time is over for today."]
    kinds = [(e["kind"], e["detail"].get("message")) for e in parent.events()]
    assert kinds == [("reminder", "Camera time ends in 1 minute."), ("violation", None),
                     ("reminder", "Camera time is over for today.")]
    assert zoom.poll() is None  # remind never closes anything
    assert monitor.stop() == 0


def test_a_restarted_monitor_does_not_repeat_a_reminder(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list) -> None:
    parent.import_schedule("""
version = 1
[camera]
action = "remind"
warn_before_minutes = 2
daily_minutes = 2
""")
    first = sandbox.start_monitor()
    monitors.append(first)
    zoom = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(zoom)
    said = wait_for(lambda: notices(first.output), timeout=30)
    assert said == ["Camera time ends in 2 minutes."]
    assert first.stop() == 0

    second = sandbox.start_monitor()  # the camera is still in use, 2 minutes are not over
    monitors.append(second)
    wait_for(lambda: '"kind": "camera"' in parent.ok("status", "--json").stdout)
    time.sleep(3)  # six app ticks (0.5 s) and several device scans
    assert notices(second.output) == []
    assert [e["kind"] for e in parent.events()] == ["reminder"]
    assert second.stop() == 0


def test_pause_stops_recording_and_leaves_a_paused_gap(
        parent: Parent, sandbox: Sandbox, processes: list, monitors: list) -> None:
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    assert parent.with_pin("pause").returncode == 0
    wait_for(lambda: "A parent paused monitoring" in monitor.output)
    zoom = sandbox.named_process("zoom", hold=sandbox.camera)
    processes.append(zoom)
    time.sleep(2)
    assert parent.ok("status", "--json").stdout.count('"kind": "camera"') == 0

    assert parent.with_pin("resume").returncode == 0
    wait_for(lambda: "Monitoring is on again." in monitor.output)
    wait_for(lambda: '"kind": "camera"' in parent.ok("status", "--json").stdout)
    assert monitor.stop() == 0

    with open_store(db_url(sandbox)) as store:
        start = datetime.now(UTC) - timedelta(hours=1)
        runs = store.runs_between(start, datetime.now(UTC))
        sessions = store.sessions_between(start, datetime.now(UTC))
    assert [run.ended_how for run in runs] == ["paused", "stopped"]
    [camera] = [s for s in sessions if s.kind is Kind.CAMERA]
    assert camera.started_at >= runs[1].started_at  # nothing recorded during the pause
    gaps = gaps_between_runs(runs, start, datetime.now(UTC), datetime.now(UTC),
                             min_gap=timedelta(0))
    [gap] = [g for g in gaps if g.reason == "paused"]  # the summaries show it as such
    assert (gap.start, gap.end) == (runs[0].ended_at, runs[1].started_at)
    assert [e["action"] for e in parent.audit()] == ["pin-set", "paused", "resumed"]
