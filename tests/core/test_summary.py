"""Summaries over local days and weeks, DST included, and gaps between monitor runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.model import AppInfo, Category, EndReason, Kind, MonitorRun, Session
from familywatch.core.summary import (
    FIRST_DAY,
    LAST_DAY,
    DayOutOfRange,
    day_period,
    gaps_between_runs,
    showable_day,
    summarize,
    union_seconds,
    week_period,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
OBS = AppInfo("obs-studio", "OBS Studio", Category.STREAMING)


def session(serial: int, kind: Kind, start: datetime, minutes: float | None,
            app: AppInfo | None = None, pid: int = 10) -> Session:
    start = start.astimezone(UTC)  # real elapsed minutes, not wall-clock arithmetic
    end = None if minutes is None else start + timedelta(minutes=minutes)
    return Session(serial, kind, pid, "obs", start.astimezone(UTC),
                   (end or start).astimezone(UTC), app=app, ended_at=end and end.astimezone(UTC),
                   ended_by=None if end is None else EndReason.CLOSED)


def test_week_is_monday_to_monday_local() -> None:
    week = week_period(date(2026, 11, 26), LONDON)  # a Thursday
    assert week.start == datetime(2026, 11, 23, tzinfo=LONDON)
    assert week.start.tzinfo is UTC
    assert week.end == datetime(2026, 11, 30, tzinfo=LONDON)
    assert week.label == "2026-W48"
    assert len(week.days()) == 7


def test_dst_days_last_23_and_25_hours() -> None:
    spring = day_period(date(2026, 3, 29), LONDON)
    autumn = day_period(date(2026, 10, 25), LONDON)
    assert spring.end - spring.start == timedelta(hours=23)
    assert autumn.end - autumn.start == timedelta(hours=25)
    ny_spring = day_period(date(2026, 3, 8), NEW_YORK)
    assert ny_spring.end - ny_spring.start == timedelta(hours=23)


def test_session_across_midnight_counts_on_both_days() -> None:
    start = datetime(2026, 11, 24, 23, 30, tzinfo=LONDON)
    s = session(1, Kind.CAMERA, start, 45)
    week = week_period(start.date(), LONDON)
    summary = summarize([s], [], week, now=start + timedelta(days=3), tz=LONDON)
    per_day = {d.day: d.totals.camera_seconds for d in summary.days}
    assert per_day[date(2026, 11, 24)] == 30 * 60
    assert per_day[date(2026, 11, 25)] == 15 * 60
    assert summary.totals.camera_seconds == 45 * 60


def test_overlapping_sessions_of_one_kind_count_once() -> None:
    start = datetime(2026, 11, 24, 18, 0, tzinfo=LONDON)
    sessions = [session(1, Kind.CAMERA, start, 30, pid=1),
                session(2, Kind.CAMERA, start + timedelta(minutes=20), 30, pid=2),
                session(3, Kind.MICROPHONE, start, 10)]
    summary = summarize(sessions, [], day_period(start.date(), LONDON),
                        now=start + timedelta(hours=5), tz=LONDON)
    assert summary.totals.camera_seconds == 50 * 60
    assert summary.totals.microphone_seconds == 10 * 60
    assert [line.seconds for line in summary.sessions] == [1800, 600, 1800]


def test_open_session_counts_up_to_now_and_apps_are_grouped() -> None:
    start = datetime(2026, 11, 24, 17, 0, tzinfo=LONDON)
    sessions = [session(1, Kind.APP, start, None, app=OBS, pid=5),
                session(2, Kind.APP, start - timedelta(hours=2), 15, app=OBS, pid=4)]
    now = start + timedelta(minutes=40)
    summary = summarize(sessions, [], day_period(start.date(), LONDON), now=now, tz=LONDON)
    [obs] = summary.apps
    assert (obs.app.app_id, obs.seconds, obs.sessions) == ("obs-studio", 55 * 60, 2)
    assert summary.days[0].apps == {"obs-studio": 55 * 60}


def test_dst_fall_back_evening_is_counted_in_real_seconds() -> None:
    # 00:30 to 02:30 local on the day clocks go back: three real hours.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    s = session(1, Kind.CAMERA, start, 180)
    summary = summarize([s], [], day_period(start.date(), LONDON),
                        now=start + timedelta(days=1), tz=LONDON)
    assert summary.totals.camera_seconds == 3 * 3600


def test_union_ignores_empty_and_reversed_intervals() -> None:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    assert union_seconds([(t, t), (t + timedelta(seconds=5), t)]) == 0
    assert union_seconds([(t, t + timedelta(seconds=10)),
                          (t + timedelta(seconds=20), t + timedelta(seconds=25))]) == 15


def run(start: datetime, end: datetime | None, how: str | None = None,
        alive: datetime | None = None) -> MonitorRun:
    return MonitorRun(start, alive or end or start, end, how)


def test_gaps_name_why_monitoring_stopped() -> None:
    t = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    runs = [run(t, t + timedelta(hours=1), "stopped"),
            run(t + timedelta(hours=2), None, alive=t + timedelta(hours=3)),  # crashed
            run(t + timedelta(hours=5), None, alive=t + timedelta(hours=6))]  # running now
    now = t + timedelta(hours=6, seconds=30)
    gaps = gaps_between_runs(runs, t - timedelta(days=1), t + timedelta(days=1), now)
    assert [(g.start - t, g.end - t, g.reason) for g in gaps] == [
        (timedelta(hours=1), timedelta(hours=2), "monitor-stopped"),
        (timedelta(hours=3), timedelta(hours=5), "crashed"),
    ]


def test_no_gap_before_the_first_run_ever_and_a_trailing_gap_when_stopped() -> None:
    t = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    runs = [run(t, t + timedelta(hours=1), "stopped")]
    gaps = gaps_between_runs(runs, t - timedelta(hours=5), t + timedelta(hours=5),
                             now=t + timedelta(hours=3))
    assert [(g.start, g.end, g.reason) for g in gaps] == [
        (t + timedelta(hours=1), t + timedelta(hours=3), "monitor-stopped")]
    assert gaps_between_runs([], t, t + timedelta(hours=1), t) == ()


def test_short_restarts_are_not_reported_as_gaps() -> None:
    t = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    runs = [run(t, t + timedelta(minutes=10), "stopped"),
            run(t + timedelta(minutes=10, seconds=5), None, alive=t + timedelta(minutes=20))]
    assert gaps_between_runs(runs, t, t + timedelta(hours=1), t + timedelta(minutes=20)) == ()


def test_days_computed_from_per_day_buckets_match_a_full_scan_across_dst() -> None:
    """The per-day bucketing (for speed) gives what scanning every session gives."""
    import random

    from familywatch.core.summary import _span, _tally

    rng = random.Random(7)
    week = week_period(date(2026, 10, 21), LONDON)  # holds the fall-back day, 169 hours
    sessions = []
    for serial in range(300):
        start = week.start + timedelta(minutes=rng.randrange(-600, 7 * 24 * 60))
        kind = rng.choice([Kind.CAMERA, Kind.MICROPHONE, Kind.APP])
        minutes = None if serial % 50 == 0 else rng.randrange(1, 30 * 60)
        sessions.append(session(serial, kind, start, minutes, app=OBS, pid=serial % 7))
    now = week.end + timedelta(days=1)
    summary = summarize(sessions, [], week, now=now, tz=LONDON)
    for day_summary in summary.days:
        d = day_period(day_summary.day, LONDON)
        totals, apps = _tally([_span(s, now) for s in sessions], d.start, d.end)
        assert day_summary.totals == totals
        assert day_summary.apps == {a: union_seconds(p) for a, (_, p) in apps.items()}


EDGE_ZONES = [ZoneInfo(name) for name in ("Etc/GMT-14", "Etc/GMT+12", "Asia/Tokyo",
                                          "America/Los_Angeles", "Pacific/Kiritimati", "UTC")]


@pytest.mark.parametrize("tz", EDGE_ZONES, ids=str)
def test_periods_at_the_ends_of_datetime_are_refused_plainly(tz: ZoneInfo) -> None:
    """Every day datetime has, near either end: a period, or DayOutOfRange, never an
    OverflowError; every day people may ask for gives its day, week and the week before."""
    edges = [date.min + timedelta(days=n) for n in range(20)]
    edges += [date.max - timedelta(days=n) for n in range(20)]
    for day in edges:
        for make in (day_period, week_period):
            try:
                period = make(day, tz)
            except DayOutOfRange:
                continue
            assert period.start < period.end and period.days()
    for day in (FIRST_DAY, LAST_DAY):
        assert showable_day(day) == day
        week = week_period(day, tz)
        assert day_period(day, tz).start >= week.start
        assert week_period(week.start.astimezone(tz).date() - timedelta(days=7), tz).end \
            == week.start
    for day in (FIRST_DAY - timedelta(days=1), LAST_DAY + timedelta(days=1)):
        with pytest.raises(DayOutOfRange, match="outside the days FamilyWatch can show"):
            showable_day(day)
