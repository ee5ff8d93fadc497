"""Notices from the monitor's threads, the visible countdown, the time left in words."""

from __future__ import annotations

import threading

from familywatch.ui.notify import QtNotifier
from familywatch.ui.tray_state import TrayInputs, tray_look
from familywatch.ui.wording import Wording
from tests.ui.sample_data import LONDON, Household


def test_a_warning_from_another_thread_shows_a_countdown(qtbot, words: Wording) -> None:
    notifier = QtNotifier(words, tray=None)
    worker = threading.Thread(target=lambda: notifier.notify(
        "FamilyWatch", "OBS Studio will be closed in 60 seconds.", countdown_seconds=60))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: notifier.countdown is not None)
    countdown = notifier.countdown
    assert countdown is not None
    qtbot.addWidget(countdown)
    assert countdown.isVisible()
    assert countdown.counter.text() == "60 seconds left"
    countdown.tick()
    assert countdown.counter.text() == "59 seconds left"
    assert countdown.timer.interval() == 1000 and countdown.timer.isActive()


def test_without_a_tray_a_reminder_is_an_on_top_notice(qtbot, words: Wording) -> None:
    notifier = QtNotifier(words, tray=None)
    notifier.notify("FamilyWatch", "Camera time ends in 5 minutes.")
    qtbot.waitUntil(lambda: bool(notifier.notices))
    notice = notifier.notices[0]
    assert notice.isVisible() and notice.text.text() == "Camera time ends in 5 minutes."
    assert notifier.countdown is None
    notice.close()


def test_the_tooltip_says_the_time_left_today(house: Household, words: Wording) -> None:
    look = tray_look(TrayInputs(house.live(), time_left_seconds=28 * 60), LONDON, words)
    first = look.tooltip.splitlines()[0]
    assert first.endswith("— 28 minutes left today")
    assert first.startswith("Camera in use by OBS Studio since ")
