"""Notes from the review and Today windows, saved into a real SQLite store and listed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from familywatch.monitor.review_records import ReviewNotes
from familywatch.ui.review.notes import highlight_key
from familywatch.ui.review.window import ReviewWindow
from familywatch.ui.windows.summary import SummaryWindow
from familywatch.ui.wording import wording
from tests.ui.sample_data import Household


def _review(house: Household, qtbot: QtBot, notes: ReviewNotes) -> ReviewWindow:
    window = ReviewWindow(house.records, notes=notes)
    qtbot.addWidget(window)
    window.load()
    return window


def test_highlight_and_session_notes_are_listed_with_their_author(
        house: Household, qtbot: QtBot) -> None:
    notes = ReviewNotes.for_records(house.records)
    # A session note, from the Today window: select the first camera/microphone row.
    summary = SummaryWindow(house.records, lambda: (), wording(), notes=notes)
    qtbot.addWidget(summary)
    summary.refresh()
    assert not summary.note_button.isEnabled()
    summary.today.sessions.table.selectRow(0)
    assert summary.note_button.isEnabled()
    row_id = summary.selected_session()
    assert row_id is not None
    summary.author_choice.setCurrentIndex(1)  # Parent
    assert summary.add_session_note(row_id, "Zoom with Grandma, lovely.")

    window = _review(house, qtbot, notes)
    data = window.data
    assert data is not None and data.items
    found, prompt = data.items[0]
    key = highlight_key(found)
    window.author_choice.setCurrentIndex(0)  # Child
    editor, _ = window.note_editors[key]
    editor.setPlainText("OBS is for my drawing streams.")
    window.add_highlight_note(key)

    stored = notes.notes_for_week(data.week_label)
    assert [(n.author, n.target_kind) for n in stored] == [("parent", "session"),
                                                          ("child", "highlight")]
    assert stored[1].target_id == key
    assert stored[0].target_id == str(row_id)
    lines = [label.text() for label in _note_labels(window)]
    assert any(line.startswith("Parent,") and "Zoom with Grandma" in line for line in lines)
    assert any(line.startswith("Child,") and prompt.title in line
               and "OBS is for my drawing" in line for line in lines)
    summary.close()
    window.close()


def test_week_note_is_saved_and_listed(house: Household, qtbot: QtBot) -> None:
    notes = ReviewNotes.for_records(house.records)
    window = _review(house, qtbot, notes)
    window.author_choice.setCurrentIndex(1)
    window.notes_edit.setPlainText("We agreed on streams at weekends.")
    window._save_note("2024-W23")
    stored = notes.notes_for_week("2024-W23")
    assert [(n.author, n.target_kind, n.text) for n in stored] == [
        ("parent", "week", "We agreed on streams at weekends.")]
    assert any("the week" in label.text() for label in _note_labels(window))
    window.close()


def test_empty_note_is_refused_with_a_message(house: Household, qtbot: QtBot) -> None:
    notes = ReviewNotes.for_records(house.records)
    window = _review(house, qtbot, notes)
    assert window.data is not None
    key = highlight_key(window.data.items[0][0])
    editor, message = window.note_editors[key]
    editor.setPlainText("   ")
    assert not window.add_highlight_note(key)
    assert not message.isHidden() and "empty note" in message.text()
    window.notes_edit.setPlainText("")
    window._save_note(window.data.week_label)
    assert not window.notes_message.isHidden()

    summary = SummaryWindow(house.records, lambda: (), wording(), notes=notes)
    qtbot.addWidget(summary)
    summary.refresh()
    summary.today.sessions.table.selectRow(0)
    row_id = summary.selected_session()
    assert row_id is not None
    assert not summary.add_session_note(row_id, "")
    assert "empty note" in summary.note_message.text()
    assert notes.notes_for_week(window.data.week_label) == []
    window.close()
    summary.close()


def test_summary_window_without_notes_has_no_button(house: Household, qtbot: QtBot) -> None:
    summary = SummaryWindow(house.records, lambda: (), wording())
    qtbot.addWidget(summary)
    summary.refresh()
    assert not hasattr(summary, "note_button")


def _note_labels(window: ReviewWindow):  # type: ignore[no-untyped-def]
    layout = window.notes_list
    return [layout.itemAt(i).widget() for i in range(layout.count())]
