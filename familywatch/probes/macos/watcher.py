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
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_change: Callable[[], None] | None = None
        self._listening = False
        self._problem: str | None = "not started"
        self.relistens = 0  # how often the listeners were set again (hot-plug)

    # --- ChangeWatcher -------------------------------------------------------------

    def start(self, on_change: Callable[[], None]) -> None:
        if self._thread is not None:
            return
        try:
            last = read_state(self._framework)
        except OSError as exc:
            self._problem = f"cannot read the media devices ({exc}): nothing to watch"
            return
        self._on_change = on_change
        self._problem = None
        self._listen()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, args=(last,),
                                        name="familywatch-media-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self._poked.set()
        thread.join(timeout=5)
        self._framework.stop_listening()
        self._listening = False
        self._problem = "stopped"

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
        while not self._stopping.is_set():
            self._poked.wait(self._reread)
            self._poked.clear()
            if self._stopping.is_set():
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
                self._notify()

    def _notify(self) -> None:
        callback = self._on_change
        if callback is None:
            return
        try:
            callback()
        except Exception:  # the watcher must outlive a failing callback
            log.exception("on_change callback failed")
