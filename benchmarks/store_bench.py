"""How fast the store answers the summary windows, and how big a year of records is.

    .venv/bin/python benchmarks/store_bench.py [--sessions 25000] [--repeat 5]

Inserts a synthetic year (sessions over 20 apps, one add_session per transaction as the
monitor does), then times sessions_between for the last day, the last week, a week in
mid-year, the first week and the whole year (median of --repeat runs), plus ORM object
loading of the year for comparison, a batch of heartbeat updates, and the file size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from familywatch.core.model import AppInfo, Category, EndReason, Kind, Session
from familywatch.core.ports import SessionUpdate
from familywatch.store import SqlStore, open_store
from familywatch.store.tables import SessionRow

YEAR_START = datetime(2024, 1, 1, tzinfo=UTC)
APPS = [AppInfo(f"app{n:02d}", f"App {n}", list(Category)[n % len(Category)]) for n in range(20)]


def synthetic_year(count: int, seed: int = 7) -> list[Session]:
    rng = random.Random(seed)
    step = timedelta(days=365) / count
    sessions = []
    for n in range(count):
        start = YEAR_START + step * n + timedelta(seconds=rng.uniform(0, 60))
        length = timedelta(seconds=rng.uniform(30, 3 * 3600))
        app = rng.choice(APPS)
        kind = rng.choice((Kind.CAMERA, Kind.MICROPHONE, Kind.APP))
        sessions.append(
            Session(
                serial=n,
                kind=kind,
                pid=rng.randint(300, 90000),
                process=app.app_id,
                started_at=start,
                last_seen=start + length,
                exe=f"/usr/bin/{app.app_id}",
                user="kid",
                device="/dev/video0" if kind is Kind.CAMERA else None,
                app=app,
                host="family-pc",
                ended_at=start + length,
                ended_by=EndReason.CLOSED,
            )
        )
    return sessions


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def load_orm(store: SqlStore, start: datetime, end: datetime) -> list[SessionRow]:
    with OrmSession(store.engine) as orm:
        rows = SessionRow
        query = select(rows).where(
            rows.started_at < end, (rows.ended_at.is_(None)) | (rows.ended_at > start)
        )
        return list(orm.scalars(query.order_by(rows.started_at)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        store = open_store(f"sqlite:///{path}")
        year = synthetic_year(args.sessions)
        run_id = store.begin_run(YEAR_START, 4242, "family-pc")
        began = time.perf_counter()
        row_ids = [store.add_session(session, run_id) for session in year]
        insert_s = time.perf_counter() - began
        store.end_run(run_id, year[-1].last_seen, "stopped")

        end = year[-1].last_seen
        windows = {
            "last week": (end - timedelta(days=7), end),
            "mid-year week": (YEAR_START + timedelta(days=180), YEAR_START + timedelta(days=187)),
            "first week": (YEAR_START, YEAR_START + timedelta(days=7)),
            "last day": (end - timedelta(days=1), end),
            "whole year": (YEAR_START, end + timedelta(seconds=1)),
        }
        print(f"{args.sessions} sessions inserted one per transaction in {insert_s:.2f} s")
        for name, (start, stop) in windows.items():
            found = len(store.sessions_between(start, stop))
            ms = median_ms(lambda s=start, e=stop: store.sessions_between(s, e), args.repeat)
            print(f"sessions_between {name:>14}: {ms:8.1f} ms  ({found} sessions)")
        start, stop = windows["whole year"]
        orm_ms = median_ms(lambda: load_orm(store, start, stop), args.repeat)
        print(f"ORM objects, whole year (compare): {orm_ms:8.1f} ms")

        later = end + timedelta(seconds=5)
        batch = [SessionUpdate(row_id, later) for row_id in row_ids[-50:]]
        update_ms = median_ms(lambda: store.update_sessions(batch), args.repeat)
        print(f"update_sessions, batch of 50:      {update_ms:8.1f} ms")

        store.close()  # the last connection checkpoints the WAL into the file
        size = path.stat().st_size
        print(f"database: {size:,} bytes, {size / args.sessions:.0f} bytes per session")


if __name__ == "__main__":
    main()
