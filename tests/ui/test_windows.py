"""The windows, built from a real SQLite store, show what the records say."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtWidgets import QApplication

from familywatch.core.model import Kind
from familywatch.ui.chart_data import Span
from familywatch.ui.tray import MenuActions
from familywatch.ui.tray_state import TrayLook, TrayState
from familywatch.ui.windows.help import HelpWindow
from familywatch.ui.windows.pages import label_texts
from familywatch.ui.windows.status import StatusWindow
from familywatch.ui.windows.summary import REFRESH_EVERY_MS, SummaryWindow
from familywatch.ui.windows.what_recorded import (
    DEFAULT_RETENTION_DAYS,
    WhatRecordedWindow,
    fitted_widths,
    two_line_width,
)
from familywatch.ui.wording import Wording
from tests.ui.sample_data import ZOOM, Household, at


def test_today_shows_sentences_in_use_sessions_apps_and_gaps(qtbot, house: Household,
                                                             words: Wording) -> None:
    window = SummaryWindow(house.records, house.live, words)
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.TODAY)
    texts = label_texts(window.today)
    assert "Today, Wednesday 5 June" in texts
    assert "The camera was on for 1 hour and 29 minutes today." in texts
    assert "Camera: OBS Studio, since 19:02" in texts
    assert "Apps open now: Discord, OBS Studio" in texts
    assert "FamilyWatch wasn't running from 08:00 to 10:00 — it was closed." in texts
    assert window.today.sessions.table.cell_texts()[1] == ["16:05–16:47", "Camera", "Zoom",
                                                           "42 min"]
    assert [row[0] for row in window.today.apps.table.cell_texts()] == \
        ["Discord", "Zoom", "OBS Studio"]
    assert "Updated at 19:44." in texts
    # The chart's facts are there for screen readers too.
    assert "1 hour and 29 minutes" in window.today.timeline.accessibleDescription()


def test_this_week_shows_each_day(qtbot, house: Household, words: Wording) -> None:
    window = SummaryWindow(house.records, house.live, words)
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.WEEK)
    assert window.tabs.currentWidget() is window.week
    assert "This week the camera was on for 3 hours and 11 minutes in total." in \
        label_texts(window.week)
    rows = window.week.days.table.cell_texts()
    assert rows[1] == ["Tuesday 4 Jun", "1 h 07 min", "55 min"]
    assert len(rows) == 7
    image = window.week.bars.grab()
    assert image.width() > 300 and image.height() >= 230


def test_the_window_follows_the_records_and_refreshes_only_while_visible(
        qtbot, house: Household, words: Wording) -> None:
    window = SummaryWindow(house.records, house.live, words)
    qtbot.addWidget(window)
    window.records_changed()  # not shown: nothing to do, no timer running
    assert not window._every_30s.isActive() and not window._soon.isActive()
    window.show_tab(SummaryWindow.TODAY)
    assert window._every_30s.isActive() and window._every_30s.interval() == REFRESH_EVERY_MS

    run = house.run(at(5, "19:40"), None)
    house.use(run, Kind.CAMERA, ZOOM, "zoom", at(5, "19:40"), None, pid=5000)
    window.records_changed()
    qtbot.waitUntil(lambda: "Camera: Zoom, since 19:40" in label_texts(window.today))
    window.hide()
    assert not window._every_30s.isActive()


def test_a_read_error_is_shown_and_the_window_stays(qtbot, house: Household,
                                                    words: Wording) -> None:
    window = SummaryWindow(house.records, house.live, words)
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.TODAY)
    house.store.close()
    (house.data_dir / "fw.sqlite3").unlink()
    (house.data_dir / "fw.sqlite3").mkdir()  # the database file is gone: reading fails
    window.refresh()
    assert any(text.startswith("FamilyWatch couldn't read its records just now")
               for text in label_texts(window.today))


def test_what_is_recorded_lists_fields_place_time_and_the_newest_records(
        qtbot, house: Household, words: Wording) -> None:
    window = WhatRecordedWindow(house.records, words, data_dir=house.data_dir)
    qtbot.addWidget(window)
    window.show_window()
    text = window.text.toPlainText()
    for stored in ("The app's name and what kind of app it is", "The program's name and number",
                   "The program file", "The user", "The device", "Through",
                   "When it started, when it was last seen, and when it ended",
                   "How it ended", "The computer's name", "when it was running itself"):
        assert stored in text
    for never in ("No video", "No sound", "No screenshots", "No keystrokes", "No messages",
                  "No websites", "No window titles"):
        assert never in text
    assert str(house.data_dir) in text
    assert f"kept for {DEFAULT_RETENTION_DAYS} days" in text and "A parent can change this" in text
    assert "$" not in text and "<!--" not in text
    rows = window.table.cell_texts()
    assert len(rows) == 15
    assert rows[0][:5] == ["Microphone", "Discord", "video chat", "Discord", "4507"]
    assert rows[0][-3:] == ["still in use", "", "family-pc"]


def test_what_is_recorded_when_nothing_is(qtbot, empty_house: Household,
                                          words: Wording) -> None:
    window = WhatRecordedWindow(empty_house.records, words, data_dir=empty_house.data_dir,
                                retention_days=30)
    qtbot.addWidget(window)
    window.show_window()
    assert "kept for 30 days" in window.text.toPlainText()
    assert window.none.isVisible() and not window.table.isVisible()


def test_help_names_real_services_and_opens_links_only_when_clicked(
        qtbot, tmp_path: Path, words: Wording) -> None:
    opened: list[str] = []
    window = HelpWindow(words, data_dir=tmp_path,
                        open_link=lambda url: opened.append(url.toString()))
    qtbot.addWidget(window)
    window.show_window()
    text = window.text.toPlainText()
    for fact in ("It is not your fault", "Tell an adult you trust", "Childline", "0800 1111",
                 "Report Remove", "CEOP", "999", "Take It Down", "CyberTipline",
                 "1-800-843-5678", "NSPCC", "0808 800 5000", "Your local helpline"):
        assert fact in text, fact
    assert "Last checked" not in text and "netsmartz411" not in text  # reviewers' notes stay hidden
    links = window.markdown()
    for url in ("https://www.childline.org.uk/", "https://takeitdown.ncmec.org/",
                "https://report.cybertip.org/", "https://www.ceop.police.uk/Safety-Centre/"):
        assert url in links
    assert opened == []  # nothing is opened by showing the page
    window.text.anchorClicked.emit(QUrl("https://takeitdown.ncmec.org/"))
    window.text.anchorClicked.emit(QUrl("file:///etc/passwd"))  # not a web link: ignored
    assert opened == ["https://takeitdown.ncmec.org/"]


def test_a_family_can_write_its_own_local_helpline(qtbot, tmp_path: Path,
                                                  words: Wording) -> None:
    (tmp_path / "local-helpline.md").write_text(
        "## Your local helpline\n\nKids Helpline Australia: **1800 55 1800**\n", encoding="utf-8")
    window = HelpWindow(words, data_dir=tmp_path, open_link=lambda url: None)
    qtbot.addWidget(window)
    text = window.text.toPlainText()
    assert "1800 55 1800" in text and "No local helpline has been added yet" not in text


def test_the_week_bars_split_inside_and_outside_the_camera_hours(
        qtbot, house: Household, words: Wording) -> None:
    from familywatch.core.rules import CameraRule, Rules, WeekHours, Window

    evenings = WeekHours(tuple((Window(17 * 60, 19 * 60),) for _ in range(7)))
    window = SummaryWindow(house.records, house.live, words,
                           rules=lambda: Rules(camera=CameraRule(hours=evenings)))
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.WEEK)
    bars = {bar.label: bar for bar in window.shown_bars()}
    assert bars["Mon"].outside_minutes == 0 and bars["Mon"].inside_minutes == 35
    # Tuesday: Firefox 10:00-10:12 and Discord 19:00-19:05 were outside 17:00-19:00.
    assert round(bars["Tue"].outside_minutes) == 17
    assert round(bars["Tue"].total_minutes) == 67
    old = SummaryWindow(house.records, house.live, words)  # old callers: no split
    qtbot.addWidget(old)
    old.refresh()
    assert all(bar.outside_minutes == 0 for bar in old.shown_bars())


def test_today_says_the_time_left_and_the_parent_actions(
        qtbot, house: Household, words: Wording) -> None:
    from familywatch.ui.schedule_state import ScheduleState
    from tests.ui.parent_rig import parent_controls

    parent_controls(house)  # setting the PIN is a parent action, in the audit log
    window = SummaryWindow(house.records, house.live, words,
                           schedule=lambda: ScheduleState(True, time_left_seconds=28 * 60))
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.TODAY)
    assert window.today.schedule.texts() == ["28 minutes of camera time left."]
    assert window.today.parent_actions.texts() == ["19:44 A parent set the PIN"]
    assert not window.today.parent_actions.isHidden()


def test_today_without_a_schedule_or_an_audit_shows_neither(
        qtbot, house: Household, words: Wording) -> None:
    class PlainRecords:
        def __init__(self, records: object) -> None:
            self._records = records

        def __getattr__(self, name: str) -> object:
            if name == "parent_view":
                raise AttributeError(name)
            return getattr(self._records, name)

    window = SummaryWindow(PlainRecords(house.records), house.live, words)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.TODAY)
    assert window.today.schedule.isHidden() and window.today.parent_actions.isHidden()


def test_the_pages_scroll_only_when_their_content_is_taller(
        qtbot, house: Household, words: Wording) -> None:
    window = SummaryWindow(house.records, house.live, words)
    qtbot.addWidget(window)
    for tab, page in ((SummaryWindow.TODAY, window.today), (SummaryWindow.WEEK, window.week)):
        window.show_tab(tab)
        window.resize(820, 500)
        QApplication.processEvents()
        assert page.verticalScrollBar().maximum() > 0  # taller than 500 px: it scrolls
        content = page.widget().heightForWidth(page.maximumViewportSize().width())
        chrome = window.height() - page.viewport().height()
        window.resize(820, content + chrome + 2)  # room for everything, and no more
        QApplication.processEvents()
        assert page.verticalScrollBar().maximum() == 0, (tab, content)
        assert not page.verticalScrollBar().isVisible()
        last = page.updated  # the last line of the page is in view
        assert last.mapTo(page.viewport(), QPoint(0, last.height())).y() <= \
            page.viewport().height()


def test_the_status_window_keeps_each_line_on_one_line(qtbot, words: Wording) -> None:
    window = StatusWindow(words, MenuActions(*(lambda: None,) * 5))
    qtbot.addWidget(window)
    first = "Camera in use by OBS Studio since 19:02 — 16 minutes left today"
    window.show_look(TrayLook(TrayState.CAMERA_ON, "The camera is in use.",
                              f"{first}\nMicrophone in use by Discord since 19:03\n"
                              "FamilyWatch is recording."))
    window.show()
    QApplication.processEvents()
    detail = window.detail
    lines = detail.text().splitlines()
    assert lines[0] == first
    room = detail.contentsRect().width()
    assert all(detail.fontMetrics().horizontalAdvance(line) <= room for line in lines)
    # As high as with no limit on the width: "today" is not alone on a fourth line.
    assert detail.heightForWidth(detail.width()) == detail.heightForWidth(10_000)
    assert window.height() <= window.heightForWidth(window.width()) + 2  # no empty rows


def test_what_is_recorded_shows_every_column_without_sideways_scrolling(
        qtbot, house: Household, words: Wording) -> None:
    window = WhatRecordedWindow(house.records, words, data_dir=house.data_dir)
    qtbot.addWidget(window)
    window.show_window()  # the default size
    QApplication.processEvents()
    table = window.table
    assert table.columnCount() == 14 and table.horizontalScrollBar().maximum() == 0
    assert sum(map(table.columnWidth, range(14))) <= table.viewport().width()
    two_lines = 2 * table.fontMetrics().lineSpacing() + 12
    assert max(table.rowHeight(r) for r in range(table.rowCount())) <= two_lines
    window.resize(1800, 880)  # wide enough: one line each, at the columns' own widths
    QApplication.processEvents()
    assert max(table.rowHeight(r) for r in range(table.rowCount())) < two_lines - 8
    assert table.horizontalScrollBar().maximum() == 0


def test_fitted_widths_give_up_room_between_words_before_inside_them() -> None:
    natural, two_lines, least = [100, 200, 150], [100, 120, 90], [40, 60, 50]
    assert fitted_widths(natural, two_lines, least, 500) == natural  # it fits already
    assert fitted_widths(natural, two_lines, least, 400) == [100, 150, 150]
    assert fitted_widths(natural, two_lines, least, 300) == [90, 120, 90]
    assert fitted_widths(natural, two_lines, least, 100) == [40, 60, 50]  # the floors
    advance = lambda text: 6.5 * len(text) - 3 * text.count(":")  # noqa: E731 (":" is narrow)
    assert two_line_width("Wed 5 Jun 19:03", advance) == advance("Wed 5 Jun")  # not "Wed 5"
    assert two_line_width("the app stopped using it", len) == len("the app stopped")
    assert two_line_width("/usr/bin/zoom", len) == len("/usr/bin/zoom")


def test_today_shows_the_camera_hours_behind_the_sessions(
        qtbot, house: Household, words: Wording) -> None:
    from familywatch.core.rules import CameraRule, Rules, WeekHours, Window

    evenings = WeekHours(tuple((Window(16 * 60, 20 * 60),) for _ in range(7)))
    window = SummaryWindow(house.records, house.live, words,
                           rules=lambda: Rules(camera=CameraRule(hours=evenings)))
    qtbot.addWidget(window)
    window.show_tab(SummaryWindow.TODAY)
    timeline = window.shown_timeline()
    assert timeline is not None and timeline.camera_hours == (Span(16 * 60, 20 * 60),)
    camera = next(lane for lane in timeline.lanes if lane.label == "Camera")
    inside = {span.label: timeline.in_camera_hours(span.start) for span in camera.spans}
    assert inside == {"Firefox": False, "Zoom": True, "OBS Studio": True}  # 11:15 was not
    plain = SummaryWindow(house.records, house.live, words)  # no schedule: no band
    qtbot.addWidget(plain)
    plain.refresh()
    plain_line = plain.shown_timeline()
    assert plain_line is not None and plain_line.camera_hours is None
    assert plain_line.in_camera_hours(17 * 60 + 30) is None
