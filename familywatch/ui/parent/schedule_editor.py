"""The camera part of the schedule as a form: hours per weekday (day_hours.py), a
daily budget, what happens at a limit. It reads and makes `Rules`; the parent settings
window saves them with dump_schedule through ParentControls (which audits the change).

A mistake is explained next to its field and `rules()` returns None, so nothing is
saved half-way.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from familywatch.core.rules import MINUTES_PER_DAY, Action, CameraRule, DailyBudget, Rules
from familywatch.ui.parent.day_hours import BadHours, DayHoursGrid
from familywatch.ui.widgets import paragraph
from familywatch.ui.wording import Wording

ACTIONS = (Action.RECORD, Action.REMIND, Action.CLOSE)


def action_box(words: Wording) -> QComboBox:
    box = QComboBox()
    for action in ACTIONS:
        box.addItem(words(f"schedule_editor.action_{action.value}"), action.value)
    return box


def minutes_box(words: Wording, maximum: int, suffix: str, special: str = "") -> QSpinBox:
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
        self.grid = DayHoursGrid(words)

        suffix, special = "schedule_editor.minutes_suffix", "schedule_editor.no_budget"
        self.budget_weekdays = minutes_box(words, MINUTES_PER_DAY, suffix, special)
        self.budget_weekend = minutes_box(words, MINUTES_PER_DAY, suffix, special)
        self.action = action_box(words)
        self.warn = minutes_box(words, 120, "schedule_editor.warn_suffix")
        self.grace = minutes_box(words, 3600, "schedule_editor.grace_suffix")
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
        layout.addWidget(self.grid)
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
        self.grid.set_hours(camera.hours)
        budget = camera.budget.minutes if camera.budget else (None,) * 7
        self.budget_weekdays.setValue(budget[0] or 0)
        self.budget_weekend.setValue(budget[5] or 0)
        self.action.setCurrentIndex(ACTIONS.index(camera.action))
        self.warn.setValue(camera.warn_before_minutes)
        self.grace.setValue(camera.grace_seconds)
        self._action_changed()
        self.clear_errors()

    def clear_errors(self) -> None:
        self.grid.clear_errors()

    def rules(self) -> Rules | None:
        """The edited rules, or None with every mistake shown next to its field."""
        self.clear_errors()
        try:
            hours = self.grid.hours()
        except BadHours:
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
