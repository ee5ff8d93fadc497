"""Wake the monitor when the ConsentStore changes: the ChangeWatcher for Windows.

A thread waits on the notifier. When a key changed it first re-arms the one-shot
notification and only then tells the monitor to re-read: a change that lands while
the monitor reads fires the (already re-armed) notification again, so nothing is
lost between "fired" and "re-armed". The wait times out every `timeout_seconds`
(30 s), and a timeout also asks for a re-read: the safety net for anything missed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from familywatch.core.model import BackendStatus
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
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._on_change: Callable[[], None] | None = None
        self._problem: str | None = "not started"
        self.wakeups = 0  # changes and timeouts passed on (tests and status read it)

    # --- ChangeWatcher -------------------------------------------------------------

    def start(self, on_change: Callable[[], None]) -> None:
        if self._thread is not None:
            return
        try:
            notifier = self._make_notifier()
            notifier.arm()
        except OSError as exc:
            self._problem = (f"registry change notification unavailable ({exc}): changes are "
                             "seen by the periodic re-read")
            return
        self._notifier = notifier
        self._on_change = on_change
        self._problem = None
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="familywatch-regnotify",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        notifier = self._notifier
        if thread is None or notifier is None:
            return
        self._stopping.set()
        notifier.wake()
        thread.join(timeout=5)
        notifier.close()
        self._notifier = None
        self._problem = "stopped"

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
        while not self._stopping.is_set():
            try:
                notifier.wait(self._timeout)  # changed or timed out: re-read either way
            except OSError as exc:
                self._fail(f"waiting for registry changes failed: {exc}")
                continue
            if self._stopping.is_set():
                return
            try:
                notifier.arm()  # BEFORE the re-read: a change during it fires again
            except OSError as exc:
                self._fail(f"cannot re-arm the registry notification: {exc}")
            else:
                self._problem = None
            self.wakeups += 1
            self._notify()

    def _fail(self, why: str) -> None:
        log.warning("%s", why)
        self._problem = f"{why}; retrying (the periodic re-read still sees changes)"
        self._stopping.wait(_RETRY_SECONDS)

    def _notify(self) -> None:
        callback = self._on_change
        if callback is None:
            return
        try:
            callback()
        except Exception:  # the watcher must outlive a failing callback
            log.exception("on_change callback failed")
