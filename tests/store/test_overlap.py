"""sessions_between and runs_between return what overlaps a half-open window [start, end)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familywatch.core.model import AppInfo, Category, Kind, MonitorRun, Session
from familywatch.store import SqlStore, open_store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)  # at(0) in conftest


def serials_in(store: SqlStore, at: Callable[[float], datetime], start: float, end: float):
    return [s.serial for s in store.sessions_between(at(start), at(end))]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ((20, 40), ["across-start", "inside", "across-end", "around", "open-early", "open-in"]),
        ((0, 10), ["before", "around"]),
        ((10, 20), ["touching-start", "across-start", "around", "open-early"]),
        ((55, 60), ["around", "open-early", "open-in"]),
        ((60, 70), ["around", "open-early", "open-in", "open-late"]),
        ((30, 30), ["around", "open-early"]),  # an instant: what was running then
    ],
)
def test_edges_of_the_window(
    store: SqlStore, make_session, at, window: tuple[float, float], expected: list[str]
) -> None:
    shapes = {
        "before": (0, 10),
        "touching-start": (10, 20),  # ends exactly at 20: outside [20, 40)
        "across-start": (15, 25),
        "inside": (25, 30),
        "across-end": (35, 45),
        "touching-end": (40, 50),  # starts exactly at 40: outside [20, 40)
        "around": (5, 65),
        "open-early": (12, None),
        "open-in": (38, None),
        "open-late": (60, None),
    }
    names = {store.add_session(make_session(a, b), None): name for name, (a, b) in shapes.items()}

    found = [names[serial] for serial in serials_in(store, at, *window)]

    assert sorted(found) == sorted(expected)


def test_a_window_ending_before_it_starts_is_refused(store: SqlStore, at) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        store.sessions_between(at(10), at(0))


def test_results_are_ordered_by_start_then_row(store: SqlStore, make_session, at) -> None:
    late = store.add_session(make_session(30, None), None)
    early = store.add_session(make_session(0, 90), None)
    tie_a = store.add_session(make_session(10, 11), None)
    tie_b = store.add_session(make_session(10, 50), None)

    assert serials_in(store, at, 0, 100) == [early, tie_a, tie_b, late]


def test_runs_overlap_with_open_runs_ending_at_last_alive(store: SqlStore, at) -> None:
    closed = store.begin_run(at(0), 1, "pc")
    store.end_run(closed, at(10), "stopped")
    crashed_looking = store.begin_run(at(20), 2, "pc")
    store.touch_run(crashed_looking, at(30))

    def pids(start: float, end: float) -> list[int | None]:
        return [run.pid for run in store.runs_between(at(start), at(end))]

    assert pids(0, 100) == [1, 2]
    assert pids(10, 20) == []  # touches both, overlaps neither
    assert pids(9, 21) == [1, 2]
    assert pids(30, 40) == []  # the open run is known alive only until 30
    assert pids(29, 40) == [2]
    assert store.runs_between(at(25), at(26)) == [
        MonitorRun(started_at=at(20), last_alive=at(30), pid=2, host="pc")
    ]


# -- property: the SQL agrees with the definition over random sessions ---------------


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: Any) -> Path:
    """A database already at head: copies of it open without running migrations."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    open_store(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def fresh_store(empty_db: Path) -> Callable[[], Iterator[SqlStore]]:
    def fresh() -> Iterator[SqlStore]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(shutil.copy(empty_db, Path(folder) / "copy.sqlite3"))
            store = open_store(f"sqlite:///{path}")
            try:
                yield store
            finally:
                store.close()

    return fresh


minutes = st.integers(min_value=0, max_value=60)
spans = st.tuples(minutes, st.none() | st.integers(min_value=0, max_value=30))
windows = st.tuples(st.integers(min_value=-5, max_value=70), st.integers(0, 40))
APP = AppInfo("discord", "Discord", Category.VIDEO_CHAT)


def session_at(start: int, length: int | None) -> Session:
    started = T0 + timedelta(minutes=start)
    ended = None if length is None else started + timedelta(minutes=length)
    return Session(0, Kind.APP, 1, "discord", started, ended or started, app=APP, ended_at=ended)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spans=st.lists(spans, max_size=25), windows=st.lists(windows, min_size=1, max_size=6))
def test_exactly_the_overlapping_sessions_come_back(
    fresh_store: Callable[[], Iterator[SqlStore]],
    spans: list[tuple[int, int | None]],
    windows: list[tuple[int, int]],
) -> None:
    for store in fresh_store():
        stored = {store.add_session(session_at(*span), None): session_at(*span) for span in spans}
        for offset, length in windows:
            start = T0 + timedelta(minutes=offset)
            end = start + timedelta(minutes=length)
            expected = sorted(
                (s.started_at, serial)
                for serial, s in stored.items()
                if s.started_at < end and (s.ended_at is None or s.ended_at > start)
            )

            found = [(s.started_at, s.serial) for s in store.sessions_between(start, end)]

            assert found == expected
