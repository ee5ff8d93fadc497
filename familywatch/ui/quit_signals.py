"""SIGTERM / SIGINT (logout, Ctrl+C) reach the Qt event loop, so the app stops cleanly.

Python runs signal handlers only when the interpreter gets control, which a sleeping
Qt loop never gives it. signal.set_wakeup_fd writes the signal number into a pipe
that a QSocketNotifier watches: zero wake-ups while idle, no polling timer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal


class QuitSignals(QObject):
    received = Signal(int)

    def __init__(self, signals: Iterable[signal.Signals] = (signal.SIGINT, signal.SIGTERM),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._old_handlers: dict[signal.Signals, Any] = {}
        self._old_fd: int | None = None
        self._pipe: tuple[int, int] | None = None
        self._notifier: QSocketNotifier | None = None
        if sys.platform == "win32":  # pragma: no cover - set_wakeup_fd needs a socket there
            return
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        os.set_blocking(write_end, False)
        self._pipe = (read_end, write_end)
        self._old_fd = signal.set_wakeup_fd(write_end)
        for sig in signals:
            self._old_handlers[sig] = signal.signal(sig, lambda _signum, _frame: None)
        self._notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        if self._pipe is None:
            return
        try:
            data = os.read(self._pipe[0], 64)
        except BlockingIOError:
            return
        for number in data:
            self.received.emit(number)

    def restore(self) -> None:
        """Give the signals back to whoever had them (tests start several apps)."""
        if self._pipe is None:
            return
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._old_fd if self._old_fd is not None else -1)
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for fd in self._pipe:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._pipe = None
