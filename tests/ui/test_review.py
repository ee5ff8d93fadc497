"""The review window, built from a real SQLite week (tests/ui/sample_data.py)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from familywatch.core.highlights import HighlightKind
from familywatch.ui.review.window import ReviewWindow, open_review
from tests.ui.sample_data import Household


def test_review_shows_highlights_and_reports_reviewed(house: Household, qtbot: QtBot) -> None:
    seen: list[str] = []
    window = open_review(house.records, on_reviewed=seen.append)
    qtbot.addWidget(window)  # closed and deleted before QApplication goes away
    data = window.data
    assert data is not None and data.week_label == "2024-W23"
    kinds = [h.kind for h, _ in data.items]
    assert HighlightKind.CAMERA_WITH_STREAMING in kinds  # OBS holds the camera now
    assert HighlightKind.NEW_STREAMING_APP in kinds
    signalled: list[str] = []
    window.reviewed.connect(signalled.append)
    window.mark_reviewed()
    assert seen == ["2024-W23"] == signalled
    assert not window.reviewed_button.isEnabled()
    window.close()


def test_notes_hook_receives_the_note(house: Household, qtbot: QtBot) -> None:
    notes: list[tuple[str, str]] = []
    window = ReviewWindow(house.records, on_note=lambda week, text: notes.append((week, text)))
    qtbot.addWidget(window)
    window.load()
    window.notes_edit.setPlainText("Sam showed us OBS.")
    from PySide6.QtWidgets import QPushButton
    save = next(b for b in window.findChildren(QPushButton) if b.text() == "Save our note")
    save.click()
    assert notes == [("2024-W23", "Sam showed us OBS.")]


def test_empty_week_is_calm(empty_house: Household, qtbot: QtBot) -> None:
    window = ReviewWindow(empty_house.records)
    qtbot.addWidget(window)
    data = window.load()
    assert data.items == ()
