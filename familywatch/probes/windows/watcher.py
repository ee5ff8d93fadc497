"""Wake the monitor when the ConsentStore changes: the ChangeWatcher for Windows.

A thread waits on the notifier. When a key changed it first re-arms the one-shot
notification and only then tells the monitor to re-read: a change that lands while
the monitor reads fires the (already re-armed) notification again, so nothing is
lost between "fired" and "re-armed". The wait times out every `timeout_seconds`
(30 s), and a timeout also asks for a re-read: the safety net for anything missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from familywatch.core.model import BackendStatus
from familywatch.probes.watch_thread import WatchThread
from familywatch.probes.windows.notify import KeyNotifier

log = logging.getLogger(__name__)

BACKEND = "regnotify"
SAFETY_TIMEOUT_SECONDS = 30.0
_RETRY_SECONDS = 5.0


class RegistryChangeWatcher:
    def __init__(
        self,
        make_notifier: Callable[[], KeyNotifier],
        timeout_seconds: float = SAFETY_TIMEOUT_SECONDS,
    ) -> None:
        self._make_notifier = make_notifier
        self._timeout = timeout_seconds
        self._notifier: KeyNotifier | None = None
        self._thread = WatchThread("familywatch-regnotify")
        self._problem: str | None = "not started"
        self.wakeups = 0  # changes and timeouts passed on (tests read it)

    # --- ChangeWatcher -------------------------------------------------------------

    def start(self, on_change: Callable[[], None]) -> None:
        if self._thread.running:
            return
        try:
            notifier = self._make_notifier()
            notifier.arm()
        except OSError as exc:
            self._problem = (f"registry change notification unavailable ({exc}): changes are "
                             "seen by the periodic re-read")
            return
        self._notifier = notifier
        self._problem = None
        self._thread.start(self._run, on_change)

    def stop(self) -> None:
        notifier = self._notifier
        if notifier is None or not self._thread.stop(wake=notifier.wake):
            return
        notifier.close()
        self._notifier = None
        self._problem = "stopped"

    @property
    def watching(self) -> bool:
        """status().ok without building its text."""
        return self._problem is None

    def status(self) -> BackendStatus:
        if self._problem is not None:
            return BackendStatus("watch", BACKEND, False, self._problem)
        watched = self._notifier.watched if self._notifier is not None else "the ConsentStore"
        return BackendStatus(
            "watch", BACKEND, True,
            f"Windows reports changes under {watched}; re-read every "
            f"{self._timeout:g} s as a safety net",
        )

    # --- inside -------------------------------------------------------------------

    def _run(self) -> None:
        notifier = self._notifier
        assert notifier is not None
        stopping = self._thread.stopping
        while not stopping.is_set():
            try:
                notifier.wait(self._timeout)  # changed or timed out: re-read either way
            except OSError as exc:
                self._fail(f"waiting for registry changes failed: {exc}")
                continue
            if stopping.is_set():
                return
            try:
                notifier.arm()  # BEFORE the re-read: a change during it fires again
            except OSError as exc:
                self._fail(f"cannot re-arm the registry notification: {exc}")
            else:
                self._problem = None
            self.wakeups += 1
            self._thread.notify()

    def _fail(self, why: str) -> None:
        log.warning("%s", why)
        self._problem = f"{why}; retrying (the periodic re-read still sees changes)"
        self._thread.stopping.wait(_RETRY_SECONDS)
