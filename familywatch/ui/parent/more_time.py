"""'Ask for more time' (no PIN): minutes and a reason, recorded through ParentControls.ask."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from familywatch.monitor.parent import Refused
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.widgets import app_icon, make_readable, paragraph
from familywatch.ui.wording import Wording

Ask = Callable[..., object]  # ParentControls.ask(minutes=, reason=)


class MoreTimeDialog(QDialog):
    def __init__(self, ask: Ask, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ask = ask
        self.words = words
        self.setWindowTitle(words("more_time.title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 240)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(15)
        self.reason = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox()
        buttons.addButton(words("more_time.send"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(words("more_time.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.send)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(words("more_time.minutes"), self.minutes)
        form.addRow(QLabel(words("more_time.reason")))
        form.addRow(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("more_time.intro")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def send(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.error.setText(self.words("more_time.need_reason"))
            return
        try:
            self.ask(minutes=self.minutes.value(), reason=reason)
        except (Refused, ValueError, RuntimeError) as error:
            self.error.setText(sentence(str(error)))
            return
        self.accept()
