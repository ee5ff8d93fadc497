"""The camera part of the schedule as a form: hours per weekday, a daily budget,
what happens at a limit. It reads and makes `Rules`; the parent settings window saves
them with dump_schedule through ParentControls (which audits the change).

Each day's hours are text ("16:00–20:00, 21:00–22:00"; empty: no hours limit;
"none": no camera that day). A mistake is explained next to its field and
`rules()` returns None, so nothing is saved half-way.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.rules import (
    DAY_NAMES,
    MINUTES_PER_DAY,
    Action,
    CameraRule,
    DailyBudget,
    Rules,
    WeekHours,
    Window,
    clock,
)
from familywatch.ui.parent.pin_dialog import ERROR_STYLE
from familywatch.ui.widgets import paragraph
from familywatch.ui.wording import Wording

_STRETCH = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")
NONE_WORDS = ("none", "no", "0")
ACTIONS = (Action.RECORD, Action.REMIND, Action.CLOSE)


class BadHours(ValueError):
    pass


def parse_day(text: str, words: Wording) -> tuple[Window, ...] | None:
    """'16:00–20:00, 21:00–23:30' -> windows; '' -> None (no limit); 'none' -> ()."""
    text = text.strip()
    if not text:
        return None
    if text.lower() in NONE_WORDS:
        return ()
    windows = []
    for part in text.split(","):
        found = _STRETCH.match(part)
        if not found:
            raise BadHours(words("schedule_editor.bad_time", text=part.strip()))
        h1, m1, h2, m2 = map(int, found.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise BadHours(words("schedule_editor.bad_time", text=part.strip()))
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            end += MINUTES_PER_DAY  # runs past midnight
        try:
            windows.append(Window(start, end))
        except ValueError as error:
            raise BadHours(words("schedule_editor.bad_window", problem=error)) from None
    return tuple(sorted(windows, key=lambda w: w.start))


def day_text(windows: tuple[Window, ...] | None) -> str:
    if windows is None:
        return ""
    if not windows:
        return "none"
    return ", ".join(f"{clock(w.start)}–{clock(w.end)}" for w in windows)


def _minutes_box(words: Wording, maximum: int, suffix: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSuffix(words(suffix))
    if special:
        box.setSpecialValueText(words(special))
    return box


class ScheduleEditor(QWidget):
    def __init__(self, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.base = Rules()
        self.days: list[QLineEdit] = []
        self.day_errors: list[QLabel] = []
        grid = QGridLayout()
        for index, name in enumerate(DAY_NAMES):
            field = QLineEdit()
            field.setPlaceholderText(words("schedule_editor.no_budget"))
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            grid.addWidget(QLabel(words(f"schedule_editor.day.{name}")), index, 0)
            grid.addWidget(field, index, 1)
            grid.addWidget(error, index, 2)
            self.days.append(field)
            self.day_errors.append(error)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.hours_error = QLabel()
        self.hours_error.setStyleSheet(ERROR_STYLE)
        self.hours_error.setWordWrap(True)

        suffix, special = "schedule_editor.minutes_suffix", "schedule_editor.no_budget"
        self.budget_weekdays = _minutes_box(words, MINUTES_PER_DAY, suffix, special)
        self.budget_weekend = _minutes_box(words, MINUTES_PER_DAY, suffix, special)
        self.action = QComboBox()
        for action in ACTIONS:
            self.action.addItem(words(f"schedule_editor.action_{action.value}"), action.value)
        self.warn = _minutes_box(words, 120, "schedule_editor.warn_suffix")
        self.grace = _minutes_box(words, 3600, "schedule_editor.grace_suffix")
        self.action.currentIndexChanged.connect(self._action_changed)
        form = QFormLayout()
        form.addRow(f"{words('schedule_editor.budget')} ({words('schedule_editor.weekdays')})",
                    self.budget_weekdays)
        form.addRow(f"{words('schedule_editor.budget')} ({words('schedule_editor.weekend')})",
                    self.budget_weekend)
        form.addRow(words("schedule_editor.action"), self.action)
        form.addRow(words("schedule_editor.warn"), self.warn)
        form.addRow(words("schedule_editor.grace"), self.grace)

        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("schedule_editor.intro")))
        layout.addLayout(grid)
        layout.addWidget(self.hours_error)
        layout.addLayout(form)
        self.set_rules(Rules())

    def _action_changed(self) -> None:
        action = self.action.currentData()
        self.warn.setEnabled(action != Action.RECORD.value)
        self.grace.setEnabled(action == Action.CLOSE.value)

    def set_rules(self, rules: Rules) -> None:
        """Show `rules`' camera part; the rest (apps, microphone, exceptions) is kept."""
        self.base = rules
        camera = rules.camera or CameraRule()
        hours = camera.hours.days if camera.hours else (None,) * 7
        for field, windows in zip(self.days, hours, strict=True):
            field.setText(day_text(windows))
        budget = camera.budget.minutes if camera.budget else (None,) * 7
        self.budget_weekdays.setValue(budget[0] or 0)
        self.budget_weekend.setValue(budget[5] or 0)
        self.action.setCurrentIndex(ACTIONS.index(camera.action))
        self.warn.setValue(camera.warn_before_minutes)
        self.grace.setValue(camera.grace_seconds)
        self._action_changed()
        self.clear_errors()

    def clear_errors(self) -> None:
        for label in (*self.day_errors, self.hours_error):
            label.clear()

    def rules(self) -> Rules | None:
        """The edited rules, or None with every mistake shown next to its field."""
        self.clear_errors()
        days: list[tuple[Window, ...] | None] = []
        ok = True
        for field, error in zip(self.days, self.day_errors, strict=True):
            try:
                days.append(parse_day(field.text(), self.words))
            except BadHours as problem:
                error.setText(str(problem))
                days.append(None)
                ok = False
        if not ok:
            return None
        hours = None
        if any(day is not None for day in days):
            try:
                hours = WeekHours(tuple(days))
            except ValueError as error:
                self.hours_error.setText(self.words("schedule_editor.overlap", problem=error))
                return None
        weekday, weekend = self.budget_weekdays.value() or None, self.budget_weekend.value() or None
        budget = None if weekday is None and weekend is None else \
            DailyBudget((weekday,) * 5 + (weekend,) * 2)
        action = Action(self.action.currentData())
        camera = None
        if hours is not None or budget is not None or action is not Action.RECORD:
            camera = CameraRule(hours, budget, action, self.warn.value(), self.grace.value())
        follows = self.base.microphone_follows_camera and camera is not None
        return replace(self.base, camera=camera, microphone_follows_camera=follows)
