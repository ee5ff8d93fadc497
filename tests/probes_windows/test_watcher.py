"""RegistryChangeWatcher: re-arm before the re-read, a timeout as the safety net."""

from __future__ import annotations

import threading
import time

import pytest

from familywatch.probes.windows import watcher as watcher_module
from familywatch.probes.windows.notify import NOTIFY_FILTER, Win32KeyNotifier
from familywatch.probes.windows.registry import RegistryUnavailable
from familywatch.probes.windows.watcher import RegistryChangeWatcher
from tests.probes_windows.fakes import FakeNotifier

pytestmark = pytest.mark.timeout(30)


def wait_for(check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_the_fake_fires_once_per_registration_like_windows():
    notifier = FakeNotifier()
    notifier.change()  # nobody registered: lost
    assert notifier.wait(0.01) is False
    notifier.arm()
    notifier.change()
    notifier.change()  # the registration already fired: this one is lost too
    assert notifier.wait(0.01) is True
    assert notifier.wait(0.01) is False


def test_the_notification_is_re_armed_before_the_monitor_re_reads():
    log: list[str] = []
    notifier = FakeNotifier(log)
    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=60)
    watcher.start(lambda: log.append("reread"))
    try:
        assert watcher.status().ok and watcher.watching
        notifier.change()
        wait_for(lambda: "reread" in log)
        assert log[:5] == ["arm", "change", "fired", "arm", "reread"]
    finally:
        watcher.stop()


def test_a_change_during_the_re_read_is_not_lost():
    log: list[str] = []
    notifier = FakeNotifier(log)
    rereads = threading.Semaphore(0)

    def reread() -> None:
        log.append("reread")
        if log.count("reread") == 1:
            notifier.change()  # Zoom stops while the monitor reads: must wake it again
        rereads.release()

    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=60)
    watcher.start(reread)
    try:
        notifier.change()
        assert rereads.acquire(timeout=5) and rereads.acquire(timeout=5)
        assert log[:9] == ["arm", "change", "fired", "arm", "reread", "change", "fired", "arm",
                           "reread"]
    finally:
        watcher.stop()


def test_the_wait_timeout_asks_for_a_safety_re_read():
    log: list[str] = []
    notifier = FakeNotifier(log)
    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=0.02)
    watcher.start(lambda: log.append("reread"))
    try:
        wait_for(lambda: log.count("reread") >= 2)
        assert log[:4] == ["arm", "timeout", "arm", "reread"]
        assert "change" not in log and watcher.wakeups >= 2
    finally:
        watcher.stop()


def test_stop_wakes_the_thread_and_closes_the_notifier():
    notifier = FakeNotifier()
    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=60)
    watcher.start(lambda: None)
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 2
    assert notifier.closed
    status = watcher.status()
    assert not status.ok and status.detail == "stopped"
    assert not watcher.watching
    watcher.stop()  # twice is fine


def test_a_failing_callback_does_not_stop_the_watcher():
    notifier = FakeNotifier()
    calls: list[int] = []

    def flaky() -> None:
        calls.append(1)
        raise RuntimeError("the monitor hiccuped")

    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=60)
    watcher.start(flaky)
    try:
        notifier.change()
        wait_for(lambda: len(calls) == 1)
        notifier.change()
        wait_for(lambda: len(calls) == 2)
    finally:
        watcher.stop()


def test_a_failed_re_arm_is_shown_and_retried(monkeypatch):
    monkeypatch.setattr(watcher_module, "_RETRY_SECONDS", 0.01)
    notifier = FakeNotifier()
    watcher = RegistryChangeWatcher(lambda: notifier, timeout_seconds=0.05)
    calls: list[int] = []
    watcher.start(lambda: calls.append(1))
    try:
        notifier.fail_arm = OSError(6, "The handle is invalid")
        wait_for(lambda: not watcher.watching)
        detail = watcher.status().detail
        assert "re-arm" in detail and "handle is invalid" in detail
        notifier.fail_arm = None
        wait_for(lambda: watcher.watching)
        assert watcher.status().ok
    finally:
        watcher.stop()


def test_without_a_registry_the_watcher_says_why():
    def unavailable() -> FakeNotifier:
        raise RegistryUnavailable("the Windows registry exists only on Windows (this is linux)")

    watcher = RegistryChangeWatcher(unavailable)
    assert not watcher.watching  # not started
    watcher.start(lambda: None)
    status = watcher.status()
    assert not status.ok and "only on Windows" in status.detail
    assert not watcher.watching
    watcher.stop()


def test_the_real_notifier_refuses_politely_off_windows():
    with pytest.raises(RegistryUnavailable, match="only on Windows"):
        Win32KeyNotifier()


def test_the_notify_filter_is_the_documented_one():
    # REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_THREAD_AGNOSTIC
    assert NOTIFY_FILTER == 0x1 | 0x4 | 0x10000000
