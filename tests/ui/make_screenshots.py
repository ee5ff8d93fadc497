"""Render every window offscreen from the sample week into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_screenshots [FOLDER]

The same data as the UI tests (tests/ui/sample_data.py), with the family's camera
schedule set the way a parent sets it and read the way the tray app reads it (the
monitor's Enforcement), so Today and This week show the time left and the use outside
the hours. Also the family review, its PDF's first page (with pdftoppm, if installed)
and every tab of Parent settings. test_screenshots.py runs this into a temporary folder
so it keeps working. The real tray under Xvfb is tests/ui/real_tray_screenshot.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from familywatch.core.model import Kind
from familywatch.monitor.enforcement import Enforcement
from familywatch.monitor.parent import ParentControls
from familywatch.monitor.review_records import ReviewNotes
from familywatch.ui.review.notes import highlight_key
from familywatch.ui.review.window import open_review
from familywatch.ui.schedule_state import schedule_state
from familywatch.ui.tray import MenuActions, state_icon
from familywatch.ui.tray_state import TrayInputs, TrayState, tray_look
from familywatch.ui.windows.help import HelpWindow
from familywatch.ui.windows.status import StatusWindow
from familywatch.ui.windows.summary import SummaryWindow
from familywatch.ui.windows.what_recorded import WhatRecordedWindow
from familywatch.ui.wording import Wording, wording
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.parent_screenshots import parent_screenshots
from tests.ui.sample_data import (
    LONDON,
    SCHEDULE_SET_AT,
    SCHOOL_NIGHTS,
    Household,
    at,
    family_week,
    schedule_enforcement,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = ROOT / "docs" / "screenshots"
ICON_SIZES = (16, 22, 32, 48)
PANELS = (("light panel", QColor("#EDEDED")), ("dark panel", QColor("#2B2B2B")))


def save(widget: QWidget, path: Path) -> Path:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def fit_page(window: QWidget, page: QScrollArea, width: int, tallest: int = 1800) -> None:
    """Make `window` tall enough that `page` shows all of its content (up to `tallest`):
    the picture shows the whole page, not a scrolled slice. (A page without
    windows/pages.py's PageBody, like the review's, may still show a scroll bar: its
    minimum height is taken with wrapped labels at their narrowest.)"""
    window.resize(width, tallest)
    window.show()
    QApplication.processEvents()
    body = page.widget()
    assert body is not None
    parts = [child for child in body.children()
             if isinstance(child, QWidget) and child.isVisible()]
    bottom = max(child.geometry().bottom() + 1 for child in parts) + 14  # + the page's margin
    chrome = window.height() - page.viewport().height()
    window.resize(width, min(tallest, bottom + chrome))
    QApplication.processEvents()


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


def scheduled_family(scratch: Path) -> tuple[Household, ParentControls, Enforcement]:
    """The sample week with the family's schedule, set by a parent with the PIN on the
    Sunday before (so both are in the record), then evaluated at "now" by the monitor."""
    house = family_week(scratch, after_hours_call=True)
    now = house.clock.now()
    house.clock.jump((SCHEDULE_SET_AT - now).total_seconds())
    controls = parent_controls(house)
    controls.import_schedule(SCHOOL_NIGHTS, "schedule.toml", PIN)
    house.clock.jump((now - house.clock.now()).total_seconds())
    return house, controls, schedule_enforcement(house)


def summary_window(house: Household, enforcement: Enforcement, words: Wording
                   ) -> SummaryWindow:
    """Today / This week wired as TrayApp.show_summary wires it: notes, the rules in force,
    and the schedule state read from the monitor's enforcement."""
    monitor = SimpleNamespace(enforcement=enforcement)
    return SummaryWindow(house.records, house.live, words,
                         notes=ReviewNotes.for_records(house.records),  # type: ignore[arg-type]
                         rules=enforcement.settings.rules,
                         schedule=lambda: schedule_state(monitor, house.clock.now()))


def review_screenshots(house: Household, enforcement: Enforcement, folder: Path,
                       scratch: Path) -> list[Path]:
    """The family review with a few notes from both, and its PDF's first page."""
    notes = ReviewNotes.for_records(house.records)
    # As TrayApp.show_review does (ReviewNotes fits the window's protocols structurally
    # only at run time: its Note is frozen, mark_reviewed returns the Review).
    review = open_review(house.records, rules=enforcement.settings.rules(),
                         on_reviewed=notes.mark_reviewed, notes=notes)  # type: ignore[arg-type]
    assert review.data is not None
    first_highlight = highlight_key(review.data.items[0][0])
    grandma = next(s for s in (line.session for line in review.data.summary.sessions)
                   if s.kind is Kind.CAMERA and s.started_at == at(3, "17:00"))
    notes.add_note("I use OBS to stream my drawing to my friends from art club.",
                   author="child", highlight=first_highlight)
    notes.add_note("This was the call with Grandma.", author="parent", session=grandma.serial)
    notes.add_note("Let's look at who can watch the streams together on Saturday.",
                   author="parent", week=review.data.week_label)
    review.show_notes()
    scroll = review.findChild(QScrollArea)
    assert scroll is not None
    fit_page(review, scroll, 760)
    written = [save(review, folder / "review.png")]
    pdf = scratch / "review.pdf"
    review.export(str(pdf))
    review.close()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is not None:  # poppler-utils; without it the old page 1 stays
        page = folder / "report-page1"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(page)], check=True)
        written.append(page.with_suffix(".png"))
    return written


def make_screenshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    words = wording()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        house, controls, enforcement = scheduled_family(Path(scratch))
        try:
            summary = summary_window(house, enforcement, words)
            summary.show_tab(SummaryWindow.TODAY)
            fit_page(summary, summary.today, 820)
            written.append(save(summary, folder / "today.png"))
            summary.show_tab(SummaryWindow.WEEK)
            fit_page(summary, summary.week, 820)
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

            # As in the tray app with a parent PIN set: every entry available.
            status = StatusWindow(words, MenuActions(*(nothing,) * 5, review=nothing,
                                                     more_time=nothing,
                                                     parent_settings=nothing))
            state = schedule_state(SimpleNamespace(enforcement=enforcement), house.clock.now())
            status.show_look(tray_look(TrayInputs(house.live(), None, state.paused,
                                                  state.outside_schedule,
                                                  state.time_left_seconds), LONDON, words))
            written.append(save(status, folder / "status-window.png"))
            status.close()
            written += review_screenshots(house, enforcement, folder, Path(scratch))
            written += parent_screenshots(controls, Path(scratch), folder, words, save)
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
