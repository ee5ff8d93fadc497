"""Parent settings (opened after the PIN): camera schedule, app hours, requests, the
family's app list, pause and start at login, keeping and deleting records, PIN change.
Each change goes through ParentControls (or FamilyCatalogue), which writes it with its
audit entry - the child sees every change in Today.

The camera schedule and the app hours are one schedule: Save on either tab checks
both and saves both, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.rules import Rules
from familywatch.core.schedule_file import ScheduleError, dump_schedule
from familywatch.monitor.parent import Refused
from familywatch.security import KeyringUnavailable, WeakPin
from familywatch.ui import autostart
from familywatch.ui.parent.app_hours_editor import AppHoursEditor
from familywatch.ui.parent.controls import ControlsLike, FamilyAppsLike
from familywatch.ui.parent.family_apps import FamilyAppsPanel
from familywatch.ui.parent.inbox import RequestInbox
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.parent.records_panel import Confirm, RecordsPanel, ask_first
from familywatch.ui.parent.schedule_editor import ScheduleEditor
from familywatch.ui.widgets import app_icon, footnote, make_readable, paragraph
from familywatch.ui.wording import Wording

SOURCE = "parent settings"
PROBLEMS = (Refused, ScheduleError, KeyringUnavailable, WeakPin, ValueError)


def result_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def say(label: QLabel, text: str, *, error: bool = False) -> None:
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setText(text)


class ParentSettingsWindow(QWidget):
    def __init__(self, controls: ControlsLike, pin: str, words: Wording,
                 parent: QWidget | None = None, *, family: FamilyAppsLike | None = None,
                 confirm: Confirm = ask_first) -> None:
        super().__init__(parent)
        self.controls = controls
        self.pin = pin
        self.words = words
        self.setWindowTitle(words("parent.window_title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._schedule_tab(), words("parent.schedule_tab"))
        self.tabs.addTab(self._app_hours_tab(), words("parent.app_hours_tab"))
        self.inbox = RequestInbox(controls, lambda: self.pin, words)
        self.tabs.addTab(self.inbox, words("parent.requests_tab"))
        self.family_apps = None if family is None else \
            FamilyAppsPanel(family, lambda: self.pin, words)
        if self.family_apps is not None:
            self.tabs.addTab(self.family_apps, words("parent.family_apps_tab"))
        self.tabs.addTab(self._monitoring_tab(), words("parent.monitoring_tab"))
        self.records = RecordsPanel(controls, lambda: self.pin, words, confirm)
        self.tabs.addTab(self.records, words("parent.records_tab"))
        self.tabs.addTab(self._pin_tab(), words("parent.pin_tab"))
        layout = QVBoxLayout(self)
        layout.addWidget(footnote(words("parent.shown_to_child")))
        layout.addWidget(self.tabs)
        self.resize(760, 620)
        self.reload()

    # -- tabs --------------------------------------------------------------------------
    def _schedule_tab(self) -> QWidget:
        self.editor = ScheduleEditor(self.words)
        self.schedule_result = result_label()
        return self._with_save_button(self.editor, self.schedule_result)

    def _app_hours_tab(self) -> QWidget:
        self.app_editor = AppHoursEditor(self.words)
        self.app_result = result_label()
        return self._with_save_button(self.app_editor, self.app_result)

    def _with_save_button(self, editor: QWidget, result: QLabel) -> QWidget:
        """An editor of the schedule, with Save (both editors) and what it said."""
        save = QPushButton(self.words("parent.save"))
        save.clicked.connect(self.save_schedule)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(result, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(editor)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _monitoring_tab(self) -> QWidget:
        w = self.words
        page = QWidget()
        self.pause_state = paragraph()
        self.pause_minutes = QSpinBox()
        self.pause_minutes.setRange(0, 24 * 60)
        self.pause_minutes.setValue(30)
        self.pause_minutes.setSuffix(w("parent.pause_minutes_suffix"))
        self.pause_button = QPushButton(w("parent.pause"))
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton(w("parent.resume"))
        self.resume_button.clicked.connect(self.resume)
        self.autostart = QCheckBox(w("parent.autostart"))
        self.autostart.setChecked(autostart.is_enabled())
        self.autostart.toggled.connect(self.set_autostart)
        self.monitoring_result = result_label()
        self.autostart_result = result_label()
        form = QFormLayout(page)
        form.addRow(self.pause_state)
        pause_row = QHBoxLayout()
        pause_row.addWidget(self.pause_minutes)
        pause_row.addWidget(self.pause_button)
        pause_row.addWidget(self.resume_button)
        form.addRow(w("parent.pause_minutes"), pause_row)
        form.addRow(self.monitoring_result)
        form.addRow(self.autostart)
        form.addRow(self.autostart_result)
        return page

    def _pin_tab(self) -> QWidget:
        page = QWidget()
        self.old_pin, self.new_pin, self.repeat_pin = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.old_pin, self.new_pin, self.repeat_pin):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_button = QPushButton(self.words("parent.change_pin"))
        self.pin_button.clicked.connect(self.change_pin)
        self.pin_result = result_label()
        form = QFormLayout(page)
        form.addRow(self.words("parent.old_pin"), self.old_pin)
        form.addRow(self.words("parent.new_pin"), self.new_pin)
        form.addRow(self.words("parent.repeat_pin"), self.repeat_pin)
        form.addRow(self.pin_button)
        form.addRow(self.pin_result)
        return page

    # -- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        settings = self.controls.settings()
        try:
            stored = settings.schedule()
        except ScheduleError as error:
            say(self.schedule_result, sentence(str(error)), error=True)
            stored = Rules()
        self.editor.set_rules(stored)
        self.app_editor.set_rules(stored)
        self.records.reload()
        now = datetime.now(UTC)
        if settings.paused_until_resumed:
            text = self.words("parent.paused_until_resumed")
        elif settings.paused(now) and settings.paused_until is not None:
            until = settings.paused_until.astimezone(self.controls.tz)
            text = self.words("parent.paused_until", until=f"{until:%H:%M}")
        else:
            text = self.words("parent.not_paused")
        self.pause_state.setText(text)
        self.resume_button.setEnabled(settings.paused(now))  # nothing to resume otherwise
        self.inbox.reload()

    # -- changes (each audited by ParentControls) ---------------------------------------
    def save_schedule(self) -> bool:
        """Camera schedule and app hours together: both are checked, then both saved."""
        for label in (self.schedule_result, self.app_result):
            say(label, "")
        camera = self.editor.rules()
        if camera is None:
            return self._not_saved(0, self.words("parent.fix_fields"))
        apps = self.app_editor.apps()
        if apps is None:
            return self._not_saved(1, self.words("parent.fix_fields"))
        try:
            rules = replace(camera, apps=apps)
            self.controls.import_schedule(dump_schedule(rules), SOURCE, self.pin)
        except PROBLEMS as error:
            return self._not_saved(self.tabs.currentIndex(),
                                   self.words("parent.not_saved", why=error))
        for label in (self.schedule_result, self.app_result):
            say(label, self.words("parent.saved"))
        self.editor.set_rules(rules)
        return True

    def _not_saved(self, tab: int, text: str) -> bool:
        """Show the tab with the mistake, and say so on both tabs."""
        if tab in (0, 1):
            self.tabs.setCurrentIndex(tab)
        for label in (self.schedule_result, self.app_result):
            say(label, text, error=True)
        return False

    def _do(self, label: QLabel, action: Callable[[], object]) -> bool:
        try:
            action()
        except PROBLEMS as error:
            say(label, sentence(str(error)), error=True)
            return False
        self.reload()
        return True

    def pause(self) -> None:
        minutes = self.pause_minutes.value() or None
        if self._do(self.monitoring_result, lambda: self.controls.pause(self.pin, minutes)):
            say(self.monitoring_result, self.pause_state.text())

    def resume(self) -> None:
        if self._do(self.monitoring_result, lambda: self.controls.resume(self.pin)):
            say(self.monitoring_result, self.pause_state.text())

    def set_autostart(self, enabled: bool) -> None:
        try:
            path = autostart.set_enabled(enabled)
        except OSError as error:
            say(self.autostart_result, str(error), error=True)
            return
        say(self.autostart_result, self.words("parent.autostart_on", path=path) if enabled
            else self.words("parent.autostart_off"))

    def change_pin(self) -> None:
        old, new = self.old_pin.text(), self.new_pin.text()
        if new != self.repeat_pin.text():
            say(self.pin_result, self.words("parent.pins_differ"), error=True)
            return
        if self._do(self.pin_result, lambda: self.controls.change_pin(old, new)):
            self.pin = new
            say(self.pin_result, self.words("parent.pin_changed"))
        for field in (self.old_pin, self.new_pin, self.repeat_pin):
            field.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pin = ""  # the PIN is not kept once the window is closed
        super().closeEvent(event)
