"""The screenshot script keeps working (docs/screenshots/ is made with it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from tests.ui.make_screenshots import make_screenshots

EXPECTED = {"today.png", "week.png", "what-is-recorded.png", "help.png", "status-window.png",
            "tray-icons.png", "parent-settings.png", "parent-requests.png", "pin-dialog.png",
            "ask-for-more-time.png", "countdown.png", "first-run.png", "first-run-schedule.png",
            "first-run-read-together.png"}
SMALL = {"pin-dialog.png", "countdown.png", "ask-for-more-time.png"}  # dialogs


def test_every_window_is_rendered(tmp_path: Path) -> None:
    written = make_screenshots(tmp_path)
    assert {path.name for path in written} == EXPECTED
    for path in written:
        image = QImage(str(path))
        least = 100 if path.name in SMALL else 300
        assert not image.isNull() and image.width() >= 380 and image.height() >= least, path.name
