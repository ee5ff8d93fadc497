"""InotifyWatcher: real opens and closes of stand-in nodes, real hot-plug."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from familywatch.probes.linux.watcher import InotifyWatcher

pytestmark = pytest.mark.timeout(30)


class Calls:
    """Counts on_change calls; tests wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def __call__(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_beyond(self, count: int, timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.count > count, timeout=timeout)


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[tuple[InotifyWatcher, Calls]]:
    watcher = InotifyWatcher((str(tmp_path / "video*"),), (str(tmp_path / "snd" / "pcmC*D*c"),))
    calls = Calls()
    yield watcher, calls
    watcher.stop()


def test_opening_and_closing_a_node_calls_on_change(make_node, watch):
    node = make_node("video0")
    watcher, calls = watch
    watcher.start(calls)
    assert watcher.watched_nodes() == (str(node),)

    with open(node, "rb"):
        assert calls.wait_beyond(0), "no call after open"
        after_open = calls.count
    assert calls.wait_beyond(after_open), "no call after close"

    status = watcher.status()
    assert status.ok and status.backend == "inotify"
    assert str(node) in status.detail


def test_other_files_in_the_same_folder_do_not_wake_it(tmp_path, make_node, watch):
    make_node("video0")
    watcher, calls = watch
    watcher.start(calls)
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("x")  # creating it is a folder event: may re-glob, once
    time.sleep(0.2)
    before = calls.count

    for _ in range(5):
        unrelated.read_text()

    assert not calls.wait_beyond(before, timeout=0.3)


def test_a_node_plugged_in_later_is_watched(tmp_path, make_node, watch):
    watcher, calls = watch
    watcher.start(calls)
    status = watcher.status()
    assert not status.ok
    assert "no camera or microphone node to watch yet" in status.detail

    node = make_node("video1")  # hot-plug
    assert calls.wait_beyond(0), "no call when a node appeared"
    assert watcher.watched_nodes() == (str(node),)
    seen = calls.count
    with open(node, "rb"):
        pass
    assert calls.wait_beyond(seen), "the new node's open was not seen"
    assert watcher.status().ok


def test_a_folder_created_later_is_watched_too(tmp_path, make_node, watch):
    """No sound card yet: /dev/snd is missing; the watcher notices it appear."""
    watcher, calls = watch
    watcher.start(calls)
    (tmp_path / "snd").mkdir()  # its creation re-globs and adds a watch on it
    node = make_node("snd/pcmC0D0c")  # seen by that watch, or by the re-glob if later

    assert calls.wait_beyond(0)
    assert str(node) in watcher.watched_nodes()


def test_an_unplugged_node_is_dropped(make_node, watch):
    node = make_node("video0")
    watcher, calls = watch
    watcher.start(calls)

    node.unlink()

    assert calls.wait_beyond(0), "no call when the node went away"
    assert watcher.watched_nodes() == ()


def test_stop_is_prompt_and_final(make_node, watch):
    make_node("video0")
    watcher, calls = watch
    watcher.start(calls)
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 1.0
    assert not [t for t in threading.enumerate() if t.name == "familywatch-inotify"]
    assert watcher.status().detail == "stopped"
    watcher.stop()  # twice is fine


def test_a_failing_callback_does_not_stop_the_watcher(make_node, watch):
    node = make_node("video0")
    watcher, calls = watch

    def boom() -> None:
        calls()
        raise RuntimeError("monitor bug")

    watcher.start(boom)
    with open(node, "rb"):
        pass
    assert calls.wait_beyond(0)
    seen = calls.count
    time.sleep(0.1)
    with open(node, "rb"):
        pass
    assert calls.wait_beyond(seen)


def test_status_before_start():
    status = InotifyWatcher(("/nonexistent/video*",), ()).status()
    assert (status.ok, status.detail) == (False, "not started")


def test_watching_follows_the_status_through_plug_unplug_and_stop(make_node, watch, eventually):
    """The monitor reads `watching` every heartbeat instead of building status()."""
    watcher, calls = watch
    assert (watcher.watching, watcher.status().ok) == (False, False)  # not started
    watcher.start(calls)
    assert (watcher.watching, watcher.status().ok) == (False, False)  # no node yet

    node = make_node("video0")
    eventually(lambda: watcher.watching, what="the plugged-in node to be watched")
    assert watcher.status().ok

    node.unlink()
    eventually(lambda: not watcher.watching, what="the unplugged node to be dropped")
    assert not watcher.status().ok

    make_node("video0")
    eventually(lambda: watcher.watching, what="the node plugged in again")
    watcher.stop()
    assert (watcher.watching, watcher.status().ok) == (False, False)
