"""outside_schedule_seconds: counted by enforcement while a session is in use outside what
the rules allow, stored on the session's row and kept up to date as it runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from familywatch.core.model import Session
from tests.monitor.conftest import Rig

MakeRig = Callable[..., Rig]

START = datetime(2025, 5, 6, 18, 0, tzinfo=UTC)
RECORD_OUTSIDE_NOW = """
version = 1
[camera]
action = "record"
hours = { everyday = ["08:00-09:00"] }
"""
HOURS_FROM_1810 = """
version = 1
[camera]
action = "record"
hours = { everyday = ["18:10-23:00"] }
"""


def stored(rig_store: object, session: Session) -> float:
    [row] = [s for s in rig_store.open_sessions()  # type: ignore[attr-defined]
             if s.started_at == session.started_at]
    return float(row.outside_schedule_seconds)


def test_use_outside_the_hours_is_counted_stored_and_refreshed_every_minute(
        make_rig: MakeRig) -> None:
    rig = make_rig(START, UTC)
    rig.schedule(RECORD_OUTSIDE_NOW)
    session = rig.open()
    rig.store.add_session(session, None)
    wake = rig.check()
    assert wake is not None and wake <= START + timedelta(seconds=60)  # stored again soon
    assert stored(rig.store, session) == 0.0
    rig.run(150)
    assert stored(rig.store, session) == 150.0
    assert rig.enforcement.outside.seconds(session) == 150.0
    assert rig.events() == ["camera:violation"]  # record only: no notices
    assert rig.notices.sent == []


def test_only_the_time_outside_counts_when_the_hours_begin(make_rig: MakeRig) -> None:
    rig = make_rig(START, UTC)
    rig.schedule(HOURS_FROM_1810)
    session = rig.open()
    rig.store.add_session(session, None)
    rig.check()
    rig.run(20 * 60)  # 18:00-18:20: outside until 18:10
    assert stored(rig.store, session) == 600.0


def test_a_session_that_ends_keeps_its_last_stretch(make_rig: MakeRig) -> None:
    rig = make_rig(START, UTC)
    rig.schedule(RECORD_OUTSIDE_NOW)
    session = rig.open()
    rig.store.add_session(session, None)
    rig.check()
    rig.clock.advance(25)
    rig.sessions.clear()  # it ended
    assert rig.check() is not None
    [row] = rig.store.sessions_between(START, START + timedelta(hours=1))
    assert row.outside_schedule_seconds == 25.0
    assert rig.enforcement.outside.seconds(session) == 0.0  # forgotten once stored


def test_within_the_rules_nothing_is_counted(make_rig: MakeRig) -> None:
    rig = make_rig(START, UTC)
    rig.schedule(HOURS_FROM_1810.replace("18:10", "17:00"))
    session = rig.open()
    rig.store.add_session(session, None)
    rig.check()
    rig.run(120)
    assert stored(rig.store, session) == 0.0


def test_a_total_whose_row_is_stored_later_is_written_then(make_rig: MakeRig) -> None:
    """The monitor's storage buffer may insert the session after enforcement counted it
    (a full disk, or a session that ended before the next flush)."""
    rig = make_rig(START, UTC)
    rig.schedule(RECORD_OUTSIDE_NOW)
    session = rig.open()
    rig.check()
    rig.clock.advance(30)
    rig.sessions.clear()  # ended, not stored yet
    assert rig.check() == START + timedelta(seconds=90)  # it will try again
    rig.store.add_session(session, None)
    rig.clock.advance(5)
    rig.check()
    [row] = rig.store.sessions_between(START, START + timedelta(hours=1))
    assert row.outside_schedule_seconds == 30.0
    wake = rig.check()
    assert wake is not None and wake > START + timedelta(minutes=5)  # done trying
