"""Real SQLite files in tmp_path; no mocks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from familywatch.core.model import AppInfo, Category, EndReason, Kind, Session
from familywatch.store import SqlStore, open_store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)


@pytest.fixture
def db_url(tmp_path: Any) -> str:
    # A folder that does not exist yet: open_store must create it.
    return f"sqlite:///{tmp_path / 'data' / 'familywatch.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Iterator[SqlStore]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def at() -> Callable[[float], datetime]:
    """Minutes after a fixed UTC instant, as an aware datetime: at(0) is 2024-03-01 12:00Z."""
    return _at


@pytest.fixture
def make_session() -> Callable[..., Session]:
    """A closed camera session from minute `start` to minute `end` after T0 (open if None)."""

    def make(start: float = 0, end: float | None = 10, **fields: Any) -> Session:
        started = _at(start)
        ended = None if end is None else _at(end)
        values: dict[str, Any] = {
            "serial": 0,
            "kind": Kind.CAMERA,
            "pid": 4321,
            "process": "zoom",
            "started_at": started,
            "last_seen": ended or started,
            "app": ZOOM,
            "ended_at": ended,
            "ended_by": None if ended is None else EndReason.CLOSED,
        }
        return Session(**(values | fields))

    return make
