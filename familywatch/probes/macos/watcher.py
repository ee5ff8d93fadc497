"""Wake the monitor when a camera or microphone starts or stops: the ChangeWatcher for macOS.

Property listeners (device lists, each device's "is running somewhere", the Core
Audio process list) only poke a thread; the thread re-reads the small media state
and wakes the monitor when it differs from the last one. It also re-reads every
`reread_seconds` (7 s) by itself: CoreMediaIO delivers its notifications through the
main run loop, which a headless monitor does not run, and a second app starting to
record on an already running microphone changes no device property. When the
device list changes (hot-plug) the listeners are set again to cover the new devices.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from familywatch.core.model import BackendStatus
from familywatch.probes.macos.framework import MediaFramework
from familywatch.probes.watch_thread import WatchThread

log = logging.getLogger(__name__)

BACKEND = "coreaudio-listeners"
REREAD_SECONDS = 7.0


@dataclass(frozen=True, slots=True)
class MediaState:
    devices: frozenset[tuple[int, str]]  # (object id, uid) of cameras and microphones
    running: frozenset[str]  # uids running somewhere
    recording_pids: tuple[int, ...] | None  # None before macOS 14.2


def read_state(framework: MediaFramework) -> MediaState:
    devices = [d for d in framework.devices() if d.is_camera or d.is_microphone]
    pids = (tuple(framework.input_process_pids())
            if framework.supports_process_objects else None)
    return MediaState(
        devices=frozenset((d.object_id, d.uid) for d in devices),
        running=frozenset(d.uid for d in devices if framework.is_running_somewhere(d)),
        recording_pids=pids,
    )


class MediaStateWatcher:
    def __init__(self, framework: MediaFramework, reread_seconds: float = REREAD_SECONDS) -> None:
        self._framework = framework
        self._reread = reread_seconds
        self._poked = threading.Event()
        self._thread = WatchThread("familywatch-media-watch")
        self._listening = False
        self._problem: str | None = "not started"
        self.relistens = 0  # how often the listeners were set again (hot-plug)

    # --- ChangeWatcher -------------------------------------------------------------

    def start(self, on_change: Callable[[], None]) -> None:
        if self._thread.running:
            return
        try:
            last = read_state(self._framework)
        except OSError as exc:
            self._problem = f"cannot read the media devices ({exc}): nothing to watch"
            return
        self._problem = None
        self._listen()
        self._thread.start(lambda: self._run(last), on_change)

    def stop(self) -> None:
        if not self._thread.stop(wake=self._poked.set):
            return
        self._framework.stop_listening()
        self._listening = False
        self._problem = "stopped"

    @property
    def watching(self) -> bool:
        """status().ok without building its text."""
        return self._problem is None

    def status(self) -> BackendStatus:
        if self._problem is not None:
            return BackendStatus("watch", BACKEND, False, self._problem)
        how = ("device listeners" if self._listening
               else "no listeners (they could not be set)")
        return BackendStatus("watch", BACKEND, True,
                             f"{how}, and a re-read every {self._reread:g} s")

    def poke(self) -> None:
        """What a listener calls (from a framework thread): re-read now."""
        self._poked.set()

    # --- inside -------------------------------------------------------------------

    def _listen(self) -> None:
        try:
            self._framework.listen(self.poke)
            self._listening = True
        except OSError as exc:
            log.warning("cannot listen to media devices: %s", exc)
            self._listening = False

    def _run(self, last: MediaState) -> None:
        stopping = self._thread.stopping
        while not stopping.is_set():
            self._poked.wait(self._reread)
            self._poked.clear()
            if stopping.is_set():
                return
            try:
                state = read_state(self._framework)
            except OSError as exc:
                log.warning("re-reading the media devices failed: %s", exc)
                continue
            if state.devices != last.devices:
                self.relistens += 1
                self._listen()  # cover hot-plugged devices
            if state != last:
                last = state
                self._thread.notify()
