"""First run: set the parent PIN (or only record), pick a schedule, read together."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from familywatch.core.rules import Action, CameraRule, Rules, WeekHours, Window
from familywatch.core.schedule_file import dump_schedule
from familywatch.monitor.parent import Refused
from familywatch.security import KeyringUnavailable, PinAlreadySet, WeakPin
from familywatch.ui.parent.controls import ControlsLike
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.widgets import app_icon, make_readable, paragraph, show_markdown
from familywatch.ui.wording import Wording, page

SOURCE = "first run"


def _hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _w(start: str, end: str) -> tuple[Window, ...]:
    return (Window(_hm(start), _hm(end)),)


WEEKEND = _w("09:00", "20:30")
PRESETS: dict[str, Rules] = {
    "school_nights": Rules(CameraRule(WeekHours(
        (_w("16:00", "20:00"),) * 4 + (_w("16:00", "21:00"),) + (WEEKEND,) * 2),
        action=Action.REMIND)),
    "weekend": Rules(CameraRule(WeekHours(((),) * 5 + (WEEKEND,) * 2), action=Action.REMIND)),
    "record_only": Rules(),
}


class PinPage(QWizardPage):
    def __init__(self, controls: ControlsLike, words: Wording) -> None:
        super().__init__()
        self.controls, self.words = controls, words
        self.pin = ""
        self.setTitle(words("first_run.pin_title"))
        self.first, self.again = QLineEdit(), QLineEdit()
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self.completeChanged)
        self.record_only = QCheckBox(words("first_run.record_only"))
        self.record_only.toggled.connect(self._record_only)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(words("first_run.pin"), self.first)
        form.addRow(words("first_run.pin_again"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("first_run.pin_text")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.record_only)

    def _record_only(self, on: bool) -> None:
        self.first.setEnabled(not on)
        self.again.setEnabled(not on)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.record_only.isChecked() or bool(self.first.text() and self.again.text())

    def validatePage(self) -> bool:
        """Set the PIN when leaving the page; a weak or mistyped PIN keeps us here."""
        if self.record_only.isChecked() or self.pin:
            return True
        if self.first.text() != self.again.text():
            self.error.setText(self.words("first_run.pins_differ"))
            return False
        try:
            self.controls.set_pin(self.first.text())
        except (WeakPin, PinAlreadySet, KeyringUnavailable) as error:
            self.error.setText(sentence(str(error)))
            return False
        self.pin = self.first.text()
        self.error.clear()
        return True


class SchedulePage(QWizardPage):
    def __init__(self, controls: ControlsLike, words: Wording, pins: PinPage) -> None:
        super().__init__()
        self.controls, self.words, self.pins = controls, words, pins
        self.setTitle(words("first_run.schedule_title"))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("first_run.schedule_text")))
        for key in PRESETS:
            button = QRadioButton(words(f"first_run.preset_{key}"))
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons["school_nights"].setChecked(True)

    def initializePage(self) -> None:
        has_pin = bool(self.pins.pin)
        for key, button in self.buttons.items():
            button.setEnabled(has_pin or key == "record_only")
        if not has_pin:
            self.buttons["record_only"].setChecked(True)
        self.note.setText("" if has_pin else self.words("first_run.needs_pin"))

    def choice(self) -> str:
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def validatePage(self) -> bool:
        key = self.choice()
        if key == "record_only" or not self.pins.pin:
            return True
        try:
            self.controls.import_schedule(dump_schedule(PRESETS[key]), SOURCE, self.pins.pin)
        except (Refused, ValueError, KeyringUnavailable) as error:
            self.note.setStyleSheet(ERROR_STYLE)
            self.note.setText(sentence(str(error)))
            return False
        return True


class ReadTogetherPage(QWizardPage):
    def __init__(self, words: Wording) -> None:
        super().__init__()
        self.setTitle(words("first_run.read_title"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        show_markdown(self.text, page("ui", "first_run"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)


class FirstRunWizard(QWizard):
    def __init__(self, controls: ControlsLike, words: Wording) -> None:
        super().__init__()
        self.setWindowTitle(words("first_run.title"))
        self.setWindowIcon(app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        make_readable(self)
        self.pins = PinPage(controls, words)
        self.schedule = SchedulePage(controls, words, self.pins)
        self.read = ReadTogetherPage(words)
        for wizard_page in (self.pins, self.schedule, self.read):
            self.addPage(wizard_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, words("first_run.done"))
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        self.resize(680, 560)
