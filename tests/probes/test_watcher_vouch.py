"""The monitor's heartbeat keeps an open camera session fresh only while the real inotify
watcher watches a node (it reads `watching`; a close would have woken a scan)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from familywatch.probes.linux.watcher import InotifyWatcher
from tests.reliability.conftest import T0, camera_on, make_rig

pytestmark = pytest.mark.timeout(30)


def test_the_heartbeat_vouches_while_a_node_is_watched_and_not_after(
    tmp_path, make_node, eventually
):
    node = make_node("video0")
    watcher = InotifyWatcher((str(tmp_path / "video*"),), ())
    rig, _ = make_rig(tmp_path / "fw.sqlite3")
    monitor = rig.monitor
    try:
        monitor.probes.watcher = watcher
        watcher.start(monitor._device_event)  # what Monitor.start does when event-driven
        monitor._watching = True
        rig.camera.held = [camera_on()]
        rig.start()

        for _ in range(4):  # a heartbeat every 5 s, as the monitor runs it
            rig.clock.advance(5)
            monitor._run_guarded(monitor._heartbeat)
        (session,) = monitor.recorder.open_sessions
        assert session.last_seen == T0 + timedelta(seconds=20)  # vouched for

        node.unlink()  # the camera is unplugged: nothing is watched any more
        eventually(lambda: not watcher.watching, what="the node to be dropped")
        monitor._run_guarded(monitor._sample_devices)  # the scan the unplug woke
        for _ in range(4):
            rig.clock.advance(5)
            monitor._run_guarded(monitor._heartbeat)
        (session,) = monitor.recorder.open_sessions
        assert session.last_seen == T0 + timedelta(seconds=20)  # not vouched for
    finally:
        watcher.stop()
        rig.store.close()
