"""Reminders already given survive a restart of enforcement: the state file in the data
folder (real files, a real SQLite store, a ManualClock)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import EndReason, Session
from familywatch.monitor.enforcement import Enforcement
from familywatch.monitor.enforcement_memory import STATE_FILE, ReminderMemory
from familywatch.store import SqlStore, open_store
from tests.monitor.conftest import HOST, MINUTE, Closings, Notices, Rig

START = datetime(2025, 5, 6, 12, 0, tzinfo=UTC)
BUDGET_30_REMIND = """
version = 1
[camera]
action = "remind"
daily_minutes = 30
"""
Start = Callable[..., Rig]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def start(store: SqlStore, tmp_path: Path) -> Start:
    """Starts enforcement (again) on the one store and clock, like a monitor (re)start."""
    clock = ManualClock(START)

    def started(state_dir: Path | None = tmp_path / "data", tz: tzinfo = UTC) -> Rig:
        notices, closings = Notices(), Closings()
        enforcement = Enforcement(store, store, store, clock, tz, HOST, notices, closings,
                                  state_dir=state_dir)  # type: ignore[arg-type]
        return Rig(store, clock, tz, notices, closings, enforcement)

    return started


def stop(rig: Rig) -> None:
    """What a monitor stop leaves behind: its open sessions, ended, in the store."""
    for session in rig.sessions:
        rig.store.add_session(Session(0, session.kind, session.pid, session.process,
                                      session.started_at, rig.clock.now(), app=session.app,
                                      host=HOST, ended_at=rig.clock.now(),
                                      ended_by=EndReason.MONITOR_STOPPED), None)


@pytest.mark.parametrize("tz", [UTC, ZoneInfo("Pacific/Kiritimati")], ids=["utc", "utc+14"])
def test_a_restart_gives_no_reminder_twice(start: Start, tmp_path: Path, tz: tzinfo) -> None:
    first = start(tz=tz)
    first.schedule(BUDGET_30_REMIND)
    first.open()
    first.run(20 * 60)
    assert first.notices.messages == ["Camera time ends in 10 minutes."]
    stop(first)

    second = start(tz=tz)  # the same data folder: it knows what was said
    second.open()
    second.run(8 * 60 - 10)
    assert second.notices.messages == []
    second.run(10)
    assert second.notices.messages == ["Camera time ends in 2 minutes."]
    stop(second)

    third = start(tz=tz)
    third.open()
    third.run(2 * 60)
    assert third.notices.messages == ["Camera time is over for today."]
    stop(third)

    fourth = start(tz=tz)
    fourth.open()
    fourth.run(5 * 60)
    assert fourth.notices.messages == []  # over, and already told so
    saved = json.loads((tmp_path / "data" / STATE_FILE).read_text("utf-8"))
    today = START.astimezone(tz).date().isoformat()
    assert list(saved["days"]) == [today] and len(saved["days"][today]) == 3


def test_without_a_data_folder_a_restart_repeats_the_reminder(start: Start) -> None:
    """The control: what the state file prevents (the memory in RAM dies with the monitor)."""
    first = start(state_dir=None)
    first.schedule(BUDGET_30_REMIND)
    first.open()
    first.run(21 * 60)
    stop(first)
    second = start(state_dir=None)
    second.open()
    second.check()
    assert second.notices.messages == ["Camera time ends in 9 minutes."]


def test_a_new_day_gets_its_reminders_again_and_old_days_are_dropped(
        start: Start, tmp_path: Path) -> None:
    first = start()
    first.schedule(BUDGET_30_REMIND)
    first.open()
    first.run(20 * 60)
    stop(first)
    first.clock.advance(2 * 24 * 3600)  # two days later, the same budget
    second = start()
    second.open()
    second.run(20 * 60)
    assert second.notices.messages == ["Camera time ends in 10 minutes."]
    saved = json.loads((tmp_path / "data" / STATE_FILE).read_text("utf-8"))
    assert list(saved["days"]) == ["2025-05-08"]


def test_yesterdays_reminders_are_kept_until_tomorrow(tmp_path: Path) -> None:
    """A stretch over the limit can go on past midnight: its notice must not come again."""
    path = tmp_path / STATE_FILE
    memory = ReminderMemory(path, UTC)
    memory.remember(datetime(2025, 5, 6, 23, 59, tzinfo=UTC), ("over", "camera", "x", ""))
    after_midnight = ReminderMemory(path, UTC)
    after_midnight.forget_old(datetime(2025, 5, 7, 0, 1, tzinfo=UTC))
    assert ("over", "camera", "x", "") in after_midnight
    after_midnight.forget_old(datetime(2025, 5, 8, 0, 1, tzinfo=UTC))
    assert ("over", "camera", "x", "") not in after_midnight
    assert json.loads(path.read_text("utf-8")) == {"version": 1, "days": {}}


@pytest.mark.parametrize("damage", [
    b"{\"version\": 1, \"days\": {\"2025-05-06\": [[\"warn",  # cut short by a power cut
    b"", b"\xff\xfe\x00", b"[]", b"{\"version\": 7, \"days\": {}}",
    b"{\"version\": 1, \"days\": {\"yesterday\": []}}",
    b"{\"version\": 1, \"days\": {\"2025-05-06\": [[1, 2]]}}",
    b"{\"version\": 1, \"days\": []}",
], ids=["cut-short", "empty", "binary", "list", "future-version", "bad-date", "bad-key",
        "bad-days"])
def test_a_damaged_state_file_is_logged_and_read_as_empty(
        start: Start, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: bytes) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / STATE_FILE).write_bytes(damage)
    rig = start()
    rig.schedule(BUDGET_30_REMIND)
    rig.open()
    rig.run(20 * 60)
    assert rig.notices.messages == ["Camera time ends in 10 minutes."]
    assert "the reminders already given could not be read" in caplog.text
    saved = json.loads((tmp_path / "data" / STATE_FILE).read_text("utf-8"))
    assert list(saved["days"]) == ["2025-05-06"]  # replaced by a sound file


def test_a_state_file_that_cannot_be_written_is_logged_and_reminders_go_on(
        start: Start, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    rig = start(state_dir=blocked)
    rig.schedule(BUDGET_30_REMIND)
    rig.open()
    rig.run(30 * 60)
    assert rig.notices.messages == ["Camera time ends in 10 minutes.",
                                    "Camera time ends in 2 minutes.",
                                    "Camera time is over for today."]
    assert "cannot keep the reminders already given" in caplog.text


def test_the_file_is_replaced_whole_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / STATE_FILE
    memory = ReminderMemory(path, UTC)
    moment = datetime(2025, 5, 6, 12, 0, tzinfo=UTC)
    for minute in range(5):
        memory.remember(moment + minute * MINUTE, ("warning", "camera", "at", str(minute)))
        assert len(json.loads(path.read_text("utf-8"))["days"]["2025-05-06"]) == minute + 1
    assert [p.name for p in tmp_path.iterdir()] == [STATE_FILE]
    again = ReminderMemory(path, UTC)
    assert all(("warning", "camera", "at", str(m)) in again for m in range(5))
    assert ("warning", "camera", "at", "5") not in again
