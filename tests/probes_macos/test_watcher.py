"""MediaStateWatcher: listeners poke, a periodic re-read catches the rest, hot-plug re-listens."""

from __future__ import annotations

import threading
import time

import pytest

from familywatch.probes.macos.framework import DeviceClass, MediaDevice
from familywatch.probes.macos.watcher import MediaStateWatcher, read_state
from tests.probes_macos.conftest import SONOMA, VENTURA
from tests.probes_macos.fakes import FakeMediaFramework

pytestmark = pytest.mark.timeout(30)
FACETIME = "47B4B64B70674B9CAD2BAE273A71F4B5"


class Changes:
    def __init__(self) -> None:
        self.count = 0
        self._event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self._event.set()

    def wait(self, timeout: float = 5.0) -> bool:
        happened = self._event.wait(timeout)
        self._event.clear()
        return happened


def test_a_listener_callback_wakes_the_monitor_at_once():
    framework = FakeMediaFramework.from_fixture(SONOMA)
    changes = Changes()
    watcher = MediaStateWatcher(framework, reread_seconds=60)
    watcher.start(changes)
    try:
        assert framework.listen_calls == 1 and framework.callback is not None
        status = watcher.status()
        assert status.ok and "device listeners" in status.detail and "60 s" in status.detail
        assert watcher.watching
        started = time.monotonic()
        framework.set_running(FACETIME, False)  # the call ends: CMIO's listener fires
        assert changes.wait() and time.monotonic() - started < 2
    finally:
        watcher.stop()


def test_a_poke_with_nothing_changed_does_not_wake_the_monitor():
    framework = FakeMediaFramework.from_fixture(SONOMA)
    changes = Changes()
    watcher = MediaStateWatcher(framework, reread_seconds=60)
    watcher.start(changes)
    try:
        reads = framework.reads
        watcher.poke()
        deadline = time.monotonic() + 5
        while framework.reads == reads and time.monotonic() < deadline:
            time.sleep(0.005)
        assert framework.reads > reads and not changes.wait(0.1)
    finally:
        watcher.stop()


def test_the_periodic_re_read_sees_what_no_listener_reports():
    framework = FakeMediaFramework.from_fixture(SONOMA)
    changes = Changes()
    watcher = MediaStateWatcher(framework, reread_seconds=0.02)
    watcher.start(changes)
    try:
        # A second app starts recording on the running microphone: no device property moves.
        framework.set_recording([1873, 2210, 3120])
        assert changes.wait()
        # CoreMediaIO delivered nothing (no main run loop in the headless monitor).
        framework.set_running(FACETIME, False, notify=False)
        assert changes.wait()
    finally:
        watcher.stop()


def test_a_plugged_in_camera_gets_listeners_too():
    framework = FakeMediaFramework.from_fixture(VENTURA)
    changes = Changes()
    watcher = MediaStateWatcher(framework, reread_seconds=60)
    watcher.start(changes)
    try:
        framework.plug(MediaDevice(120, DeviceClass.CAMERA, "Logitech BRIO",
                                   "0x14400000046d085e", True))
        assert changes.wait()
        assert watcher.relistens == 1 and framework.listen_calls == 2
    finally:
        watcher.stop()


def test_state_before_14_2_has_no_pids():
    state = read_state(FakeMediaFramework.from_fixture(VENTURA))
    assert state.recording_pids is None
    assert state.running == {"0x1420000005ac8600", "7626645E-4425-469E-9D8B-97E0FA59AC75",
                             "AppleUSBAudioEngine:Samson Technologies:Samson Q2U Microphone:"
                             "14200000:2,1"}
    state = read_state(FakeMediaFramework.from_fixture(SONOMA))
    assert state.recording_pids == (1873, 2210)
    assert "BuiltInSpeakerDevice" not in state.running  # outputs are not watched


def test_stop_is_prompt_and_removes_the_listeners():
    framework = FakeMediaFramework.from_fixture(SONOMA)
    watcher = MediaStateWatcher(framework, reread_seconds=60)
    watcher.start(lambda: None)
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 2
    assert framework.callback is None
    assert not watcher.status().ok and watcher.status().detail == "stopped"
    assert not watcher.watching


def test_unreadable_devices_at_start_are_a_status():
    framework = FakeMediaFramework.from_fixture(SONOMA)
    framework.fail = OSError("kAudioHardwareNotRunningError")
    watcher = MediaStateWatcher(framework)
    assert not watcher.watching  # not started
    watcher.start(lambda: None)
    status = watcher.status()
    assert not status.ok and "kAudioHardwareNotRunningError" in status.detail
    assert not watcher.watching
    watcher.stop()


def test_listeners_that_cannot_be_set_leave_the_re_read():
    framework = FakeMediaFramework.from_fixture(SONOMA)

    def refuse(callback):  # type: ignore[no-untyped-def]
        raise OSError("CMIOObjectAddPropertyListener failed")

    framework.listen = refuse  # type: ignore[method-assign]
    changes = Changes()
    watcher = MediaStateWatcher(framework, reread_seconds=0.02)
    watcher.start(changes)
    try:
        status = watcher.status()
        assert status.ok and "no listeners" in status.detail
        assert watcher.watching  # the re-read still watches
        framework.set_running(FACETIME, False, notify=False)
        assert changes.wait()
    finally:
        watcher.stop()
