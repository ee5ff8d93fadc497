"""Hours for each weekday as text fields, used for the camera and for app categories.

Each day's hours are text ("16:00–20:00, 21:00–22:00"; empty: no hours limit;
"none": not at all that day). A mistake is explained next to its field.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from familywatch.core.rules import DAY_NAMES, MINUTES_PER_DAY, WeekHours, Window, clock
from familywatch.ui.parent.pin_dialog import ERROR_STYLE
from familywatch.ui.wording import Wording

_STRETCH = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")
NONE_WORDS = ("none", "no", "0")


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


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class DayHoursGrid(QWidget):
    """Seven day fields, an error next to each, and one for overlaps across days."""

    def __init__(self, words: Wording, placeholder: str = "schedule_editor.no_budget",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.days: list[QLineEdit] = []
        self.day_errors: list[QLabel] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(DAY_NAMES):
            field = QLineEdit()
            field.setPlaceholderText(words(placeholder))
            error = error_label()
            grid.addWidget(QLabel(words(f"schedule_editor.day.{name}")), index, 0)
            grid.addWidget(field, index, 1)
            grid.addWidget(error, index, 2)
            self.days.append(field)
            self.day_errors.append(error)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.hours_error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.hours_error)

    def set_hours(self, hours: WeekHours | None) -> None:
        for field, windows in zip(self.days, hours.days if hours else (None,) * 7, strict=True):
            field.setText(day_text(windows))
        self.clear_errors()

    def clear_errors(self) -> None:
        for label in (*self.day_errors, self.hours_error):
            label.clear()

    def hours(self) -> WeekHours | None:
        """The week's hours (None: no day has a limit). BadHours, with every mistake
        shown next to its field, when a day can't be read or two stretches overlap."""
        self.clear_errors()
        days: list[tuple[Window, ...] | None] = []
        problems = []
        for field, error in zip(self.days, self.day_errors, strict=True):
            try:
                days.append(parse_day(field.text(), self.words))
            except BadHours as problem:
                error.setText(str(problem))
                problems.append(str(problem))
                days.append(None)
        if problems:
            raise BadHours(problems[0])
        if all(day is None for day in days):
            return None
        try:
            return WeekHours(tuple(days))
        except ValueError as error:
            message = self.words("schedule_editor.overlap", problem=error)
            self.hours_error.setText(message)
            raise BadHours(message) from None
