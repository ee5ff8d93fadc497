"""Parent controls on a real store and a real (in-memory) keyring backend: what each
change writes, what a wrong PIN costs, and the retention purge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import EndReason, Kind, Session
from familywatch.core.ports import AuditAction, TimeRequest
from familywatch.monitor.parent import ParentControls, Refused, wrong_pin_words
from familywatch.monitor.parent_settings import ParentSettings, describe, purge_expired
from familywatch.security import PinVault
from familywatch.security.lockout import LockoutPolicy
from familywatch.store import SqlStore, open_store
from tests.security.keyring_backends import MemoryKeyring

NOW = datetime(2025, 5, 6, 18, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def controls(tmp_path: Path, store: SqlStore) -> ParentControls:
    clock, policy = ManualClock(NOW), LockoutPolicy()
    vault = PinVault(tmp_path, clock, backend=MemoryKeyring(), policy=policy)
    made = ParentControls(store, vault, policy, clock, UTC, "den-pc", "parent")
    made.set_pin("2468")
    return made


def test_wrong_pin_words_count_down_to_the_first_wait() -> None:
    policy = LockoutPolicy()
    assert [wrong_pin_words(n, policy) for n in (1, 3, 4)] == [
        "wrong PIN (3 tries left before a 30 s wait)",
        "wrong PIN (1 try left before a 30 s wait)",
        "wrong PIN (another wrong PIN means a 30 s wait)"]
    assert wrong_pin_words(6, policy) == "wrong PIN (another wrong PIN means a 2 min wait)"


def test_allow_adds_an_exception_for_today_and_answers_open_requests(
        controls: ParentControls, store: SqlStore) -> None:
    asked = store.add_request(TimeRequest(NOW - timedelta(minutes=2), 20, "school project",
                                          "den-pc"))
    controls.allow("2468", minutes=20, reason="school project")
    [exception] = controls.settings().rules().exceptions
    assert (exception.day, exception.extra_minutes) == (NOW.date(), 20)
    assert store.open_requests() == []
    granted = store.audit_entries()[-1]
    assert granted.action is AuditAction.EXCEPTION_GRANTED
    assert granted.detail["answers_requests"] == [asked]
    assert "Exception on Tue 06 May 2025: 20 extra minutes." in describe(
        controls.settings().rules())


def test_allow_drops_exceptions_of_past_days(controls: ParentControls) -> None:
    controls.allow("2468", minutes=10)
    controls.clock.advance(86400)  # type: ignore[attr-defined]
    controls.allow("2468", until=22 * 60)
    days = [e.day for e in controls.settings().granted]
    assert days == [NOW.date() + timedelta(days=1)]


def test_a_wrong_pin_changes_nothing(controls: ParentControls, store: SqlStore) -> None:
    with pytest.raises(Refused, match=r"wrong PIN \(3 tries left"):
        controls.pause("1357", 10)
    assert not controls.settings().paused(NOW)
    assert [e.action for e in store.audit_entries()] == [AuditAction.PIN_SET,
                                                         AuditAction.PIN_FAILED]


def test_pause_for_minutes_ends_by_itself(controls: ParentControls) -> None:
    until = controls.pause("2468", 15)
    settings = controls.settings()
    assert until == NOW + timedelta(minutes=15) and settings.paused_until == until
    assert settings.paused(NOW + timedelta(minutes=14)) and not settings.paused(until)


def test_a_damaged_setting_is_ignored_not_fatal() -> None:
    settings = ParentSettings.read({"granted": "[{", "paused_until": "soon",
                                    "retention_days": "many"})
    assert settings.granted == () and settings.paused_until_resumed
    assert settings.retention_days == 180


def test_purge_keeps_the_retention_period_and_audits_the_deletion(
        controls: ParentControls, store: SqlStore) -> None:
    controls.set_retention("2468", 30)
    for age in (40, 10):
        start = NOW - timedelta(days=age)
        store.add_session(Session(0, Kind.CAMERA, 1, "zoom", start, start, host="den-pc",
                                  ended_at=start + timedelta(minutes=5),
                                  ended_by=EndReason.CLOSED), None)
    assert purge_expired(store, NOW, "den-pc", "familywatch monitor")["sessions"] == 1
    assert purge_expired(store, NOW, "den-pc", "familywatch monitor")["sessions"] == 0
    deleted = [e for e in store.audit_entries() if e.action is AuditAction.DATA_DELETED]
    assert len(deleted) == 1  # nothing deleted the second time: nothing to say
    assert deleted[0].detail["older_than_days"] == 30 and deleted[0].detail["sessions"] == 1
    assert len(store.sessions_between(NOW - timedelta(days=60), NOW)) == 1
