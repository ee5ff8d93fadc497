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

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from familywatch.core.timefmt import clock_time, duration
from familywatch.ui.charts import ChartStyle, ChartWidget, paint_week_bars
from familywatch.ui.review.data import Item, ReviewData, build_review, prompt_book
from familywatch.ui.review.notes import AUTHORS, NoteLike, NotesLike, highlight_key
from familywatch.ui.sources import RecordSource
from familywatch.ui.tray_state import app_name
from familywatch.ui.viewmodels import long_date
from familywatch.ui.wording import wording

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
        while self.content.count():
            item = self.content.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()  # gone at once, even before the event loop deletes it
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
        if self.notes is not None:
            box.addWidget(self._highlight_editor(highlight_key(item[0])))
        return card

    def _highlight_editor(self, key: str) -> QWidget:
        """"Add a note" opens a small editor under the highlight; "Save" keeps the note."""
        text = self.book.text
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        open_button = QPushButton(text("review", "note_add"))
        open_button.setObjectName(f"add-note:{key}")
        editor = QPlainTextEdit()
        editor.setPlaceholderText(text("review", "note_highlight_placeholder"))
        editor.setMaximumHeight(70)
        save = QPushButton(text("review", "note_highlight_save"))
        save.setObjectName(f"save-note:{key}")
        message = _label("")
        message.hide()
        for widget in (editor, save):
            widget.hide()

        def show_editor() -> None:
            editor.show()
            save.show()
            open_button.hide()
            editor.setFocus()

        open_button.clicked.connect(show_editor)
        save.clicked.connect(lambda: self.add_highlight_note(key))
        for widget in (open_button, editor, save, message):
            layout.addWidget(widget)
        self.note_editors[key] = (editor, message)
        return holder

    def author(self) -> str:
        """Whose note a new note is: the "Whose note?" choice."""
        choice = getattr(self, "author_choice", None)
        return AUTHORS[choice.currentIndex()] if choice is not None else AUTHORS[0]

    def add_highlight_note(self, key: str, typed: str | None = None) -> bool:
        """Save the note on highlight `key` (the editor's text unless `typed`)."""
        editor, message = self.note_editors[key]
        if typed is None:
            typed = editor.toPlainText()
        if self._store_note(typed, message, highlight=key):
            editor.clear()
            return True
        return False

    def _store_note(self, typed: str, message: QLabel, **target: str) -> bool:
        if self.notes is None or self.data is None:
            return False
        if not typed.strip():
            message.setText(self.book.text("review", "note_empty"))
            message.show()
            return False
        try:
            self.notes.add_note(typed, author=self.author(), week=self.data.week_label,
                                **target)
        except ValueError as error:  # refused (e.g. too long): say why, keep the text
            message.setText(self.book.text("review", "note_refused").format(reason=error))
            message.show()
            return False
        message.hide()
        self.show_notes()
        return True

    def describe(self, note: NoteLike) -> str:
        """What a note is about, in words: the week, a highlight's title, or a session."""
        text = self.book.text
        if note.target_kind == "highlight" and self.data is not None:
            for found, prompt in self.data.items:
                if highlight_key(found) == note.target_id:
                    return prompt.title
            return text("review", "note_about_highlight")
        if note.target_kind == "session" and self.data is not None:
            words = wording()
            for line in self.data.summary.sessions:
                s = line.session
                if str(s.serial) == note.target_id:
                    when = s.started_at.astimezone(self.records.tz)
                    return f"{words(f'kind.{s.kind.value}')}, {app_name(s, words)}, " \
                        f"{when:%a} {clock_time(s.started_at, self.records.tz)}"
            return text("review", "note_about_session")
        return text("review", "note_about_week")

    def show_notes(self) -> None:
        """List the week's notes, oldest first: who, when, about what, and the text."""
        if self.notes is None or self.data is None or not hasattr(self, "notes_list"):
            return
        text = self.book.text
        while self.notes_list.count():
            item = self.notes_list.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()  # gone at once, even before the event loop deletes it
                widget.deleteLater()
        self.listed = list(self.notes.notes_for_week(self.data.week_label))
        if not self.listed:
            self.notes_list.addWidget(_label(text("review", "notes_none"), italic=True))
        tz = self.records.tz
        for note in self.listed:
            at = note.at.astimezone(tz)
            line = text("review", "note_line").format(
                author=text("review", f"author_{note.author}"),
                when=f"{at:%a} {clock_time(note.at, tz)}", about=self.describe(note),
                text=note.text)
            self.notes_list.addWidget(_label(line))

    def _notes(self, week_label: str) -> QWidget:
        """Where notes plug in: `on_note(week_label, text)`; None until notes are stored."""
        text = self.book.text
        box = QFrame()
        layout = QVBoxLayout(box)
        layout.addWidget(_label(text("review", "notes_heading"), bold=True))
        if self.on_note is None and self.notes is None:
            layout.addWidget(_label(text("review", "notes_soon")))
            return box
        self.notes_list = QVBoxLayout()
        layout.addLayout(self.notes_list)
        if self.notes is not None:
            whose = QHBoxLayout()
            whose.addWidget(QLabel(text("review", "note_whose")))
            self.author_choice = QComboBox()
            self.author_choice.addItems([text("review", f"author_{a}") for a in AUTHORS])
            whose.addWidget(self.author_choice)
            whose.addStretch(1)
            layout.addLayout(whose)
        self.notes_message = _label("")
        self.notes_message.hide()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(text("review", "notes_placeholder"))
        self.notes_edit.setMaximumHeight(90)
        save = QPushButton(text("review", "notes_save"))
        save.clicked.connect(lambda: self._save_note(week_label))
        layout.addWidget(self.notes_edit)
        layout.addWidget(save)
        layout.addWidget(self.notes_message)
        self.show_notes()
        return box

    def _save_note(self, week_label: str) -> None:
        if self.notes is not None:
            if self._store_note(self.notes_edit.toPlainText(), self.notes_message):
                self.notes_edit.clear()
            return
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
                day: date | None = None, notes: NotesLike | None = None,
                parent: QWidget | None = None) -> ReviewWindow:
    """Build, load and show the review of the week holding `day` (default this week)."""
    window = ReviewWindow(records, rules=rules, on_reviewed=on_reviewed, on_note=on_note,
                          notes=notes, parent=parent)
    window.load(day)
    window.show()
    window.raise_()
    return window
