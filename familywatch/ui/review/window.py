"""The weekly "Family review" window: the week's chart, highlights and prompts.

Read together by parent and child (no PIN). "We reviewed this week together" calls
`on_reviewed(week_label)`; storing that date is another part's job (inject it).
NOTES PLUG IN HERE: `on_note(week_label, text)` receives a note typed in the notes
box; until a notes store exists (pass None) the box says notes come later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
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
from familywatch.ui.sources import RecordSource
from familywatch.ui.viewmodels import long_date

OnReviewed = Callable[[str], None]
OnNote = Callable[[str, str], None]


def _label(text: str, bold: bool = False, italic: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(bold)
    font.setItalic(italic)
    label.setFont(font)
    return label


class ReviewWindow(QWidget):
    reviewed = Signal(str)  # the week label, e.g. "2024-W23"

    def __init__(self, records: RecordSource, *, rules: Rules | None = None,
                 on_reviewed: OnReviewed | None = None, on_note: OnNote | None = None,
                 book: PromptBook | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records, self.rules = records, rules
        self.on_reviewed, self.on_note = on_reviewed, on_note
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
        while self.content.count():
            item = self.content.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
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
            group = [item for item in data.items if item[0].good_news is good]
            if group:
                self.content.addWidget(_label(text("review", key), bold=True))
                for item in group:
                    self.content.addWidget(self._card(item))
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
        return card

    def _notes(self, week_label: str) -> QWidget:
        """Where notes plug in: `on_note(week_label, text)`; None until notes are stored."""
        text = self.book.text
        box = QFrame()
        layout = QVBoxLayout(box)
        layout.addWidget(_label(text("review", "notes_heading"), bold=True))
        if self.on_note is None:
            layout.addWidget(_label(text("review", "notes_soon")))
            return box
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(text("review", "notes_placeholder"))
        self.notes_edit.setMaximumHeight(90)
        save = QPushButton(text("review", "notes_save"))
        self.notes_list = QVBoxLayout()
        layout.addLayout(self.notes_list)
        save.clicked.connect(lambda: self._save_note(week_label))
        layout.addWidget(self.notes_edit)
        layout.addWidget(save)
        return box

    def _save_note(self, week_label: str) -> None:
        note, typed = self.on_note, self.notes_edit.toPlainText().strip()
        if note is None or not typed:
            return
        try:
            note(week_label, typed)
        except ValueError as error:  # refused (e.g. too long): say why, keep the text
            self.notes_list.addWidget(_label(str(error)))
            return
        self.notes_list.addWidget(_label(f"\u2022 {typed}"))  # shown at once, kept in the record
        self.notes_edit.clear()

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
                day: date | None = None, parent: QWidget | None = None) -> ReviewWindow:
    """Build, load and show the review of the week holding `day` (default this week)."""
    window = ReviewWindow(records, rules=rules, on_reviewed=on_reviewed, on_note=on_note,
                          parent=parent)
    window.load(day)
    window.show()
    window.raise_()
    return window
