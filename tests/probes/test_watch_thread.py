"""WatchThread: the start/stop/notify every ChangeWatcher shares, with real threads."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from familywatch.probes import watch_thread
from familywatch.probes.watch_thread import WatchThread

pytestmark = pytest.mark.timeout(30)


def _threads_named(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


def test_the_loop_runs_on_its_own_named_daemon_thread_until_stopped():
    thread = WatchThread("fw-test-loop")
    ran_on: list[threading.Thread] = []
    woken = threading.Event()

    def loop() -> None:
        ran_on.append(threading.current_thread())
        woken.wait(10)  # like a select() on a wake-up pipe

    assert not thread.running
    thread.start(loop, on_change=lambda: None)
    assert thread.running
    (running,) = _threads_named("fw-test-loop")
    assert running.daemon

    started = time.monotonic()
    assert thread.stop(wake=woken.set)

    assert time.monotonic() - started < 2
    assert ran_on == [running] and not running.is_alive()
    assert thread.stopping.is_set() and not thread.running


def test_stop_twice_or_before_start_does_nothing():
    thread = WatchThread("fw-test-twice")
    wakes: list[int] = []
    assert not thread.stop(wake=lambda: wakes.append(1))
    thread.start(lambda: thread.stopping.wait(10), on_change=lambda: None)
    assert thread.stop(wake=lambda: wakes.append(1))
    assert not thread.stop(wake=lambda: wakes.append(1))
    assert wakes == [1]


def test_a_restart_clears_the_stop_request():
    thread = WatchThread("fw-test-restart")
    thread.start(lambda: thread.stopping.wait(10), on_change=lambda: None)
    thread.stop(wake=lambda: None)
    thread.start(lambda: thread.stopping.wait(10), on_change=lambda: None)
    try:
        assert not thread.stopping.is_set()
        time.sleep(0.05)
        assert _threads_named("fw-test-restart")  # still waiting, not told to stop
    finally:
        thread.stop(wake=lambda: None)


def test_notify_calls_on_change_and_survives_it_failing(caplog):
    thread = WatchThread("fw-test-notify")
    calls: list[str] = []

    def on_change() -> None:
        calls.append("called")
        if len(calls) == 1:
            raise RuntimeError("the monitor hiccuped")

    def loop() -> None:  # two changes seen
        thread.notify()
        thread.notify()

    thread.notify()  # not started: nobody to tell, and no error
    thread.start(loop, on_change)
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    thread.stop(wake=lambda: None)

    assert calls == ["called", "called"]
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "on_change callback failed" in record.getMessage() and record.exc_info


def test_a_stuck_thread_does_not_hold_up_stop(monkeypatch):
    monkeypatch.setattr(watch_thread, "JOIN_SECONDS", 0.1)
    thread = WatchThread("fw-test-stuck")
    release = threading.Event()
    thread.start(lambda: release.wait(10), on_change=lambda: None)  # ignores the wake-up
    try:
        started = time.monotonic()
        assert thread.stop(wake=lambda: None)
        assert time.monotonic() - started < 2
    finally:
        release.set()
