"""sessions_between reads through the index that fits the window, on a table of two
years of sessions, with and without ANALYZE's statistics: the plan SQLite runs is taken
from the statement the store really executes (EXPLAIN QUERY PLAN on it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert

from familywatch.core.model import AppInfo, Category, EndReason, Kind, Session
from familywatch.store import SqlStore, open_store
from familywatch.store.overlap import HISTORY_SPAN
from familywatch.store.rows import session_values
from familywatch.store.tables import SESSIONS

FIRST_DAY = datetime(2023, 1, 1, tzinfo=UTC)
DAYS, PER_DAY = 730, 20  # two years, 14,600 sessions
APPS = [AppInfo(f"app{n}", f"App {n}", Category.VIDEO_CHAT) for n in range(5)]


def _history() -> Iterator[dict[str, Any]]:
    for day in range(DAYS):
        for n in range(PER_DAY):
            start = FIRST_DAY + timedelta(days=day, hours=7, minutes=45 * n)
            kind = (Kind.APP, Kind.CAMERA, Kind.MICROPHONE)[n % 3]
            session = Session(0, kind, 100 + n, "zoom", start, start + timedelta(minutes=20),
                              app=APPS[n % len(APPS)], ended_at=start + timedelta(minutes=20),
                              ended_by=EndReason.CLOSED)
            yield session_values(session) | {"host": "pc", "run_id": None}
    last = FIRST_DAY + timedelta(days=DAYS - 1, hours=23)
    still_on = Session(0, Kind.CAMERA, 7, "obs", last, last, app=APPS[0])
    yield session_values(still_on) | {"host": "pc", "run_id": None}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("plans") / "familywatch.sqlite3"
    store = open_store(f"sqlite:///{path}")
    with store.engine.begin() as connection:
        connection.execute(insert(SESSIONS), list(_history()))
    store.close()
    return path


@pytest.fixture(params=["no statistics", "analyzed"])
def store(request: Any, two_years: Path, tmp_path: Path) -> Iterator[SqlStore]:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(two_years.read_bytes())
    if request.param == "analyzed":
        with sqlite3.connect(path) as connection:
            connection.execute("ANALYZE")
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.close()


def _plans(store: SqlStore, start: datetime, end: datetime) -> tuple[int, list[str]]:
    """What sessions_between found, and SQLite's plan for each statement it ran."""
    executed: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        found = store.sessions_between(start, end)
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    assert store.path is not None
    plans = []
    with sqlite3.connect(store.path) as connection:
        for statement, parameters in executed:
            rows = connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans.append(" / ".join(str(row[3]) for row in rows))
    return len(found), plans


def test_this_week_is_read_from_the_newest_end_backwards(store: SqlStore) -> None:
    monday = FIRST_DAY + timedelta(days=DAYS - 7)
    found, [span, sessions] = _plans(store, monday, monday + timedelta(days=7))
    assert found == 7 * PER_DAY + 1  # the open one too
    assert "SCAN sessions" not in span and span.count("SEARCH sessions USING COVERING INDEX") == 2
    assert sessions == ("COMPOUND QUERY / LEFT-MOST SUBQUERY / "
                        "SEARCH sessions USING INDEX ix_sessions_ended_at (ended_at>?) / "
                        "UNION ALL / SEARCH sessions USING INDEX ix_sessions_ended_at (ended_at=?)")


def test_a_week_long_ago_is_read_from_the_oldest_start_forwards(store: SqlStore) -> None:
    monday = FIRST_DAY + timedelta(days=14)
    found, [_, sessions] = _plans(store, monday, monday + timedelta(days=7))
    assert found == 7 * PER_DAY
    assert "SEARCH sessions USING INDEX ix_sessions_started_at (started_at<?)" in sessions
    assert "ix_sessions_ended_at (ended_at>?)" not in sessions
    assert "ix_sessions_ended_at (ended_at=?)" in sessions  # the open ones, as always


def test_today_just_after_midnight_and_the_whole_history(store: SqlStore) -> None:
    today = FIRST_DAY + timedelta(days=DAYS - 1)
    found, [_, sessions] = _plans(store, today, today + timedelta(minutes=1))
    assert found == 0 and "ix_sessions_ended_at (ended_at>?)" in sessions
    everything = _plans(store, FIRST_DAY - timedelta(days=1), today + timedelta(days=2))
    assert everything[0] == DAYS * PER_DAY + 1


def test_the_history_span_is_two_index_lookups_on_an_empty_table_too(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as store:
        with store.engine.connect() as connection:
            assert connection.execute(HISTORY_SPAN).one() == (None, None)
        assert store.sessions_between(FIRST_DAY, FIRST_DAY + timedelta(days=7)) == []
