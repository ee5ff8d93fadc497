"""The Today / This week window, readable by everyone without a PIN.

It refreshes when the monitor reports a change (coalesced: a burst of changes is
one refresh) and every 30 s while it is visible, so open sessions keep growing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.rules import Rules
from familywatch.core.timefmt import clock_time
from familywatch.ui.chart_data import DayBar, DayTimeline
from familywatch.ui.review.notes import AUTHORS, NotesLike
from familywatch.ui.schedule_state import ScheduleState
from familywatch.ui.sources import LiveSessions, RecordSource
from familywatch.ui.viewmodels import (
    DEVICE_KINDS,
    chart_words,
    day_view,
    in_use_now,
    parent_action_sentences,
    schedule_sentences,
    week_view,
)
from familywatch.ui.widgets import app_icon, make_readable
from familywatch.ui.windows.pages import DayPage, WeekPage
from familywatch.ui.wording import Wording

log = logging.getLogger(__name__)

REFRESH_EVERY_MS = 30_000
COALESCE_MS = 250


class SummaryWindow(QWidget):
    TODAY, WEEK = 0, 1

    def __init__(self, records: RecordSource, live: LiveSessions, words: Wording,
                 parent: QWidget | None = None, *, notes: NotesLike | None = None,
                 rules: Rules | Callable[[], Rules | None] | None = None,
                 schedule: Callable[[], ScheduleState] | None = None) -> None:
        super().__init__(parent)
        self.rules = rules  # the rules in force (or how to read them): camera hours
        self.schedule = schedule  # the schedule state now, for "time left" on Today
        self.records = records
        self.live = live
        self.words = words
        self.notes = notes
        self.session_rows: list[int] = []  # the store row id of each sessions-table row
        self.setWindowTitle(words("summary.window_title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.today = DayPage(words)
        if notes is not None:
            self._add_note_row()
        self.week = WeekPage(words)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.today, words("summary.today_tab"))
        self.tabs.addTab(self.week, words("summary.week_tab"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.resize(780, 720)

        self._every_30s = QTimer(self)
        self._every_30s.setInterval(REFRESH_EVERY_MS)
        self._every_30s.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(COALESCE_MS)
        self._soon.timeout.connect(self.refresh)

    def _add_note_row(self) -> None:
        """Under the sessions table: whose note, and "Add a note about this…"."""
        words = self.words
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(words("notes.whose")))
        self.author_choice = QComboBox()
        self.author_choice.addItems([words(f"notes.author_{a}") for a in AUTHORS])
        line.addWidget(self.author_choice)
        self.note_button = QPushButton(words("notes.add_session"))
        self.note_button.setEnabled(False)
        self.note_button.clicked.connect(self.ask_session_note)
        line.addWidget(self.note_button)
        line.addStretch(1)
        self.note_message = QLabel()
        self.note_message.setWordWrap(True)
        self.note_message.hide()
        sessions = self.today.sessions
        section_layout = sessions.layout()
        assert section_layout is not None  # a Section builds its QVBoxLayout in __init__
        section_layout.addWidget(row)
        section_layout.addWidget(self.note_message)
        sessions.table.itemSelectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        self.note_button.setEnabled(self.selected_session() is not None)

    def selected_session(self) -> int | None:
        """The store row id of the selected session, if one is selected."""
        rows = self.today.sessions.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.session_rows):
            return None
        return self.session_rows[rows[0].row()]

    def ask_session_note(self) -> None:
        row_id = self.selected_session()
        if row_id is None:
            return
        typed, ok = QInputDialog.getMultiLineText(self, self.words("notes.add_session_title"),
                                                  self.words("notes.add_session_prompt"))
        if ok:
            self.add_session_note(row_id, typed)

    def add_session_note(self, row_id: int, typed: str) -> bool:
        """Save a note on session `row_id`; say why if it can't be saved."""
        if self.notes is None:
            return False
        if not typed.strip():
            self._say(self.words("notes.empty"))
            return False
        author = AUTHORS[self.author_choice.currentIndex()]
        try:
            self.notes.add_note(typed, author=author, session=row_id)
        except ValueError as error:
            self._say(self.words("notes.refused", reason=error))
            return False
        self._say(self.words("notes.saved"))
        return True

    def _say(self, message: str) -> None:
        self.note_message.setText(message)
        self.note_message.show()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def records_changed(self) -> None:
        """The monitor recorded something: refresh soon, if anyone is looking."""
        if self.isVisible():
            self._soon.start()

    def refresh(self) -> None:
        words = self.words
        chart = chart_words(words)
        now = self.records.clock.now()
        try:
            day = self.records.summary(self.records.day())
            week = self.records.summary(self.records.week())
        except Exception as error:  # a locked or missing database must not close the window
            log.warning("cannot read the records: %s", error)
            message = words("summary.read_error", error=error)
            self.today.show_error(message)
            self.week.show_error(message)
            return
        for page in (self.today, self.week):
            page.show_error(None)
            page.updated.setText(words("summary.updated", time=clock_time(now, self.records.tz)))
        self.session_rows = [line.session.serial for line in day.sessions
                             if line.session.kind in DEVICE_KINDS]
        rules = self._rules()  # Today's camera-hours band and the week's split agree
        self._day_view = day_view(day, self.records.tz, words, rules)
        self.today.show_day(self._day_view, chart)
        self.today.show_in_use(in_use_now(self.live(), self.records.tz, words))
        self.today.show_schedule(schedule_sentences(self._schedule_state(), words))
        self.today.show_parent_actions(self._parent_actions(day))
        self._week_view = week_view(week, self.records.tz, words, rules)
        self.week.show_week(self._week_view, chart)

    def shown_timeline(self) -> DayTimeline | None:
        """The timeline last drawn on Today (for tests)."""
        view = getattr(self, "_day_view", None)
        return view.timeline if view is not None else None

    def shown_bars(self) -> tuple[DayBar, ...]:
        """The bars last drawn on This week (for tests)."""
        view = getattr(self, "_week_view", None)
        return view.bars if view is not None else ()

    def _rules(self) -> Rules | None:
        try:
            return self.rules() if callable(self.rules) else self.rules
        except Exception:  # an unreadable schedule: the bars are drawn unsplit
            log.warning("the schedule could not be read", exc_info=True)
            return None

    def _schedule_state(self) -> ScheduleState | None:
        try:
            return self.schedule() if self.schedule is not None else None
        except Exception:
            log.warning("the schedule state could not be read", exc_info=True)
            return None

    def _parent_actions(self, day: object) -> tuple[str, ...] | None:
        """The day's parent actions in words; None if the records keep no audit."""
        parent_view = getattr(self.records, "parent_view", None)
        if parent_view is None:
            return None
        try:
            view = parent_view(day)
        except Exception:
            log.warning("the parent actions could not be read", exc_info=True)
            return None
        if view is None:
            return None
        return parent_action_sentences(view.audit, self.records.tz, self.words)

    def showEvent(self, event: QShowEvent) -> None:
        self._every_30s.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._every_30s.stop()  # nobody is looking: no wake-ups
        super().hideEvent(event)
