"""The tray app: the monitor runs in-process, the tray (or a status window) shows it.

The monitor's jobs run on an APScheduler worker thread. Its change callback only
emits a Qt signal (MonitorRelay); Qt queues it to the GUI thread, where the tray
and the open windows are refreshed. Nothing in the UI touches the monitor's state
from the worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from familywatch.core.reminder import DEFAULT_REVIEW_REMINDER
from familywatch.ui import qt_import_hook  # noqa: F401  first: see its docstring
from familywatch.ui.monitor_link import MonitorLike, MonitorRelay
from familywatch.ui.notify import QtNotifier
from familywatch.ui.parent.controls import ControlsLike, FamilyAppsLike
from familywatch.ui.parent.hooks import ParentUi, confirm_stop
from familywatch.ui.review_reminder import ReviewReminder
from familywatch.ui.schedule_state import schedule_state
from familywatch.ui.sources import RecordSource
from familywatch.ui.tray import Callback, MenuActions, TrayIcon
from familywatch.ui.tray_state import TrayInputs, TrayLook, tray_look
from familywatch.ui.wording import Wording, wording

# For type hints only: the windows and the notes are imported when first opened, so the
# tray starts lighter.
if TYPE_CHECKING:
    from familywatch.core.rules import Rules
    from familywatch.monitor.parent_settings import ParentSettings
    from familywatch.monitor.review_records import ReviewNotes
    from familywatch.ui.windows.help import HelpWindow
    from familywatch.ui.windows.status import StatusWindow
    from familywatch.ui.windows.summary import SummaryWindow
    from familywatch.ui.windows.what_recorded import WhatRecordedWindow

log = logging.getLogger(__name__)

QuitGuard = Callable[[QWidget | None], bool]


class TrayApp(QObject):
    def __init__(self, monitor: MonitorLike, records: RecordSource, *, data_dir: Path,
                 words: Wording | None = None, tray_available: bool | None = None,
                 quit_guard: QuitGuard | None = None,
                 retention_days: int | None = None,
                 controls: ControlsLike | None = None,
                 family: FamilyAppsLike | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.records = records
        self.data_dir = data_dir
        self.words = words or wording()
        self.retention_days = retention_days
        self.controls = controls
        self.parent_ui = None if controls is None else \
            ParentUi(controls, self.words, data_dir, self, family)
        self.quit_guard = quit_guard or (self.parent_ui.quit_guard if self.parent_ui
                                         else confirm_stop(self.words))
        self._paused = False
        self._outside_schedule = False
        self._time_left: float | None = None
        self._started = self._stopped = False
        self.summary: SummaryWindow | None = None
        self.what_recorded: WhatRecordedWindow | None = None
        self.help: HelpWindow | None = None
        self.review: QWidget | None = None

        self.relay = MonitorRelay()
        self.relay.changed.connect(self.monitor_changed, Qt.ConnectionType.QueuedConnection)
        self.actions = self._parent_actions()
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        # Monitoring is never invisible: a tray icon, or else a window.
        self.tray = TrayIcon(self.words, self.actions, self) if tray_available else None
        self.status_window = None if tray_available else _status_window(self.words,
                                                                         self.actions)
        self.notifier = QtNotifier(self.words, self.tray.icon if self.tray else None, self)
        self.ticker = QTimer(self)  # "28 minutes left" keeps counting between changes
        self.ticker.setInterval(30_000)
        self.ticker.timeout.connect(self._tick)
        self.review_reminder = ReviewReminder(
            data_dir, records.tz, self.notifier.notify,
            self._review_reminder_setting)

    # -- hooks for the schedule and parent-PIN work --------------------------------
    def _menu_actions(self, more_time: Callback | None = None,
                      parent_settings: Callback | None = None) -> MenuActions:
        return MenuActions(today=lambda: self.show_summary(_summary_window().TODAY),
                           week=lambda: self.show_summary(_summary_window().WEEK),
                           what_is_recorded=self.show_what_recorded, help=self.show_help,
                           review=self.show_review,
                           quit=self.request_quit, more_time=more_time,
                           parent_settings=parent_settings)

    def _parent_actions(self) -> MenuActions:
        ui = self.parent_ui
        if ui is None:
            return self._menu_actions()
        return self._menu_actions(ui.ask_more_time if ui.can_ask() else None, ui.open_settings)

    def set_hooks(self, *, more_time: Callback | None = None,
                  parent_settings: Callback | None = None) -> None:
        """Enable "Ask for more time" and "Parent settings…" (disabled until set)."""
        self.actions = self._menu_actions(more_time, parent_settings)
        if self.tray is not None:
            self.tray.actions = self.actions
            self.tray.rebuild_menu()
        if self.status_window is not None:
            self.status_window.set_actions(self.actions)

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self.refresh_look()

    def set_outside_schedule(self, outside: bool) -> None:
        """The rules engine says the camera is in use outside the camera hours."""
        self._outside_schedule = outside
        self.refresh_look()

    # -- life cycle ------------------------------------------------------------------
    def start(self) -> None:
        self.monitor.set_listener(self.relay.notify)
        set_notifier = getattr(self.monitor, "set_notifier", None)
        if set_notifier is not None:
            set_notifier(self.notifier)
        self.monitor.start()
        self._started = True
        self.sync_schedule()
        self.refresh_look()
        if self.tray is not None:
            self.tray.show()
            log.info("tray icon shown")
        if self.status_window is not None:
            self.status_window.show()
            log.info("status window shown (no system tray)")
        self.ticker.start()
        if self.parent_ui is not None and self.parent_ui.first_run_needed():
            self.parent_ui.show_first_run()

    def stop(self) -> None:
        """Stop the monitor once (it closes open sessions and records the stop)."""
        if self._stopped or not self._started:
            return
        self._stopped = True
        self.ticker.stop()
        self.monitor.set_listener(None)
        self.monitor.stop()

    def request_quit(self) -> None:
        if self.quit_guard(self.status_window):
            self.quit()

    def quit(self) -> None:
        self.stop()
        if self.status_window is not None:
            self.status_window.allow_close = True
            self.status_window.close()
        if self.tray is not None:
            self.tray.hide()
        for window in (self.summary, self.what_recorded, self.help, self.review):
            if window is not None:
                window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # -- what is shown -----------------------------------------------------------------
    def look(self) -> TrayLook:
        inputs = TrayInputs(tuple(self.monitor.open_sessions), self.monitor.problem,
                            self._paused, self._outside_schedule, self._time_left)
        return tray_look(inputs, self.records.tz, self.words)

    def _tick(self) -> None:
        self.sync_schedule()
        self.refresh_look()
        self.review_reminder.check()

    def _review_reminder_setting(self) -> str:
        getter = getattr(self.controls, "review_reminder", None)
        try:
            return str(getter()) if getter is not None else DEFAULT_REVIEW_REMINDER
        except Exception:  # unreadable setting: the default still reminds
            return DEFAULT_REVIEW_REMINDER

    def refresh_look(self) -> None:
        look = self.look()
        if self.tray is not None:
            self.tray.show_look(look)
        if self.status_window is not None:
            self.status_window.show_look(look)

    def sync_schedule(self) -> None:
        """Paused / outside the camera hours / time left, from the monitor's enforcement."""
        state = schedule_state(self.monitor, datetime.now(UTC))
        self._time_left = state.time_left_seconds
        if state.known:
            self._paused, self._outside_schedule = state.paused, state.outside_schedule

    def monitor_changed(self) -> None:
        """On the GUI thread, after the monitor recorded a change."""
        self.sync_schedule()
        self.refresh_look()
        for window in (self.summary, self.what_recorded):
            if window is not None:
                window.records_changed()

    def show_summary(self, tab: int) -> SummaryWindow:
        if self.summary is None:
            self.summary = _summary_window()(
                self.records, lambda: tuple(self.monitor.open_sessions), self.words,
                notes=self._notes(), rules=self._rules,
                schedule=lambda: schedule_state(self.monitor, datetime.now(UTC)))
        self.summary.show_tab(tab)
        return self.summary

    def show_what_recorded(self) -> WhatRecordedWindow:
        if self.what_recorded is None:
            from familywatch.ui.windows.what_recorded import WhatRecordedWindow

            self.what_recorded = WhatRecordedWindow(self.records, self.words,
                                                    data_dir=self.data_dir,
                                                    retention_days=self.retention_days)
        self.what_recorded.show_window()
        return self.what_recorded

    def show_review(self) -> QWidget:
        """The weekly family review; notes and "reviewed together" go into the record."""
        from familywatch.monitor.review_records import ReviewNotes
        from familywatch.ui.review.window import open_review

        notes = ReviewNotes.for_records(self.records)
        self.review = open_review(self.records, rules=self._rules(),
                                  on_reviewed=notes.mark_reviewed, notes=notes)
        return self.review

    def _notes(self) -> ReviewNotes | None:
        """The notes store for the summary window's "Add a note", or None if unavailable."""
        from familywatch.monitor.review_records import ReviewNotes

        try:
            return ReviewNotes.for_records(self.records)
        except Exception:  # e.g. a record source without a store: no notes button
            log.warning("notes are not available", exc_info=True)
            return None

    def _rules(self) -> Rules | None:
        settings: ParentSettings | None = getattr(
            getattr(self.monitor, "enforcement", None), "settings", None)
        try:
            return settings.rules() if settings is not None else None
        except Exception:  # no schedule, or unreadable: the review works without it
            log.warning("the schedule could not be read for the review", exc_info=True)
            return None

    def show_help(self) -> HelpWindow:
        # Deliberately not logged or recorded anywhere.
        if self.help is None:
            from familywatch.ui.windows.help import HelpWindow

            self.help = HelpWindow(self.words, data_dir=self.data_dir)
        self.help.show_window()
        return self.help

    def bring_forward(self) -> None:
        """A second launch asked us to show ourselves."""
        if self.status_window is not None:
            self.status_window.showNormal()
            self.status_window.raise_()
            self.status_window.activateWindow()
        else:
            self.show_summary(_summary_window().TODAY)


def _summary_window() -> type[SummaryWindow]:
    from familywatch.ui.windows.summary import SummaryWindow

    return SummaryWindow


def _status_window(words: Wording, actions: MenuActions) -> StatusWindow:
    """The stand-in for the tray on a desktop without one (only then imported)."""
    from familywatch.ui.windows.status import StatusWindow

    return StatusWindow(words, actions)
