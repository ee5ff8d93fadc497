"""Core values <-> table rows: flattening a Session for insert, rebuilding it on read."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from familywatch.core.model import AppInfo, Category, EndReason, Kind, MonitorRun, Session
from familywatch.store.tables import RUNS, SESSIONS

_KINDS = {kind.value: kind for kind in Kind}
_CATEGORIES = {category.value: category for category in Category}
_END_REASONS = {reason.value: reason for reason in EndReason}

# In the order session_from_row unpacks them.
SESSION_COLUMNS = (
    SESSIONS.c.id,
    SESSIONS.c.kind,
    SESSIONS.c.pid,
    SESSIONS.c.process,
    SESSIONS.c.started_at,
    SESSIONS.c.last_seen,
    SESSIONS.c.exe,
    SESSIONS.c.os_user,
    SESSIONS.c.device,
    SESSIONS.c.app_id,
    SESSIONS.c.app_name,
    SESSIONS.c.category,
    SESSIONS.c.via,
    SESSIONS.c.host,
    SESSIONS.c.ended_at,
    SESSIONS.c.ended_by,
    SESSIONS.c.outside_schedule_seconds,
)
# In the order run_from_row unpacks them.
RUN_COLUMNS = (
    RUNS.c.started_at,
    RUNS.c.last_alive,
    RUNS.c.ended_at,
    RUNS.c.ended_how,
    RUNS.c.pid,
    RUNS.c.host,
)

_AppKey = tuple[str, str | None, str | None]


def session_values(session: Session) -> dict[str, Any]:
    """A session's columns for an insert (row id, run and host are the caller's)."""
    app = session.app
    return {
        "kind": session.kind.value,
        "app_id": app.app_id if app else None,
        "app_name": app.name if app else None,
        "category": app.category.value if app else None,
        "process": session.process,
        "exe": session.exe,
        "pid": session.pid,
        "os_user": session.user,
        "device": session.device,
        "via": session.via,
        "started_at": session.started_at,
        "last_seen": session.last_seen,
        "ended_at": session.ended_at,
        "ended_by": session.ended_by.value if session.ended_by else None,
    }


def sessions_from_rows(rows: Iterable[Any]) -> list[Session]:
    """Sessions (serial = row id) sorted by start time, then row id."""
    apps: dict[_AppKey, AppInfo] = {}  # a few apps recur in thousands of rows: share them
    sessions = [session_from_row(row, apps) for row in rows]
    sessions.sort(key=_by_start)
    return sessions


def session_from_row(row: Any, apps: dict[_AppKey, AppInfo]) -> Session:
    (serial, kind, pid, process, started_at, last_seen, exe, user, device) = row[:9]
    (app_id, app_name, category, via, host, ended_at, ended_by, outside) = row[9:17]
    app = None
    if app_id is not None:
        app = apps.get((app_id, app_name, category))
        if app is None:
            resolved = AppInfo(
                app_id, app_name or app_id, _CATEGORIES.get(category, Category.OTHER)
            )
            app = apps[app_id, app_name, category] = resolved
    return Session(
        serial=serial,
        kind=_KINDS[kind],
        pid=pid,
        process=process,
        started_at=started_at,
        last_seen=last_seen,
        exe=exe,
        user=user,
        device=device,
        app=app,
        via=via,
        host=host,
        ended_at=ended_at,
        ended_by=_END_REASONS[ended_by] if ended_by is not None else None,
        outside_schedule_seconds=float(outside or 0.0),
    )


def run_from_row(row: Any) -> MonitorRun:
    started_at, last_alive, ended_at, ended_how, pid, host = row
    return MonitorRun(
        started_at=started_at,
        last_alive=last_alive,
        ended_at=ended_at,
        ended_how=ended_how,
        pid=pid,
        host=host,
    )


def _by_start(session: Session) -> tuple[datetime, int]:
    return (session.started_at, session.serial)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Allocating tens of thousands of rows and sessions triggers collections that re-walk
    every live object: measured, half the time of reading a year. Nothing here is cyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
