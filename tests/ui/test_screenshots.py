"""The screenshot scripts keep working (docs/screenshots/ is made with them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from familywatch.ui.parent.settings_window import ParentSettingsWindow
from familywatch.ui.wording import Wording
from tests.ui.make_screenshots import make_screenshots, scheduled_family, summary_window
from tests.ui.parent_rig import PIN, parent_controls
from tests.ui.parent_screenshots import family_apps, tab_file_name
from tests.ui.real_tray_screenshot import missing_tools, real_tray_screenshots
from tests.ui.sample_data import Household

EXPECTED = {"today.png", "week.png", "what-is-recorded.png", "help.png", "status-window.png",
            "review.png", "tray-icons.png", "parent-settings.png", "pin-dialog.png",
            "ask-for-more-time.png", "countdown.png", "first-run.png", "first-run-schedule.png",
            "first-run-read-together.png"}
SMALL = {"pin-dialog.png", "countdown.png", "ask-for-more-time.png",  # dialogs
         "status-window.png"}  # as tall as its lines: about 220 px
ROOT = Path(__file__).resolve().parents[2]


def test_every_picture_the_readme_shows_exists() -> None:
    shown = set(re.findall(r"\((docs/screenshots/[^)]+\.png)\)",
                           (ROOT / "README.md").read_text(encoding="utf-8")))
    assert {"docs/screenshots/today.png", "docs/screenshots/tray-real.png"} <= shown
    assert [path for path in sorted(shown) if not (ROOT / path).is_file()] == []


def test_every_window_and_every_parent_settings_tab_is_rendered(
        tmp_path: Path, house: Household, words: Wording, qtbot: QtBot) -> None:
    controls = parent_controls(house)
    settings = ParentSettingsWindow(controls, PIN, words,
                                    family=family_apps(controls, tmp_path / "family"))
    qtbot.addWidget(settings)
    tabs = {tab_file_name(settings.tabs.tabText(i)) for i in range(settings.tabs.count())}
    expected = EXPECTED | tabs | ({"report-page1.png"} if shutil.which("pdftoppm") else set())

    written = make_screenshots(tmp_path / "shots")

    assert {path.name for path in written} == expected
    assert "parent-settings-requests.png" in tabs and len(tabs) >= 4
    for path in written:
        image = QImage(str(path))
        least = 100 if path.name in SMALL else 300
        assert not image.isNull() and image.width() >= 380 and image.height() >= least, path.name


def test_the_family_schedule_splits_the_week_and_says_the_time_left(
        tmp_path: Path, words: Wording, qtbot: QtBot) -> None:
    house, _controls, enforcement = scheduled_family(tmp_path)
    try:
        window = summary_window(house, enforcement, words)
        qtbot.addWidget(window)
        window.refresh()
        bars = {bar.label: bar for bar in window.shown_bars()}
        # Tuesday 10:00-10:12 and 20:15-20:55, Wednesday 11:15-11:20: outside 16:00-20:00.
        assert bars["Tue"].outside_minutes == pytest.approx(52)
        assert bars["Wed"].outside_minutes == pytest.approx(5)
        assert bars["Mon"].outside_minutes == 0
        # 19:44 now, the camera hours end at 20:00 (the 120-minute budget is further off).
        assert window.today.schedule.texts() == [
            words("summary.schedule_time_left", time=words.duration(16 * 60))]
    finally:
        house.store.close()


@pytest.mark.slow
@pytest.mark.skipif(bool(missing_tools()), reason=f"needs {missing_tools()}")
def test_the_real_tray_shows_the_camera_icon_its_tooltip_and_its_menu(tmp_path: Path) -> None:
    tooltip, menu = real_tray_screenshots(tmp_path)

    icon_red = QColor("#B71C1C")  # resources/icons/tray-camera-on.svg
    for path in (tooltip, menu):
        image = QImage(str(path))
        corner = [image.pixelColor(x, y) for x in range(image.width() - 32, image.width())
                  for y in range(0, 8)]  # the top of the icon shows even with the menu open
        assert any(abs(c.red() - icon_red.red()) < 20 and abs(c.green() - icon_red.green()) < 20
                   and abs(c.blue() - icon_red.blue()) < 20 for c in corner), \
            f"no camera-on icon in {path.name}"
    tooltip_image = QImage(str(tooltip))
    pale = [tooltip_image.pixelColor(x, 50) for x in range(0, tooltip_image.width(), 4)]
    assert sum(c.lightness() > 200 for c in pale) > 20, "no tooltip under the icon"
