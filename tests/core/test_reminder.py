"""next_reminder: the weekly review reminder in local wall time, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.reminder import DEFAULT_REVIEW_REMINDER, next_reminder, parse_reminder

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_the_default_is_sunday_evening() -> None:
    after = datetime(2025, 5, 6, 12, 0, tzinfo=UTC)  # a Tuesday
    due = next_reminder(after, DEFAULT_REVIEW_REMINDER, BERLIN)
    assert due.astimezone(BERLIN) == datetime(2025, 5, 11, 18, 0, tzinfo=BERLIN)
    assert due.tzinfo is UTC


def test_strictly_after_so_the_same_moment_gives_next_week() -> None:
    due = next_reminder(datetime(2025, 5, 11, 16, 0, tzinfo=UTC), "sun 18:00", BERLIN)
    assert due == datetime(2025, 5, 18, 16, 0, tzinfo=UTC)
    assert next_reminder(due - timedelta(seconds=1), "sun 18:00", BERLIN) == due


@pytest.mark.parametrize(("tz", "after", "expected_utc"), [
    # spring forward: Sunday 18:00 local is one hour earlier in UTC than the week before
    (BERLIN, datetime(2025, 3, 29, 12, tzinfo=UTC), datetime(2025, 3, 30, 16, tzinfo=UTC)),
    (NEW_YORK, datetime(2025, 3, 8, 12, tzinfo=UTC), datetime(2025, 3, 9, 22, tzinfo=UTC)),
    # fall back: one hour later in UTC
    (BERLIN, datetime(2025, 10, 25, 12, tzinfo=UTC), datetime(2025, 10, 26, 17, tzinfo=UTC)),
    (NEW_YORK, datetime(2025, 11, 1, 12, tzinfo=UTC), datetime(2025, 11, 2, 23, tzinfo=UTC)),
])
def test_local_time_holds_across_dst_changes(tz: ZoneInfo, after: datetime,
                                             expected_utc: datetime) -> None:
    due = next_reminder(after, "sun 18:00", tz)
    assert due == expected_utc
    assert due.astimezone(tz).hour == 18


def test_a_time_inside_the_spring_gap_is_due_when_the_gap_ends() -> None:
    due = next_reminder(datetime(2025, 3, 29, 12, tzinfo=UTC), "sun 02:30", BERLIN)
    assert due == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)  # 03:00 CEST, the end of the gap
    due = next_reminder(datetime(2025, 3, 8, 12, tzinfo=UTC), "sun 02:30", NEW_YORK)
    assert due == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 03:00 EDT


def test_a_time_that_happens_twice_is_due_the_first_time() -> None:
    due = next_reminder(datetime(2025, 10, 25, 12, tzinfo=UTC), "sun 02:30", BERLIN)
    assert due == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST
    again = next_reminder(due, "sun 02:30", BERLIN)
    assert again == datetime(2025, 11, 2, 1, 30, tzinfo=UTC)  # a week on, not an hour on


def test_every_weekday_and_spelling() -> None:
    after = datetime(2025, 5, 5, 0, 0, tzinfo=UTC)  # Monday 00:00
    days = [next_reminder(after, f"{d} 09:15", UTC).weekday()
            for d in ("Mon", "tuesday", "wed", "thu", "fri", "sat", "SUN")]
    assert days == [0, 1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("bad", ["", "sun", "funday 18:00", "sun 25:00", "sun 18:5",
                                 "sun 18:00 extra", "18:00 sun"])
def test_bad_settings_are_refused_in_words(bad: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_reminder(bad)
