"""Synthetic records: a heavy family year, the same intervals for both sides of a comparison.

A "heavy year" is 25,000 sessions (~68 a day) over 20 apps, inside one monitor run a day
(07:00-23:00 UTC), so reports also compute the overnight gaps between runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from familywatch.core.model import AppInfo, Category, EndReason, Kind, MonitorRun, Session
from familywatch.store import SqlStore
from familywatch.store.rows import session_values
from familywatch.store.tables import RUNS, SESSIONS

HOST = "family-pc"
SESSIONS_PER_YEAR = 25_000
APPS = [AppInfo(f"app{n:02d}", f"App {n}", list(Category)[n % len(Category)])
        for n in range(20)]
DAY_START, DAY_HOURS = 7, 16  # each day's monitor run: 07:00 to 23:00 UTC


def year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)


def days_in(first_year: int, years: int) -> list[datetime]:
    start, end = year_start(first_year), year_start(first_year + years)
    return [start + timedelta(days=d) for d in range((end - start).days)]


def synthetic_sessions(first_year: int = 2024, years: int = 1,
                       per_year: int = SESSIONS_PER_YEAR, *, apps_only: bool = False,
                       seed: int = 7) -> list[Session]:
    """Closed sessions, `per_year` a year, each inside its day's run, sorted by start.

    Each day's sessions get consecutive slots of its run and never overlap, so a sum of
    durations (ActivityWatch) and a union (FamilyWatch) give the same totals.
    apps_only: every session is Kind.APP (the like-for-like peer comparison); otherwise
    60 % apps, 25 % camera, 15 % microphone, as a family computer would record.
    """
    rng = random.Random(seed)
    days = days_in(first_year, years)
    total = per_year * years
    day_of = [n * len(days) // total for n in range(total)]
    per_day = [0] * len(days)
    for d in day_of:
        per_day[d] += 1
    sessions: list[Session] = []
    slot_index = 0
    for n, d in enumerate(day_of):
        slot_index = 0 if n == 0 or day_of[n - 1] != d else slot_index + 1
        slot = DAY_HOURS * 3600 / per_day[d]
        start = days[d] + timedelta(hours=DAY_START,
                                    seconds=slot * slot_index + rng.uniform(0, 0.3 * slot))
        length = timedelta(seconds=rng.uniform(30, 0.65 * slot))
        app = APPS[rng.randrange(len(APPS))]
        roll = rng.random()
        kind = Kind.APP if apps_only or roll < 0.6 else (
            Kind.CAMERA if roll < 0.85 else Kind.MICROPHONE)
        device = {Kind.CAMERA: "/dev/video0", Kind.MICROPHONE: "/dev/snd/pcmC0D0c"}.get(kind)
        sessions.append(Session(
            serial=n, kind=kind, pid=1000 + APPS.index(app), process=app.app_id,
            started_at=start, last_seen=start + length, exe=f"/usr/bin/{app.app_id}",
            user="kid", device=device, app=app, host=HOST, ended_at=start + length,
            ended_by=EndReason.CLOSED))
    return sessions


def daily_runs(first_year: int = 2024, years: int = 1) -> list[MonitorRun]:
    runs = []
    for day in days_in(first_year, years):
        start = day + timedelta(hours=DAY_START)
        end = start + timedelta(hours=DAY_HOURS)
        runs.append(MonitorRun(start, end, end, "stopped", 4242, HOST))
    return runs


def bulk_insert(store: SqlStore, sessions: Iterable[Session],
                runs: Iterable[MonitorRun] = ()) -> None:
    """One transaction, executemany: how an import or a test fixture fills the store.
    (The monitor itself writes one session per transaction: see add_session.)"""
    run_rows = [{"host": r.host, "pid": r.pid, "started_at": r.started_at,
                 "last_alive": r.last_alive, "ended_at": r.ended_at, "ended_how": r.ended_how}
                for r in runs]
    session_rows = [session_values(s) | {"host": s.host, "run_id": None} for s in sessions]
    with store.engine.begin() as connection:
        if run_rows:
            connection.execute(insert(RUNS), run_rows)
        if session_rows:
            connection.execute(insert(SESSIONS), session_rows)


def aw_event(session: Session) -> dict[str, Any]:
    """The same interval as an ActivityWatch event."""
    assert session.ended_at is not None and session.app is not None
    return {"timestamp": session.started_at.isoformat(),
            "duration": (session.ended_at - session.started_at).total_seconds(),
            "data": {"app": session.app.app_id}}


def seal_all(store: SqlStore) -> int | None:
    """Seal every final row into the integrity chain, as the running monitor does once a
    minute (a link per session and run, with its digest and HMAC); None if this version
    of FamilyWatch has no integrity chain yet."""
    try:
        from familywatch.store.integrity import seal
    except ImportError:
        return None
    return seal(store.engine, b"\x07" * 32)
