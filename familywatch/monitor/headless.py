"""Headless mode: the monitor without a window, until SIGINT/SIGTERM."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from familywatch.monitor.runtime import Monitor


def run_until_signalled(monitor: Monitor, announce: Callable[[str], None]) -> int:
    """Headless mode: run until SIGINT/SIGTERM, then close everything cleanly."""
    import signal

    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        announce(f"received {signal.Signals(signum).name}, closing open sessions")
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    monitor.start()
    announce("monitoring the camera, the microphone and catalogued apps; "
             "press Ctrl+C to stop")
    while not stop.wait(timeout=3600):
        pass
    monitor.stop()
    announce("stopped")
    return 0
