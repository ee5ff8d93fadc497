"""The thread a ChangeWatcher waits on: started once, stopped and joined once.

Every watcher (Linux inotify, the Windows registry, the macOS listeners) runs one
daemon thread that waits for its OS to report a change and then calls `on_change`.
This holds what they share: the thread's life cycle, the stop request, and calling
`on_change` so that a failing callback cannot end the watching.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

JOIN_SECONDS = 5.0  # a stuck OS call must not hang the monitor's shutdown


class WatchThread:
    def __init__(self, name: str) -> None:
        self._name = name
        self._thread: threading.Thread | None = None
        self._on_change: Callable[[], None] | None = None
        # Set by stop(): the loop checks it, and may wait on it between retries.
        self.stopping = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, run: Callable[[], None], on_change: Callable[[], None]) -> None:
        """Run `run` on a new daemon thread; `notify()` then calls `on_change`."""
        self._on_change = on_change
        self.stopping.clear()
        self._thread = threading.Thread(target=run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, wake: Callable[[], None]) -> bool:
        """Set `stopping`, call `wake` to end the thread's wait, and join it.

        False (and nothing done) if the thread was not running: stop twice is fine.
        """
        thread, self._thread = self._thread, None
        if thread is None:
            return False
        self.stopping.set()
        wake()
        thread.join(timeout=JOIN_SECONDS)
        return True

    def notify(self) -> None:
        """Tell the monitor something changed; the thread outlives a failing callback."""
        callback = self._on_change
        if callback is None:
            return
        try:
            callback()
        except Exception:
            log.exception("on_change callback failed")
