"""runs_for_gaps reads a few runs, yet the gaps found in them are those of every run ever."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familywatch.core.summary import gaps_between_runs
from familywatch.store import SqlStore, open_store

T0 = datetime(2024, 3, 1, tzinfo=UTC)
EVER = datetime(1970, 1, 1, tzinfo=UTC)
HOWS = ("stopped", "crashed", "paused", "suspend", "clock-change", "set-back")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def add_run(store: SqlStore, start: int, alive: int, how: str | None, host: str = "pc") -> None:
    """A run from minute `start`, last alive at `alive`, ended then `how` (None: open;
    "set-back": the clock was set back 90 minutes then)."""
    run_id = store.begin_run(at(start), 42, host)
    if how is None:
        store.touch_run(run_id, at(alive))
    elif how == "set-back":
        store.end_run(run_id, at(alive), "clock-change", last_alive=at(alive - 90))
    else:
        store.end_run(run_id, at(alive), how)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    open_store(f"sqlite:///{path}").close()
    return path


def fresh(empty_db: Path) -> Iterator[SqlStore]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{shutil.copy(empty_db, Path(folder) / 'db.sqlite3')}")
        try:
            yield store
        finally:
            store.close()


def test_a_day_after_a_year_of_runs_reads_the_day_and_the_run_before(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:
        for day in range(365):  # 07:00-23:00 each day; the last one crashed
            add_run(store, day * 1440 + 420, day * 1440 + 1380,
                    "crashed" if day == 364 else "stopped")
        add_run(store, 366 * 1440 + 600, 366 * 1440 + 700, "stopped")  # the day after next
        day_after = (at(365 * 1440), at(366 * 1440))
        runs = store.runs_for_gaps(*day_after)
        assert [r.started_at for r in runs] == [at(364 * 1440 + 420)]
        [gap] = gaps_between_runs(runs, *day_after, now=at(400 * 1440))
        assert (gap.start, gap.end, gap.reason) == (*day_after, "crashed")
        assert len(store.runs_for_gaps(at(366 * 1440), at(367 * 1440))) == 2


runs = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 120),
                          st.sampled_from((*HOWS, None)), st.sampled_from(("pc", "laptop"))),
                max_size=12)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=runs, windows=st.lists(st.tuples(st.integers(-20, 320), st.integers(0, 200),
                                             st.integers(-30, 400)), min_size=1, max_size=5))
def test_the_gaps_are_those_of_every_run_ever(
    empty_db: Path, runs: list[tuple[int, int, str | None, str]],
    windows: list[tuple[int, int, int]],
) -> None:
    for store in fresh(empty_db):
        for start, length, how, host in runs:
            add_run(store, start, start + length, how, host)
        for offset, length, now_after_start in windows:
            start, end = at(offset), at(offset + length)
            now = at(offset + now_after_start)
            every = store.runs_between(EVER, at(10_000))  # every run ever, later ones too
            few = store.runs_for_gaps(start, end)
            assert set(few) <= set(every)
            assert gaps_between_runs(few, start, end, now) == \
                gaps_between_runs(every, start, end, now)
