"""'What is recorded': every stored field, what is never stored, where, how long - and
the newest real records, so anyone can check the page against the data.

The wording is resources/ui/what_is_recorded.<lang>.md; no PIN is needed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTextBrowser, QVBoxLayout, QWidget

from familywatch.ui.sources import RecordSource, last_days
from familywatch.ui.viewmodels import Table, recent_records
from familywatch.ui.widgets import (
    FittedTable,
    app_icon,
    heading,
    make_readable,
    paragraph,
    show_markdown,
)
from familywatch.ui.wording import Wording, page

log = logging.getLogger(__name__)

# The one place the default keeping period is written down for the UI; the retention
# setting (parent-set) will replace it when retention is implemented.
DEFAULT_RETENTION_DAYS = 180
RECENT_DAYS = 7
RECENT_LIMIT = 20


def fitted_widths(natural: list[int], two_lines: list[int], least: list[int],
                  available: int) -> list[int]:
    """Column widths that add up to at most `available` (when the floors allow it).

    Columns with the most room give it up first, down to the width at which their
    cells take two lines, split between words ("Wed 5 Jun" above "19:03"); only if
    that is not enough do they go below it, down to `least` (a file path then wraps
    after a "/").
    """
    widths = list(natural)
    for floors in (two_lines, least):
        excess = sum(widths) - available
        for c in sorted(range(len(widths)), key=lambda c: floors[c] - widths[c]):
            if excess <= 0:
                break
            cut = min(excess, max(0, widths[c] - floors[c]))
            widths[c] -= cut
            excess -= cut
    return widths


def two_line_width(text: str, advance: Callable[[str], float]) -> float:
    """How wide `text` must be to take two lines, broken between words. Up to a tenth
    wider than the narrowest, the longer first line wins: "Wed 5 Jun" above "19:03"
    reads better than "Wed 5" above "Jun 19:03"."""
    words = text.split()
    if len(words) < 2:
        return advance(text)
    widths = [max(advance(" ".join(words[:i])), advance(" ".join(words[i:])))
              for i in range(1, len(words))]
    narrowest = min(widths)
    return next(w for w in reversed(widths) if w <= narrowest * 1.1)


class RecordsTable(FittedTable):
    """The newest records, every column in view: where the window is too narrow for all
    the columns on one line, the cells wrap instead of hiding behind a sideways scroll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, fit_height=False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # wrapped, never cut short
        self._natural: list[int] = []
        self._two_lines: list[int] = []
        self._least: list[int] = []

    def show_table(self, table: Table) -> None:
        super().show_table(table)  # columns as wide as their contents
        header = self.horizontalHeader()
        self._natural = [self.columnWidth(c) for c in range(self.columnCount())]
        titles = [header.fontMetrics().horizontalAdvance(title) + 16 for title in table.headers]
        self._least = [min(n, t) for n, t in zip(self._natural, titles, strict=True)]
        advance = self.fontMetrics().horizontalAdvance
        self._two_lines = []
        for c, natural in enumerate(self._natural):
            cells = [row[c] for row in table.rows]
            pad = natural - max((advance(cell) for cell in cells), default=0)
            wrapped = max((two_line_width(cell, advance) for cell in cells), default=0)
            self._two_lines.append(min(natural, max(titles[c], math.ceil(wrapped) + max(pad, 8))))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Room for the vertical scroll bar too, so a wide window needs no sideways scroll.
        self.setMaximumWidth(sum(self._natural) + 2 * self.frameWidth() + 2
                             + self.verticalScrollBar().sizeHint().width())
        self.fit_columns()

    def fit_columns(self) -> None:
        if not self._natural:
            return
        available = self.viewport().width()
        if not self.verticalScrollBar().isVisible():  # it may come with the wrapped rows
            available -= self.verticalScrollBar().sizeHint().width()
        widths = fitted_widths(self._natural, self._two_lines, self._least, available)
        for c, width in enumerate(widths):
            self.setColumnWidth(c, width)
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def what_is_recorded_markdown(data_dir: Path, retention_days: int,
                              language: str = "en") -> str:
    return page("ui", "what_is_recorded", language, data_dir=data_dir,
                retention_days=retention_days)


class WhatRecordedWindow(QWidget):
    def __init__(self, records: RecordSource, words: Wording, *, data_dir: Path,
                 retention_days: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if retention_days is None:  # not given: the default keeping period
            retention_days = DEFAULT_RETENTION_DAYS
        self.records = records
        self.words = words
        self.setWindowTitle(words("what_recorded.window_title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)  # nothing to follow: the page is text only
        show_markdown(self.text, what_is_recorded_markdown(data_dir, retention_days))
        self.table_heading = heading(words("what_recorded.table_heading"), level=2)
        self.none = paragraph(words("what_recorded.table_none"))
        self.error = paragraph()
        self.table = RecordsTable()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.text, 5)
        layout.addWidget(self.table_heading)
        layout.addWidget(self.none)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 5)  # the real records: as much room as the words
        self.resize(1240, 880)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(250)
        self._soon.timeout.connect(self.refresh)

    def records_changed(self) -> None:
        if self.isVisible():
            self._soon.start()

    def refresh(self) -> None:
        try:
            summary = self.records.summary(last_days(self.records, RECENT_DAYS))
        except Exception as error:  # show it, keep the window usable
            log.warning("cannot read the records: %s", error)
            self.error.setText(self.words("summary.read_error", error=error))
            self.error.show()
            return
        self.error.hide()
        table = recent_records(summary, self.records.tz, self.words, RECENT_LIMIT)
        self.table.show_table(table)
        self.table.setVisible(bool(table.rows))
        self.none.setVisible(not table.rows)

    def show_window(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()
