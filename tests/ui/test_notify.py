"""Notices from the monitor's threads, the visible countdown, the time left in words."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from familywatch.core.clock import ManualClock
from familywatch.core.model import Kind, Session
from familywatch.monitor.enforcement import Enforcement
from familywatch.store import open_store
from familywatch.ui.notify import QtNotifier
from familywatch.ui.tray_state import TrayInputs, tray_look
from familywatch.ui.wording import Wording
from tests.monitor.conftest import HOST, ZOOM, Closings
from tests.ui.sample_data import LONDON, Household


def test_a_warning_from_another_thread_shows_a_countdown(qtbot, words: Wording) -> None:
    notifier = QtNotifier(words, tray=None)
    worker = threading.Thread(target=lambda: notifier.notify(
        "FamilyWatch", "OBS Studio will be closed when the countdown ends.",
        countdown_seconds=2))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: notifier.countdown is not None)
    countdown = notifier.countdown
    assert countdown is not None
    qtbot.addWidget(countdown)
    assert countdown.isVisible()
    assert countdown.message.text() == "OBS Studio will be closed when the countdown ends."
    assert countdown.counter.text() == "2 seconds left"
    assert countdown.timer.interval() == 1000 and countdown.timer.isActive()
    countdown.tick()
    assert countdown.counter.text() == "1 second left"
    countdown.tick()
    assert countdown.counter.text() == "Time is up." and not countdown.timer.isActive()


def test_the_close_warning_of_enforcement_shows_its_seconds_only_on_the_live_counter(
        qtbot, words: Wording, tmp_path: Path) -> None:
    """The real notice: its message has no fixed number that the counter would contradict."""
    store = open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}")
    store.put_settings({"schedule": 'version = 1\n[camera]\naction = "close"\n'
                                    'grace_seconds = 45\nhours = { everyday = ["16:00-20:00"] }\n'})
    clock = ManualClock(datetime(2025, 5, 6, 21, 0, tzinfo=UTC))
    notifier = QtNotifier(words, tray=None)
    enforcement = Enforcement(store, store, store, clock, UTC, HOST, notifier,
                              Closings())  # type: ignore[arg-type]
    enforcement.refresh()
    enforcement.check([Session(100, Kind.CAMERA, 4321, "zoom", clock.now(), clock.now(),
                               app=ZOOM, host=HOST)])
    qtbot.waitUntil(lambda: notifier.countdown is not None)
    countdown = notifier.countdown
    assert countdown is not None
    qtbot.addWidget(countdown)
    assert countdown.message.text() == \
        "Camera time is over for today. Zoom will be closed when the countdown ends."
    assert countdown.counter.text() == "45 seconds left"
    countdown.tick()
    assert countdown.counter.text() == "44 seconds left"
    store.close()


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
