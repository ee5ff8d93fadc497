"""The notes part of the review window: the week's notes, "Add a note" under each
highlight, and "Whose note?" (see ReviewWindow in window.py, which mixes this in).

With `notes` (a ReviewNotes, see review/notes.py) notes are listed and stored; without
it, the older `on_note(week_label, text)` hook is called.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.prompts import PromptBook
from familywatch.core.timefmt import clock_time
from familywatch.ui.review.data import ReviewData
from familywatch.ui.review.notes import AUTHORS, NoteLike, NotesLike, highlight_key
from familywatch.ui.sources import RecordSource
from familywatch.ui.tray_state import app_name
from familywatch.ui.widgets import clear_layout
from familywatch.ui.wording import wording

OnNote = Callable[[str, str], object]  # (week label, text); what it returns is not used


def _label(text: str, bold: bool = False, italic: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(bold)
    font.setItalic(italic)
    label.setFont(font)
    return label


class ReviewNotesMixin:
    """Notes methods of ReviewWindow; they use the window's attributes below."""

    records: RecordSource
    book: PromptBook
    data: ReviewData | None
    notes: NotesLike | None
    on_note: OnNote | None
    note_editors: dict[str, tuple[QPlainTextEdit, QLabel]]

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
        editor.hide()
        save.hide()

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

    def _store_note(self, typed: str, message: QLabel, highlight: str | None = None) -> bool:
        """Store a note on the week, or on `highlight` (its key) when given."""
        if self.notes is None or self.data is None:
            return False
        if not typed.strip():
            message.setText(self.book.text("review", "note_empty"))
            message.show()
            return False
        try:
            self.notes.add_note(typed, author=self.author(), week=self.data.week_label,
                                highlight=highlight)
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
        clear_layout(self.notes_list)
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
