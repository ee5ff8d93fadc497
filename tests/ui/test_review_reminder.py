"""The weekly review reminder: once per due time, across restarts and sleeps, DST-safe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from familywatch.ui.review_reminder import ReviewReminder

LONDON = ZoneInfo("Europe/London")


def make(tmp_path: Path, shown: list[str], setting: str = "sun 18:00") -> ReviewReminder:
    return ReviewReminder(tmp_path, LONDON, lambda title, text: shown.append(title),
                          lambda: setting)


def test_first_start_does_not_nag_then_sunday_evening_reminds_once(tmp_path: Path) -> None:
    shown: list[str] = []
    friday = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    reminder = make(tmp_path, shown)
    assert reminder.check(friday) is False and shown == []
    assert reminder.check(datetime(2026, 11, 22, 17, 59, tzinfo=UTC)) is False
    assert reminder.check(datetime(2026, 11, 22, 18, 0, 30, tzinfo=UTC)) is True
    assert reminder.check(datetime(2026, 11, 22, 18, 1, tzinfo=UTC)) is False  # once
    assert shown == ["Family review"]


def test_a_reminder_due_while_off_or_asleep_is_shown_at_the_next_start(tmp_path: Path) -> None:
    shown: list[str] = []
    make(tmp_path, shown).check(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    # the computer was off all weekend; a new process (restart) checks on Monday
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert make(tmp_path, shown).check(monday) is True
    assert make(tmp_path, shown).check(monday + timedelta(hours=1)) is False
    assert shown == ["Family review"]


def test_local_time_holds_across_the_clock_change(tmp_path: Path) -> None:
    shown: list[str] = []
    reminder = make(tmp_path, shown)
    reminder.check(datetime(2026, 3, 27, 12, 0, tzinfo=UTC))  # Friday before spring forward
    # Sunday 29 March 18:00 in London is 17:00 UTC (BST)
    assert reminder.check(datetime(2026, 3, 29, 16, 59, tzinfo=UTC)) is False
    assert reminder.check(datetime(2026, 3, 29, 17, 0, 1, tzinfo=UTC)) is True
