"""Records.summary over a real store: the gaps at the start of a period come from the run
before it, though only the period's runs and that one are read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import AppInfo, Category, EndReason, Gap, Kind, Session
from familywatch.core.summary import gaps_between_runs
from familywatch.monitor.records import Records
from familywatch.store import SqlStore, open_store

PARIS = ZoneInfo("Europe/Paris")
HOST = "den-pc"
FIRST = date(2025, 1, 1)
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)


def local(day: date, hour: float) -> datetime:
    return (datetime(day.year, day.month, day.day, tzinfo=PARIS)
            + timedelta(hours=hour)).astimezone(UTC)


def add_run(store: SqlStore, start: datetime, alive: datetime, how: str | None) -> int:
    run_id = store.begin_run(start, 4242, HOST)
    if how is None:
        store.touch_run(run_id, alive)
    else:
        store.end_run(run_id, alive, how)
    return run_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = open_store(f"sqlite:///{tmp_path / 'familywatch.sqlite3'}")
    for n in range(200):  # 08:00-22:00 every day from 1 January, closed each evening
        day = FIRST + timedelta(days=n)
        add_run(opened, local(day, 8), local(day, 22), "stopped")
    yield opened
    opened.close()


def records(store: SqlStore, now: datetime, tmp_path: Path) -> Records:
    return Records(store, ManualClock(now), PARIS, tmp_path / "no.lock", host=HOST)


def spans(gaps: Sequence[Gap]) -> list[tuple[datetime, datetime, str]]:
    return [(g.start, g.end, g.reason) for g in gaps]


def test_a_day_starts_with_the_gap_left_by_the_run_before_it(store: SqlStore,
                                                              tmp_path: Path) -> None:
    crash_day = FIRST + timedelta(days=200)
    add_run(store, local(crash_day, 8), local(crash_day, 21), "crashed")
    next_day = crash_day + timedelta(days=1)
    add_run(store, local(next_day, 9.5), local(next_day, 12), None)  # running now
    now = local(next_day, 12) + timedelta(seconds=30)

    view = records(store, now, tmp_path)
    summary = view.summary(view.day(next_day))

    assert spans(summary.gaps) == [(local(next_day, 0), local(next_day, 9.5), "crashed")]
    assert len(store.runs_for_gaps(summary.period.start, summary.period.end)) == 2


def test_a_week_with_a_run_across_its_start(store: SqlStore, tmp_path: Path) -> None:
    sunday = FIRST + timedelta(days=200 + (6 - (FIRST + timedelta(days=200)).weekday()))
    add_run(store, local(sunday, 20), local(sunday + timedelta(days=1), 2), "paused")
    now = local(sunday + timedelta(days=9), 12)

    view = records(store, now, tmp_path)
    week = view.summary(view.week(sunday + timedelta(days=1)))

    monday = sunday + timedelta(days=1)
    assert spans(week.gaps)[0] == (local(monday, 2), local(monday + timedelta(days=7), 0),
                                   "paused")


def test_nothing_before_the_first_run_ever_is_a_gap(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    day = date(2025, 6, 2)
    add_run(store, local(day, 15), local(day, 16), "stopped")
    view = records(store, local(day, 18), tmp_path)

    summary = view.summary(view.day(day))

    assert spans(summary.gaps) == [(local(day, 16), local(day, 18), "monitor-stopped")]
    store.close()


def test_a_monitor_running_since_yesterday_leaves_no_gap_today(store: SqlStore,
                                                               tmp_path: Path) -> None:
    yesterday = FIRST + timedelta(days=200)
    now = local(yesterday + timedelta(days=1), 10)
    add_run(store, local(yesterday, 8), now - timedelta(seconds=20), None)
    store.add_session(Session(0, Kind.CAMERA, 7, "zoom", local(yesterday, 23.5), now,
                              app=ZOOM, ended_at=now, ended_by=EndReason.CLOSED), None)

    view = records(store, now, tmp_path)
    today = view.summary(view.day())

    assert today.gaps == ()
    assert today.totals.camera_seconds == 10 * 3600


@pytest.mark.parametrize("days_in", [0, 1, 37, 90, 199, 200, 260])
def test_gaps_are_those_of_every_run_ever(store: SqlStore, tmp_path: Path,
                                          days_in: int) -> None:
    add_run(store, local(FIRST + timedelta(days=230), 7), local(FIRST + timedelta(days=231), 1),
            None)  # a crash never recovered: open, long silent
    day = FIRST + timedelta(days=days_in)
    now = local(FIRST + timedelta(days=days_in + 3), 13)
    view = records(store, now, tmp_path)
    for period in (view.day(day), view.week(day)):
        every = store.runs_between(datetime(1970, 1, 1, tzinfo=UTC), period.end)

        summary = view.summary(period)

        assert summary.gaps == gaps_between_runs(every, period.start, period.end, now)
