"""How long records are kept, and deleting records now. Both behind the PIN already
given; both shown to everyone in the audit ("What a parent changed")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from familywatch.monitor.parent import MAX_RETENTION_DAYS, Refused
from familywatch.security import KeyringUnavailable
from familywatch.ui.parent.controls import ControlsLike
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.widgets import heading, paragraph
from familywatch.ui.wording import Wording

PROBLEMS = (Refused, KeyringUnavailable, ValueError)
Confirm = Callable[[QWidget, str], bool]


def ask_first(parent: QWidget, question: str) -> bool:
    """A plain yes/no before something that can't be undone; No is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, parent.window().windowTitle(), question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class RecordsPanel(QWidget):
    def __init__(self, controls: ControlsLike, pin: Callable[[], str], words: Wording,
                 confirm: Confirm = ask_first, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls = controls
        self.pin = pin
        self.words = words
        self.confirm = confirm
        self.retention = QSpinBox()
        self.retention.setRange(1, MAX_RETENTION_DAYS)
        self.retention.setSuffix(words("parent.retention_suffix"))
        self.retention_button = QPushButton(words("parent.retention_save"))
        self.retention_button.clicked.connect(self.save_retention)
        self.older = QRadioButton(words("records.older_than"))
        self.older.setChecked(True)
        self.everything = QRadioButton(words("records.everything"))
        self.days = QSpinBox()
        self.days.setRange(1, MAX_RETENTION_DAYS)
        self.days.setValue(30)
        self.days.setSuffix(words("parent.retention_suffix"))
        self.older.toggled.connect(self.days.setEnabled)
        self.delete_button = QPushButton(words("records.delete"))
        self.delete_button.clicked.connect(self.delete)
        self.result = paragraph()
        keep = QHBoxLayout()
        keep.addWidget(self.retention)
        keep.addWidget(self.retention_button)
        keep.addStretch(1)
        older = QHBoxLayout()
        older.addWidget(self.older)
        older.addWidget(self.days)
        older.addStretch(1)
        form = QFormLayout()
        form.addRow(self.words("parent.retention"), keep)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(words("records.keep_heading"), level=2))
        layout.addWidget(paragraph(words("records.keep_text")))
        layout.addLayout(form)
        layout.addWidget(heading(words("records.delete_heading"), level=2))
        layout.addWidget(paragraph(words("records.delete_text")))
        layout.addLayout(older)
        layout.addWidget(self.everything)
        button_row = QHBoxLayout()
        button_row.addWidget(self.delete_button)
        button_row.addStretch(1)
        layout.addLayout(button_row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        self.retention.setValue(self.controls.settings().retention_days)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setText(text)

    def save_retention(self) -> bool:
        days = self.retention.value()
        try:
            self.controls.set_retention(self.pin(), days)
        except PROBLEMS as error:
            self._say(sentence(str(error)), error=True)
            return False
        self._say(self.words("parent.retention_saved", days=days))
        return True

    def delete(self) -> bool:
        days = 0 if self.everything.isChecked() else self.days.value()
        what = (self.words("records.what_everything") if days == 0
                else self.words("records.what_older_one") if days == 1
                else self.words("records.what_older", days=days))
        if not self.confirm(self, self.words("records.confirm", what=what)):
            self._say(self.words("records.kept"))
            return False
        try:
            counts = self.controls.delete_records(self.pin(), days)
        except PROBLEMS as error:
            self._say(sentence(str(error)), error=True)
            return False
        sessions = counts.get("sessions", 0)
        self._say(self.words("records.deleted", what=what, sessions=sessions)
                  if any(counts.values()) else self.words("records.nothing", what=what))
        return True
