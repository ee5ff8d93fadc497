"""Closing real processes (terminate, wait, kill) and refusing the ones that must not be."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest

from familywatch.core.model import Kind, Session
from familywatch.monitor.actions import CloseOutcome, LogNotifier, ProcessCloser, close_processes

IGNORES_SIGTERM = ("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                   "print('ready', flush=True)\ntime.sleep(60)\n")


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def session_of(child: subprocess.Popen[bytes], **changes: object) -> Session:
    info = psutil.Process(child.pid)
    started_at = datetime.fromtimestamp(info.create_time(), UTC) + timedelta(seconds=0.5)
    values: dict[str, object] = {"serial": child.pid, "kind": Kind.CAMERA, "pid": child.pid,
                                 "process": info.name(), "started_at": started_at,
                                 "last_seen": started_at}
    return Session(**(values | changes))  # type: ignore[arg-type]


def named_sleep(tmp_path: Path, name: str) -> list[str]:
    exe = tmp_path / name
    shutil.copy(shutil.which("sleep") or "/bin/sleep", exe)
    return [str(exe), "60"]


def test_a_process_is_terminated(tmp_path: Path, started: list) -> None:
    zoom = subprocess.Popen(named_sleep(tmp_path, "zoom"))
    started.append(zoom)
    [outcome] = close_processes([session_of(zoom)])
    assert (outcome.how, outcome.closed) == ("terminated", True)
    zoom.wait(timeout=5)  # psutil reaped our child: its status is gone, not the fact it ended


def test_a_process_ignoring_sigterm_is_killed_after_the_wait(started: list) -> None:
    stubborn = subprocess.Popen([sys.executable, "-c", IGNORES_SIGTERM], stdout=subprocess.PIPE)
    started.append(stubborn)
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    begin = time.monotonic()
    [outcome] = close_processes([session_of(stubborn)], wait_seconds=0.5)
    assert outcome.how == "killed"
    assert 0.5 <= time.monotonic() - begin < 5
    stubborn.wait(timeout=5)


def test_two_sessions_of_one_process_close_it_once(tmp_path: Path, started: list) -> None:
    zoom = subprocess.Popen(named_sleep(tmp_path, "zoom"))
    started.append(zoom)
    camera, microphone = session_of(zoom), session_of(zoom, kind=Kind.MICROPHONE, serial=2)
    outcomes = close_processes([camera, microphone])
    assert [o.how for o in outcomes] == ["terminated"]


def test_a_reused_pid_is_never_closed(tmp_path: Path, started: list) -> None:
    other = subprocess.Popen(named_sleep(tmp_path, "editor"))
    started.append(other)
    renamed = session_of(other, process="zoom")  # the pid now belongs to another program
    too_young = session_of(other, started_at=datetime.now(UTC) - timedelta(hours=1))
    assert [o.how for o in close_processes([renamed])] == ["gone"]
    assert [o.how for o in close_processes([too_young])] == ["gone"]
    assert other.poll() is None


@pytest.mark.parametrize(("changes", "why"), [
    ({"pid": None}, "its process id is unknown"),
    ({"via": "pipewire"}, "held through pipewire"),
    ({"pid": os.getpid()}, "FamilyWatch itself"),
    ({"pid": 1}, "a system process"),
])
def test_processes_that_must_not_be_closed_are_refused(tmp_path: Path, started: list,
                                                       changes: dict, why: str) -> None:
    holder = subprocess.Popen(named_sleep(tmp_path, "pipewire"))
    started.append(holder)
    [outcome] = close_processes([session_of(holder, **changes)])
    assert outcome.how == "not-closed" and why in outcome.why
    assert holder.poll() is None


def test_the_closer_runs_on_its_own_thread(tmp_path: Path, started: list) -> None:
    zoom = subprocess.Popen(named_sleep(tmp_path, "zoom"))
    started.append(zoom)
    done = threading.Event()
    seen: list[tuple[str, list[CloseOutcome]]] = []

    def report(outcomes: list[CloseOutcome]) -> None:
        seen.append((threading.current_thread().name, outcomes))
        done.set()

    closer = ProcessCloser()
    closer.close([session_of(zoom)], report)
    assert done.wait(timeout=10)
    closer.shutdown()
    [(thread, [outcome])] = seen
    assert thread.startswith("familywatch-close") and outcome.how == "terminated"


def test_the_headless_notifier_writes_a_line_that_names_the_countdown_seconds() -> None:
    stream = io.StringIO()
    notifier = LogNotifier(stream, desktop=False)
    notifier.notify("FamilyWatch", "Zoom will be closed when the countdown ends.",
                    countdown_seconds=60)
    notifier.notify("FamilyWatch", "Zoom will be closed when the countdown ends.",
                    countdown_seconds=1)
    notifier.notify("FamilyWatch", "Camera time ends in 2 minutes.")
    assert stream.getvalue().splitlines() == [
        "familywatch: NOTICE FamilyWatch: Zoom will be closed when the countdown ends. "
        "The countdown ends in 60 seconds.",
        "familywatch: NOTICE FamilyWatch: Zoom will be closed when the countdown ends. "
        "The countdown ends in 1 second.",
        "familywatch: NOTICE FamilyWatch: Camera time ends in 2 minutes."]


def test_the_headless_notifier_also_uses_notify_send_where_it_exists(tmp_path: Path) -> None:
    said = tmp_path / "said.txt"
    fake = tmp_path / "notify-send"
    fake.write_text(f"#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> {said}\n")
    fake.chmod(0o755)
    stream = io.StringIO()
    notifier = LogNotifier(stream, desktop=[str(fake)])
    notifier.notify("FamilyWatch", "Camera time ends in 2 minutes.")
    notifier.notify("FamilyWatch", "Zoom will be closed when the countdown ends.",
                    countdown_seconds=30)
    deadline = time.monotonic() + 10
    while (not said.exists() or len(said.read_text().splitlines()) < 2) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(said.read_text().splitlines()) == [  # two threads: either may come first
        "FamilyWatch|Camera time ends in 2 minutes.",
        "FamilyWatch|Zoom will be closed when the countdown ends. The countdown ends in 30 "
        "seconds."]
    assert "NOTICE" in stream.getvalue()  # the log line comes first, always


def test_a_broken_notify_send_is_never_fatal(tmp_path: Path) -> None:
    stream = io.StringIO()
    notifier = LogNotifier(stream, desktop=[str(tmp_path / "missing-notify-send")])
    notifier.notify("FamilyWatch", "Hello.")  # the thread logs the failure
    assert stream.getvalue() == "familywatch: NOTICE FamilyWatch: Hello.\n"
    hung = tmp_path / "hung"
    hung.write_text("#!/bin/sh\nsleep 30\n")
    hung.chmod(0o755)
    started = time.monotonic()
    LogNotifier._send([str(hung)])  # the timeout ends it
    assert time.monotonic() - started < 10


def test_notify_send_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from familywatch.monitor.actions import desktop_command

    monkeypatch.setenv("FAMILYWATCH_NOTIFY_SEND", "0")
    assert desktop_command() is None
