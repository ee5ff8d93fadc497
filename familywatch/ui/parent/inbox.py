"""Requests for more time, as the parent sees them, with Grant and Decline.

Granting uses ParentControls.grant(pin, row_id, minutes) when it exists, else
ParentControls.allow (extra minutes today; it answers the open requests as granted).
Declining needs ParentControls.decline(pin, row_id); without it the button says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.ports import TimeRequest
from familywatch.monitor.parent import Refused
from familywatch.ui.parent.controls import ControlsLike, optional, pending_requests
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.wording import Wording


class RequestInbox(QWidget):
    def __init__(self, controls: ControlsLike, pin: Callable[[], str], words: Wording,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls = controls
        self.pin = pin
        self.words = words
        self.requests: list[TimeRequest] = []
        self.list = QListWidget()
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 600)
        self.minutes.setValue(30)
        self.minutes.setSuffix(words("parent.grant_suffix"))
        self.grant_button = QPushButton(words("parent.grant"))
        self.grant_button.clicked.connect(self.grant)
        self.decline_button = QPushButton(words("parent.decline"))
        self.decline_button.clicked.connect(self.decline)
        if optional(controls, "decline") is None:
            self.decline_button.setEnabled(False)
            self.decline_button.setToolTip(words("parent.decline_missing"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.list.currentRowChanged.connect(self._picked)
        row = QHBoxLayout()
        row.addWidget(QLabel(words("parent.grant_minutes")))
        row.addWidget(self.minutes)
        row.addWidget(self.grant_button)
        row.addWidget(self.decline_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.result)

    def reload(self) -> None:
        self.requests = pending_requests(self.controls)
        self.list.clear()
        for request in self.requests:
            at = request.at.astimezone(self.controls.tz)
            self.list.addItem(self.words("parent.request_line", at=f"{at:%a %H:%M}",
                                         minutes=request.minutes, reason=request.reason))
        if not self.requests:
            self.list.addItem(self.words("parent.no_requests"))
        else:
            self.list.setCurrentRow(0)
        self.grant_button.setEnabled(bool(self.requests))

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.requests):
            self.minutes.setValue(self.requests[row].minutes)

    def _current(self) -> TimeRequest | None:
        row = self.list.currentRow()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def _show(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setText(text)

    def grant(self) -> None:
        request, minutes = self._current(), self.minutes.value()
        grant = optional(self.controls, "grant")
        try:
            if grant is not None and request is not None:
                grant(self.pin(), request.row_id, minutes)
            else:
                reason = request.reason if request is not None else ""
                self.controls.allow(self.pin(), minutes=minutes, reason=reason)
        except (Refused, ValueError) as error:
            self._show(sentence(str(error)), error=True)
            return
        self._show(self.words("parent.granted", minutes=minutes))
        self.reload()

    def decline(self) -> None:
        request, decline = self._current(), optional(self.controls, "decline")
        if decline is None or request is None:
            self._show(self.words("parent.decline_missing"), error=True)
            return
        try:
            decline(self.pin(), request.row_id)
        except (Refused, ValueError) as error:
            self._show(sentence(str(error)), error=True)
            return
        self._show(self.words("parent.declined"))
        self.reload()
