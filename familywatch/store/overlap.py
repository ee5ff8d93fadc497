"""The query for sessions overlapping a window, steered to the index that fits the window.

Overlap is `ended_at > start AND started_at < end`, or still open (`ended_at IS NULL`).
Each of the two indexes serves one side: ix_sessions_ended_at walks the sessions that
ended after `start` (all the newer ones), ix_sessions_started_at those that started
before `end` (all the older ones). Neither can bound both sides, so the right one is
the one with the shorter walk: ended_at for today or this week, started_at for a week
years ago. SQLite keeps no statistics that tell the two ranges apart (ANALYZE
included) and was seen to take either one for the same query (0.7 ms or 19 ms for a
week at five years), so by_ended_at decides from the oldest start and the newest end on
record, and SQLite's unary "+" - a no-op on the value, documented for exactly this -
takes the other column's index out of the plan (tests/store/test_query_plans.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    CompoundSelect,
    func,
    literal_column,
    select,
    union_all,
)

from familywatch.store.rows import SESSION_COLUMNS
from familywatch.store.tables import SESSIONS

# The oldest start and the newest end on record: two index look-ups (one aggregate each,
# so SQLite reads each from its index instead of scanning the table).
HISTORY_SPAN = select(
    select(func.min(SESSIONS.c.started_at)).scalar_subquery(),
    select(func.max(SESSIONS.c.ended_at)).scalar_subquery(),
)


def by_ended_at(start: datetime, end: datetime, oldest: datetime | None,
                newest: datetime | None) -> bool:
    """Whether walking back from the newest end to `start` is shorter than walking from
    the oldest start up to `end` (sessions spread evenly enough over time)."""
    if oldest is None or newest is None:
        return True
    return newest - start <= end - oldest


def overlapping_sessions(start: datetime, end: datetime, dialect: str, *,
                         ended_at_index: bool) -> CompoundSelect[Any]:
    """Sessions overlapping [start, end), open ones included, through the chosen index."""
    ended_at: ColumnElement[Any] = SESSIONS.c.ended_at
    started_at: ColumnElement[Any] = SESSIONS.c.started_at
    if dialect == "sqlite":
        if ended_at_index:
            started_at = _no_index(SESSIONS.c.started_at)
        else:
            ended_at = _no_index(SESSIONS.c.ended_at)
    ended_in_window = select(*SESSION_COLUMNS).where(ended_at > start, started_at < end)
    # The open ones are few: found through ended_at IS NULL whichever index serves the rest.
    open_started = _no_index(SESSIONS.c.started_at) if dialect == "sqlite" else started_at
    still_open = select(*SESSION_COLUMNS).where(
        SESSIONS.c.ended_at.is_(None), open_started < end
    )
    return union_all(ended_in_window, still_open)


def _no_index(column: Column[Any]) -> ColumnElement[Any]:
    """`+sessions.<column>` for SQLite: the same value and type, but no index lookup."""
    return literal_column(f"+{column.table.name}.{column.name}", column.type)
