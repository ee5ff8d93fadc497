"""'What is recorded': every stored field, what is never stored, where, how long - and
the newest real records, so anyone can check the page against the data.

The wording is resources/ui/what_is_recorded.<lang>.md; no PIN is needed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from familywatch.ui.sources import RecordSource, last_days
from familywatch.ui.viewmodels import recent_records
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
        self.table = FittedTable(fit_height=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.text, 6)
        layout.addWidget(self.table_heading)
        layout.addWidget(self.none)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 4)
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
