"""Wake the monitor the moment a camera or microphone node is opened or closed (inotify).

Each node is watched for open/close. Never /dev itself for opens: every /dev/null
open on the machine would wake us. The nodes' directories are watched only for
entries appearing and disappearing, to add watches when a camera is plugged in.
Events carry no pid, and the opener's fd may not be in /proc yet when the event
arrives, so a batch is given `settle_seconds` to gather before `on_change()`; the
monitor then scans /proc to attribute.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections.abc import Callable
from typing import Any

from familywatch.core.model import BackendStatus
from familywatch.probes.linux.nodes import expand_device_globs, watch_directories
from familywatch.probes.watch_thread import WatchThread

# inotify(7) bits, spelled out so that this module imports where inotify_simple doesn't.
IN_OPEN, IN_CLOSE_WRITE, IN_CLOSE_NOWRITE = 0x20, 0x08, 0x10
IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO = 0x100, 0x200, 0x40, 0x80
IN_IGNORED, IN_Q_OVERFLOW = 0x8000, 0x4000
NODE_MASK = IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE
DIR_MASK = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM
_RETRY_SECONDS = 2.0  # a new node may be unreadable until udev has set its permissions
_RETRY_FOR_SECONDS = 60.0


class InotifyWatcher:
    """ChangeWatcher for Linux: inotify on each device node, a thread to wait on it."""

    def __init__(
        self,
        video_globs: tuple[str, ...],
        audio_globs: tuple[str, ...],
        settle_seconds: float = 0.02,
    ) -> None:
        self._video_globs = video_globs
        self._audio_globs = audio_globs
        self._settle = settle_seconds
        self._lock = threading.Lock()
        self._inotify: Any = None
        self._thread = WatchThread("familywatch-inotify")
        self._wake_r = self._wake_w = -1
        self._nodes: dict[int, str] = {}  # wd -> node path
        self._dirs: dict[int, str] = {}  # wd -> directory
        self._failed: dict[str, str] = {}  # path -> why it cannot be watched
        self._failing_since: float | None = None
        self._problem: str | None = "not started"

    # --- ChangeWatcher -------------------------------------------------------------

    def start(self, on_change: Callable[[], None]) -> None:
        if self._thread.running:
            return
        try:
            from inotify_simple import INotify

            self._inotify = INotify()
        except (ImportError, OSError) as exc:
            self._problem = f"inotify unavailable ({exc}): changes are seen by the periodic scan"
            return
        self._problem = None
        self._wake_r, self._wake_w = os.pipe()
        self._rewatch()
        self._thread.start(self._run, on_change)

    def stop(self) -> None:
        if not self._thread.stop(wake=self._wake):
            return
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        self._wake_r = self._wake_w = -1
        self._inotify.close()
        self._inotify = None
        with self._lock:
            self._nodes.clear()
            self._dirs.clear()
        self._problem = "stopped"

    @property
    def watching(self) -> bool:
        """status().ok without building its text: started, and a device node is watched."""
        return self._problem is None and bool(self._nodes)

    def status(self) -> BackendStatus:
        with self._lock:
            nodes, dirs, failed = sorted(self._nodes.values()), len(self._dirs), dict(self._failed)
        if self._problem is not None:
            return BackendStatus("watch", "inotify", False, self._problem)
        cannot = "; ".join(f"cannot watch {path}: {why}" for path, why in sorted(failed.items()))
        if not nodes:
            detail = "no camera or microphone node to watch yet"
            detail += f"; watching {dirs} folder(s) for new ones" if dirs else ""
            return BackendStatus(
                "watch", "inotify", False, "; ".join(filter(None, [detail, cannot]))
            )
        detail = f"watching {len(nodes)} device node(s) ({', '.join(nodes)})"
        detail += f" and {dirs} folder(s) for new ones"
        if cannot:
            detail += f"; {cannot} (the periodic scan still sees it)"
        return BackendStatus("watch", "inotify", True, detail)

    # --- inside -------------------------------------------------------------------

    def _wake(self) -> None:
        os.write(self._wake_w, b"x")

    def watched_nodes(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(sorted(self._nodes.values()))

    def _add(self, path: str, mask: int) -> int | None:
        try:
            wd: int = self._inotify.add_watch(path, mask)
        except OSError as exc:
            self._failed[path] = exc.strerror or str(exc)
            return None
        self._failed.pop(path, None)
        return wd

    def _rewatch(self) -> bool:
        """Re-glob; watch new nodes, forget gone ones. True if the set of nodes changed."""
        nodes = expand_device_globs(self._video_globs, self._audio_globs)
        wanted = {node.path for node in nodes.nodes}
        directories = watch_directories(self._video_globs + self._audio_globs)
        with self._lock:
            before = set(self._nodes.values())
            keep = wanted | directories
            self._failed = {p: why for p, why in self._failed.items() if p in keep}
            for wd, path in list(self._nodes.items()):
                if path not in wanted:
                    del self._nodes[wd]
                    self._remove(wd)
            for path in sorted(wanted - set(self._nodes.values())):
                node_wd = self._add(path, NODE_MASK)
                if node_wd is not None:
                    self._nodes[node_wd] = path
            for directory in sorted(directories - set(self._dirs.values())):
                dir_wd = self._add(directory, DIR_MASK)
                if dir_wd is not None:
                    self._dirs[dir_wd] = directory
            if self._failed and self._failing_since is None:
                self._failing_since = time.monotonic()
            elif not self._failed:
                self._failing_since = None
            return set(self._nodes.values()) != before

    def _remove(self, wd: int) -> None:
        with contextlib.suppress(OSError):  # gone with its node already (IN_IGNORED coming)
            self._inotify.rm_watch(wd)

    def _retry_timeout(self) -> float | None:
        since = self._failing_since
        if since is None or time.monotonic() - since > _RETRY_FOR_SECONDS:
            return None
        return _RETRY_SECONDS

    def _run(self) -> None:
        inotify_fd = self._inotify.fileno()
        while True:
            ready, _, _ = select.select([inotify_fd, self._wake_r], [], [], self._retry_timeout())
            if self._wake_r in ready:
                return
            if not ready:
                if self._rewatch():
                    self._thread.notify()
                continue
            # Let the batch gather (UVC cameras open two nodes; the opener's fd lands in
            # /proc a moment after the event); a stop request still ends the wait.
            stopping, _, _ = select.select([self._wake_r], [], [], self._settle)
            if stopping:
                return
            if self._handle(self._inotify.read(timeout=0)):
                self._thread.notify()

    def _handle(self, events: list[Any]) -> bool:
        relevant = rewatch = False
        with self._lock:
            for event in events:
                if event.mask & IN_Q_OVERFLOW:
                    relevant = rewatch = True
                elif event.wd in self._nodes:
                    if event.mask & IN_IGNORED:  # node deleted (unplugged)
                        del self._nodes[event.wd]
                        relevant = rewatch = True
                    elif event.mask & NODE_MASK:
                        relevant = True
                elif event.wd in self._dirs:
                    if event.mask & IN_IGNORED:
                        del self._dirs[event.wd]
                    rewatch = True
        if rewatch and self._rewatch():
            relevant = True
        return relevant
