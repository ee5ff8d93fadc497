"""The small window that stands in for the tray icon where there is no tray.

Monitoring is never invisible: closing this window only minimizes it; Quit (with
its confirmation) is the one way to stop recording.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from familywatch.ui.tray import Callback, MenuActions, state_icon
from familywatch.ui.tray_state import TrayLook
from familywatch.ui.widgets import app_icon, footnote, heading, make_readable, paragraph
from familywatch.ui.wording import Wording

ICON_PX = 56
MIN_WIDTH = 520
MAX_WIDTH = 760  # wider than this, a long line (a problem's message) wraps after all
MARGIN_X, GAP_X = 16, 6  # the window's side margins; between the icon and the text


class StatusWindow(QWidget):
    def __init__(self, words: Wording, actions: MenuActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.look: TrayLook | None = None
        self.allow_close = False  # set when FamilyWatch really quits
        self.setWindowTitle(words("status_window.title"))
        self.setWindowIcon(app_icon())
        make_readable(self)

        self.icon = QLabel()
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.headline = heading()
        self.detail = paragraph()
        self.note = footnote(words("status_window.note"))
        top = QHBoxLayout()
        top.setSpacing(GAP_X)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.detail)
        top.addLayout(text, 1)

        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout()
        self.set_actions(actions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN_X, 14, MARGIN_X, 14)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(self.grid)
        layout.addSpacing(4)
        layout.addWidget(self.note)
        layout.addStretch(1)  # a taller window keeps its lines together at the top
        self._show_detail("")

    def sizeHint(self) -> QSize:
        """Opens as tall as its lines are at the window's width (a wrapped label's own
        guess of its width is narrower, and left gaps between the rows)."""
        width = self.minimumWidth()
        return QSize(width, self.heightForWidth(width))

    def set_actions(self, actions: MenuActions) -> None:
        """The same entries as the tray menu (rebuilt when the hooks change)."""
        words = self.words
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        entries: list[tuple[str, str, Callback | None, str]] = [
            ("today", words("menu.today"), actions.today, ""),
            ("week", words("menu.week"), actions.week, ""),
            ("review", words("menu.review"), actions.review, ""),
            ("what_is_recorded", words("menu.what_is_recorded"), actions.what_is_recorded, ""),
            ("help", words("menu.help"), actions.help, ""),
            ("more_time", words("menu.more_time"), actions.more_time,
             words("menu.more_time_later")),
            ("parent_settings", words("menu.parent_settings"), actions.parent_settings,
             words("menu.parent_settings_later")),
            ("quit", words("menu.quit"), actions.quit, ""),
        ]
        for i, (key, label, callback, later) in enumerate(entries):
            button = QPushButton(label)
            if callback is None:
                button.setEnabled(False)
                button.setToolTip(later)
            else:
                button.clicked.connect(lambda _checked=False, cb=callback: cb())
            self.buttons[key] = button
            self.grid.addWidget(button, i // 4, i % 4)

    def show_look(self, look: TrayLook) -> None:
        if look == self.look:
            return
        self.look = look
        self.icon.setPixmap(state_icon(look.state).pixmap(ICON_PX, ICON_PX))
        self.icon.setToolTip(look.tooltip)
        self.headline.setText(look.headline)
        self._show_detail(look.tooltip)
        self.setWindowTitle(f"{self.words('status_window.title')} — {look.headline}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
            return
        event.ignore()  # stays on the taskbar while recording
        self._show_detail(f"{self.look.tooltip if self.look else ''}\n"
                          f"{self.words('status_window.stays_open')}".strip())
        self.showMinimized()

    def _show_detail(self, text: str) -> None:
        """Show `text`, the window wide enough (up to MAX_WIDTH) for each of its lines to
        stay one line: wrapped, "…16 minutes left today" left "today" alone below."""
        self.detail.setText(text)
        widest = max([self.detail.fontMetrics().horizontalAdvance(line)
                      for line in text.splitlines()]
                     + [self.headline.fontMetrics().horizontalAdvance(self.headline.text())])
        wanted = 2 * MARGIN_X + ICON_PX + GAP_X + widest + 4  # + 4: rounding, never a wrap
        self.setMinimumWidth(min(MAX_WIDTH, max(MIN_WIDTH, wanted)))
        # Set, the layout's own minimum height (each wrapped label at its narrowest) is
        # not used: that one left empty rows in the window.
        self.setMinimumHeight(self.heightForWidth(self.minimumWidth()))
