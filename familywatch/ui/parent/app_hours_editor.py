"""Hours for kinds of apps (the catalogue's categories): e.g. live-streaming apps only
17:00–19:00 on school days. One category is shown at a time; what was typed for the
others is kept until Save, which checks every category and shows the first mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from familywatch.core.model import Category
from familywatch.core.rules import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_WARN_BEFORE_MINUTES,
    Action,
    AppRule,
    Rules,
)
from familywatch.ui.parent.day_hours import BadHours, DayHoursGrid, day_text, error_label
from familywatch.ui.parent.schedule_editor import ACTIONS, action_box, minutes_box
from familywatch.ui.widgets import paragraph
from familywatch.ui.wording import Wording


@dataclass
class Draft:
    """What is typed for one category, read or not."""

    limited: bool = False
    days: list[str] = field(default_factory=lambda: [""] * 7)
    action: Action = Action.REMIND
    warn: int = DEFAULT_WARN_BEFORE_MINUTES
    grace: int = DEFAULT_GRACE_SECONDS

    @classmethod
    def of(cls, rule: AppRule | None) -> Draft:
        if rule is None:
            return cls()
        return cls(True, [day_text(w) for w in rule.hours.days], rule.action,
                   rule.warn_before_minutes, rule.grace_seconds)


class AppHoursEditor(QWidget):
    def __init__(self, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.drafts = {category: Draft() for category in Category}
        self.category = QComboBox()
        for category in Category:
            self.category.addItem(words(f"app_hours.category.{category.value}"), category.value)
        self.shown = Category(self.category.currentData())
        self.limited = QCheckBox(words("app_hours.limited"))
        self.grid = DayHoursGrid(words)
        self.action = action_box(words)
        self.warn = minutes_box(words, 120, "schedule_editor.warn_suffix")
        self.grace = minutes_box(words, 3600, "schedule_editor.grace_suffix")
        self.problem = error_label()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow(words("app_hours.which"), self.category)
        form.addRow(self.limited)
        form.addRow(self.grid)
        form.addRow(words("schedule_editor.action"), self.action)
        form.addRow(words("schedule_editor.warn"), self.warn)
        form.addRow(words("schedule_editor.grace"), self.grace)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("app_hours.intro")))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.limited.toggled.connect(self._enable)
        self.action.currentIndexChanged.connect(self._enable)
        self._load(self.drafts[self.shown])

    # -- showing one category ------------------------------------------------------------
    def _keep(self) -> None:
        self.drafts[self.shown] = Draft(
            self.limited.isChecked(), [f.text() for f in self.grid.days],
            Action(self.action.currentData()), self.warn.value(), self.grace.value())

    def _load(self, draft: Draft) -> None:
        self.limited.setChecked(draft.limited)
        for box, text in zip(self.grid.days, draft.days, strict=True):
            box.setText(text)
        self.action.setCurrentIndex(ACTIONS.index(draft.action))
        self.warn.setValue(draft.warn)
        self.grace.setValue(draft.grace)
        self.grid.clear_errors()
        self.problem.clear()
        self._enable()

    def _enable(self) -> None:
        on = self.limited.isChecked()
        action = self.action.currentData()
        self.grid.setEnabled(on)
        self.action.setEnabled(on)
        self.warn.setEnabled(on and action != Action.RECORD.value)
        self.grace.setEnabled(on and action == Action.CLOSE.value)
        self._summarise()

    def _summarise(self) -> None:
        names = [self.words(f"app_hours.category.{c.value}") for c, d in self.drafts.items()
                 if (d.limited if c is not self.shown else self.limited.isChecked())]
        self.summary.setText(self.words("app_hours.limited_now", which=", ".join(names))
                             if names else self.words("app_hours.none_limited"))

    def _category_changed(self) -> None:
        self._keep()
        self.shown = Category(self.category.currentData())
        self._load(self.drafts[self.shown])

    def show_category(self, category: Category) -> None:
        self.category.setCurrentIndex(list(Category).index(category))

    # -- rules in and out ----------------------------------------------------------------
    def set_rules(self, rules: Rules) -> None:
        self.drafts = {category: Draft.of(rules.app_rule(category)) for category in Category}
        self._load(self.drafts[self.shown])

    def apps(self) -> tuple[AppRule, ...] | None:
        """Every limited category's rule, or None with the first mistake shown (the
        editor switches to that category)."""
        self._keep()
        first_shown = self.shown
        rules = []
        for category, draft in self.drafts.items():
            if not draft.limited:
                continue
            if category is not self.shown:
                self.show_category(category)
            try:
                hours = self.grid.hours()
            except BadHours:
                return None
            if hours is None:
                self.problem.setText(self.words("app_hours.needs_hours"))
                return None
            rules.append(AppRule(category, hours, draft.action, draft.warn, draft.grace))
        self.show_category(first_shown)
        return tuple(rules)
