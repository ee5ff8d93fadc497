"""Render every window offscreen from the sample week into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_screenshots [FOLDER]

The same data as the UI tests (tests/ui/sample_data.py); test_screenshots.py runs this
into a temporary folder so it keeps working.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from familywatch.ui.tray import MenuActions, state_icon
from familywatch.ui.tray_state import TrayInputs, TrayState, tray_look
from familywatch.ui.windows.help import HelpWindow
from familywatch.ui.windows.status import StatusWindow
from familywatch.ui.windows.summary import SummaryWindow
from familywatch.ui.windows.what_recorded import WhatRecordedWindow
from familywatch.ui.wording import Wording, wording
from tests.ui.parent_screenshots import parent_screenshots
from tests.ui.sample_data import LONDON, family_week

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = ROOT / "docs" / "screenshots"
ICON_SIZES = (16, 22, 32, 48)
PANELS = (("light panel", QColor("#EDEDED")), ("dark panel", QColor("#2B2B2B")))


def save(widget: QWidget, path: Path) -> Path:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def tray_icons_image(words: Wording) -> QImage:
    """Every tray state at tray sizes, on a light and on a dark panel, with its words."""
    row_h, label_w, cell_w = 64, 330, sum(ICON_SIZES) + 12 * len(ICON_SIZES) + 16
    width = label_w + cell_w * len(PANELS)
    image = QImage(width, row_h * (len(TrayState) + 1), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(painter.font())
    font.setPixelSize(14)
    painter.setFont(font)
    painter.setPen(QColor("#212121"))
    for p, (name, _colour) in enumerate(PANELS):
        painter.drawText(QRect(label_w + cell_w * p, 0, cell_w, row_h),
                         Qt.AlignmentFlag.AlignCenter, name)
    for r, state in enumerate(TrayState, start=1):
        top = row_h * r
        painter.setPen(QColor("#212121"))
        painter.drawText(QRect(12, top, label_w - 16, row_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         f"{state.value}\n{words(f'tray.headline.{state.value}')}")
        for p, (_, colour) in enumerate(PANELS):
            left = label_w + cell_w * p
            painter.fillRect(QRect(left, top + 4, cell_w - 8, row_h - 8), colour)
            x = left + 12
            for size in ICON_SIZES:
                pixmap = state_icon(state).pixmap(size, size)
                painter.drawPixmap(x, top + (row_h - size) // 2, pixmap)
                x += size + 12
    painter.end()
    return image


def make_screenshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    words = wording()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        house = family_week(Path(scratch))
        try:
            summary = SummaryWindow(house.records, house.live, words)
            summary.resize(820, 900)  # tall enough to show the whole page
            summary.show_tab(SummaryWindow.TODAY)
            written.append(save(summary, folder / "today.png"))
            summary.show_tab(SummaryWindow.WEEK)
            written.append(save(summary, folder / "week.png"))
            summary.close()

            # The folder shown is the usual one on Linux, not the scratch folder.
            what = WhatRecordedWindow(house.records, words,
                                      data_dir=Path("/home/sam/.local/share/familywatch"))
            what.show_window()
            written.append(save(what, folder / "what-is-recorded.png"))
            what.close()

            help_window = HelpWindow(words, data_dir=None)
            help_window.resize(720, 920)
            help_window.show_window()
            written.append(save(help_window, folder / "help.png"))
            help_window.close()

            def nothing() -> None:
                return None

            status = StatusWindow(words, MenuActions(nothing, nothing, nothing, nothing,
                                                     nothing))
            status.show_look(tray_look(TrayInputs(house.live()), LONDON, words))
            written.append(save(status, folder / "status-window.png"))
            status.close()
            written += parent_screenshots(house, Path(scratch), folder, words, save)
        finally:
            house.store.close()
    icons = folder / "tray-icons.png"
    tray_icons_image(words).save(str(icons))
    written.append(icons)
    app.processEvents()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    for path in make_screenshots(target):
        print(path)
