"""Reminders and warnings from the monitor, shown on screen.

The monitor calls `QtNotifier.notify` from its worker (or closer) thread; the call
only emits a signal, and Qt queues it to the GUI thread. There a tray balloon
(QSystemTrayIcon.showMessage) or, without a tray, an always-on-top notice is shown.
A warning with a countdown also opens a small CountdownWindow that counts down every
second, so the child sees how long is left before anything is closed. The seconds come
as data (`countdown_seconds`), never inside the message: the live counter is the only
place the number is shown, so nothing on screen disagrees with it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSystemTrayIcon, QVBoxLayout, QWidget

from familywatch.ui.widgets import app_icon, heading, make_readable, paragraph
from familywatch.ui.wording import Wording

BALLOON_MS = 15_000


class CountdownWindow(QWidget):
    """'Zoom will be closed when the countdown ends' above a live counter, on top."""

    def __init__(self, words: Wording, message: str, seconds: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.words = words
        self.left = max(0, seconds)
        self.setWindowTitle(words("notice.countdown_title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.message = paragraph(message)
        self.counter = heading()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ok = QPushButton(words("notice.ok"))
        ok.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.counter)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(420)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self._show_left()
        self.timer.start()

    def tick(self) -> None:
        self.left = max(0, self.left - 1)
        self._show_left()
        if self.left == 0:
            self.timer.stop()

    def _show_left(self) -> None:
        if self.left == 0:
            self.counter.setText(self.words("notice.countdown_done"))
        elif self.left == 1:
            self.counter.setText(self.words("notice.countdown_one"))
        else:
            self.counter.setText(self.words("notice.countdown", seconds=self.left))


class NoticeWindow(QWidget):
    """A small always-on-top notice, for desktops without a tray."""

    def __init__(self, words: Wording, title: str, message: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(title)
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.text = QLabel(message)
        self.text.setWordWrap(True)
        ok = QPushButton(words("notice.ok"))
        ok.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(380)


class QtNotifier(QObject):
    """A familywatch.core.ports.Notifier that shows notices on the GUI thread."""

    posted = Signal(str, str, int)  # title, message, countdown seconds (-1: none)

    def __init__(self, words: Wording, tray: QSystemTrayIcon | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.tray = tray
        self.shown: list[tuple[str, str]] = []  # what was shown, newest last (tests read it)
        self.notices: list[QWidget] = []
        self.countdown: CountdownWindow | None = None
        self.posted.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def notify(self, title: str, message: str, *, countdown_seconds: int | None = None) -> None:
        """Any thread: hand the notice to the GUI thread."""
        self.posted.emit(title, message, -1 if countdown_seconds is None else countdown_seconds)

    def _show(self, title: str, message: str, countdown: int) -> None:
        self.shown.append((title, message))
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information,
                                  BALLOON_MS)
        elif countdown < 0:
            notice = NoticeWindow(self.words, title, message)
            notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            notice.destroyed.connect(lambda _=None, n=notice: self._forget(n))
            self.notices.append(notice)
            notice.show()
        if countdown >= 0:
            if self.countdown is not None:
                self.countdown.close()
            self.countdown = CountdownWindow(self.words, message, countdown)
            self.countdown.show()
            self.countdown.raise_()

    def _forget(self, notice: QWidget) -> None:
        if notice in self.notices:
            self.notices.remove(notice)
