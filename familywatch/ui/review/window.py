"""The weekly "Family review" window: the week's chart, highlights and prompts.

Read together by parent and child (no PIN). "We reviewed this week together" calls
`on_reviewed(week_label)`; storing that date is another part's job (inject it).
Notes: pass `notes` (a ReviewNotes, see review/notes.py) and the window lists the week's
notes, saves a note on the week or on any highlight, and asks whose note it is (the child
or the parent). The older `on_note(week_label, text)` hook still works without `notes`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.prompts import PromptBook
from familywatch.core.rules import Rules
from familywatch.core.timefmt import duration
from familywatch.ui.charts import ChartStyle, ChartWidget, paint_week_bars
from familywatch.ui.review.data import Item, ReviewData, build_review, prompt_book
from familywatch.ui.review.notes import NotesLike, highlight_key
from familywatch.ui.review.notes_section import OnNote, ReviewNotesMixin, _label
from familywatch.ui.sources import RecordSource
from familywatch.ui.viewmodels import long_date
from familywatch.ui.widgets import clear_layout

OnReviewed = Callable[[str], object]  # (week label); what it returns is not used


class ReviewWindow(ReviewNotesMixin, QWidget):
    reviewed = Signal(str)  # the week label, e.g. "2024-W23"

    def __init__(self, records: RecordSource, *, rules: Rules | None = None,
                 on_reviewed: OnReviewed | None = None, on_note: OnNote | None = None,
                 book: PromptBook | None = None, notes: NotesLike | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records, self.rules = records, rules
        self.on_reviewed, self.on_note, self.notes = on_reviewed, on_note, notes
        self.note_editors: dict[str, tuple[QPlainTextEdit, QLabel]] = {}
        self.book = book or prompt_book()
        self.data: ReviewData | None = None
        self.setWindowTitle(self.book.text("review", "window_title"))
        self.content = QVBoxLayout()
        inner = QWidget()
        inner.setLayout(self.content)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        buttons = QHBoxLayout()
        self.reviewed_button = QPushButton(self.book.text("review", "reviewed_button"))
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.pdf_button = QPushButton(self.book.text("review", "export_pdf"))
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.html_button = QPushButton(self.book.text("review", "export_html"))
        self.html_button.clicked.connect(lambda: self._export("html"))
        for button in (self.reviewed_button, self.pdf_button, self.html_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(760, 820)

    def load(self, day: date | None = None) -> ReviewData:
        self.data = build_review(self.records, day, rules=self.rules, book=self.book)
        self._fill(self.data)
        return self.data

    def _fill(self, data: ReviewData) -> None:
        clear_layout(self.content)
        text = self.book.text
        days = data.summary.period.days()
        self.content.addWidget(_label(text("review", "heading").format(
            first=long_date(days[0]), last=long_date(days[-1])), bold=True))
        camera = data.summary.totals.camera_seconds
        self.content.addWidget(_label(text("review", "camera_total").format(
            time=duration(camera)) if camera > 0 else text("review", "camera_none")))
        self.content.addWidget(_label(text("review", "intro" if data.summary.sessions
                                           else "nothing")))
        chart = ChartWidget(220)
        style = ChartStyle.from_palette(self.palette())
        chart.set_renderer(lambda p, r: paint_week_bars(p, r, data.bars, style),
                           text("review", "chart_title"))
        self.content.addWidget(chart)
        for key, good in (("talk_heading", False), ("good_news_heading", True)):
            group = [card for card in data.items if card[0].good_news is good]
            if group:
                self.content.addWidget(_label(text("review", key), bold=True))
                for card in group:
                    self.content.addWidget(self._card(card))
        self.content.addWidget(self._notes(data.week_label))
        self.content.addStretch(1)

    def _card(self, item: Item) -> QFrame:
        _, prompt = item
        text = self.book.text
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(card)
        box.addWidget(_label(prompt.title, bold=True))
        box.addWidget(_label(prompt.observation))
        box.addWidget(_label(f"{text('review', 'question_label')} {prompt.question}",
                             italic=True))
        for key, line in (("parent_question_label", prompt.parent_question),
                          ("child_tip_label", prompt.child_tip),
                          ("parent_tip_label", prompt.parent_tip)):
            if line:
                heading = text("review", key).format(child=text("review", "child"))
                box.addWidget(_label(f"{heading} {line}"))
        box.addWidget(_label(text("review", "talk_step").format(step=prompt.talk_label)))
        if self.notes is not None:
            box.addWidget(self._highlight_editor(highlight_key(item[0])))
        return card

    def mark_reviewed(self) -> None:
        if self.data is None:
            return
        label = self.data.week_label
        self.reviewed.emit(label)
        if self.on_reviewed is not None:
            self.on_reviewed(label)
        self.reviewed_button.setText(self.book.text("review", "reviewed_done"))
        self.reviewed_button.setEnabled(False)

    def export(self, path: str, page_size: str = "A4") -> None:
        from familywatch.ui.exports import render_html, render_pdf

        data = self.data or self.load()
        tz = self.records.tz
        if path.lower().endswith(".pdf"):
            render_pdf(data.summary, data.items, tz, path, page_size=page_size, book=self.book,
                       rules=self.rules)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(render_html(data.summary, data.items, tz, book=self.book,
                                         rules=self.rules))

    def _export(self, kind: str) -> None:
        label = self.data.week_label if self.data else "week"
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(),
                                              f"familywatch-{label}.{kind}")
        if path:
            self.export(path)


def open_review(records: RecordSource, *, rules: Rules | None = None,
                on_reviewed: OnReviewed | None = None, on_note: OnNote | None = None,
                day: date | None = None, notes: NotesLike | None = None,
                parent: QWidget | None = None) -> ReviewWindow:
    """Build, load and show the review of the week holding `day` (default this week)."""
    window = ReviewWindow(records, rules=rules, on_reviewed=on_reviewed, on_note=on_note,
                          notes=notes, parent=parent)
    window.load(day)
    window.show()
    window.raise_()
    return window
