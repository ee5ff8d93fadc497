"""How the tray app talks to the monitor: the methods it uses, and a thread hop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from familywatch.core.model import Session


class MonitorLike(Protocol):
    """What the tray app needs from familywatch.monitor.runtime.Monitor.

    Optional, found with getattr: `set_notifier(notifier)` (where reminders and
    countdowns go) and `enforcement` (paused? outside the schedule? time left?).
    """

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def set_listener(self, on_change: Callable[[], None] | None) -> None: ...

    @property
    def problem(self) -> str | None: ...

    @property
    def open_sessions(self) -> tuple[Session, ...]: ...


class MonitorRelay(QObject):
    """Turns the monitor's worker-thread callback into a signal for the GUI thread."""

    changed = Signal()

    def notify(self) -> None:  # runs on the monitor's worker thread
        self.changed.emit()
