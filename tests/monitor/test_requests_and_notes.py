"""Ask / grant / decline through ParentControls, and the review's notes and marks through
ReviewNotes, on a real store and keyring backend: what each writes and shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import Kind, Session
from familywatch.core.ports import AuditAction
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.monitor.parent_settings import audit_words
from familywatch.monitor.records import Records
from familywatch.monitor.review_records import NoteRefused, ReviewNotes, week_label
from familywatch.reports import render
from familywatch.reports.data import summary_dict
from familywatch.security import PinVault
from familywatch.security.lockout import LockoutPolicy
from familywatch.store import SqlStore, open_store
from tests.security.keyring_backends import MemoryKeyring

NOW = datetime(2025, 5, 6, 18, 30, tzinfo=UTC)  # a Tuesday
PIN = "2468"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def controls(tmp_path: Path, store: SqlStore, clock: ManualClock) -> ParentControls:
    policy = LockoutPolicy()
    vault = PinVault(tmp_path, clock, backend=MemoryKeyring(), policy=policy)
    made = ParentControls(store, vault, policy, clock, UTC, "den-pc", "mia")
    made.set_pin(PIN)
    return made


@pytest.fixture
def notes(store: SqlStore, clock: ManualClock) -> ReviewNotes:
    return ReviewNotes(store, clock, UTC, "den-pc", "mia")


def test_ask_needs_no_pin_and_is_shown_in_the_audit(controls: ParentControls) -> None:
    asked = controls.ask(20, " school project ")
    assert (asked.request.minutes, asked.request.reason, asked.os_user) == \
        (20, "school project", "mia")
    assert controls.pending_requests() == [asked]
    entry = controls.audit_entries()[-1]
    assert entry.action is AuditAction.TIME_REQUESTED
    assert audit_words(entry, UTC) == \
        f"asked for 20 more minutes (school project) [request {asked.request.row_id}]"
    with pytest.raises(Refused, match="1 to 720 minutes"):
        controls.ask(0)


def test_grant_answers_one_request_and_adds_the_minutes_today(
        controls: ParentControls) -> None:
    first = controls.ask(20, "project")
    second = controls.ask(45, "movie call")
    granted = controls.grant(PIN, first.request.row_id, minutes=15)
    assert (granted.day, granted.extra_minutes) == (NOW.date(), 15)
    assert [e.extra_minutes for e in controls.settings().rules().exceptions] == [15]
    [answered, still_open] = controls.requests()
    assert (answered.request.answer, answered.granted_minutes) == ("granted", 15)
    assert still_open.request.answered_at is None
    entry = controls.audit_entries()[-1]
    assert entry.action is AuditAction.EXCEPTION_GRANTED
    assert entry.detail["request"] == first.request.row_id
    assert entry.detail["asked_minutes"] == 20
    controls.grant(PIN)  # the newest open one, with what was asked
    assert controls.requests()[1].granted_minutes == 45
    assert controls.pending_requests() == []
    with pytest.raises(Refused, match="no open request"):
        controls.grant(PIN)
    del second


def test_decline_with_a_wrong_pin_changes_nothing(controls: ParentControls) -> None:
    asked = controls.ask(30)
    with pytest.raises(Refused, match="wrong PIN"):
        controls.decline("1111", asked.request.row_id)
    assert controls.pending_requests() == [asked]
    controls.decline(PIN, asked.request.row_id)
    [done] = controls.requests()
    assert done.request.answer == "declined"
    assert controls.audit_entries()[-1].action is AuditAction.REQUEST_DECLINED
    assert controls.settings().rules().exceptions == ()
    with pytest.raises(Refused, match="no open request 99"):
        controls.decline(PIN, 99)


def test_the_review_reminder_setting_needs_the_pin(controls: ParentControls) -> None:
    assert controls.review_reminder() == "sun 18:00"
    with pytest.raises(Refused, match="expected"):
        controls.set_review_reminder(PIN, "someday")
    assert controls.set_review_reminder(PIN, "Sat  10:30") == "sun 18:00"
    assert controls.review_reminder() == "sat 10:30"
    entry = controls.audit_entries()[-1]
    assert (entry.action, entry.detail) == (AuditAction.REVIEW_REMINDER_CHANGED,
                                            {"from": "sun 18:00", "to": "sat 10:30"})


def test_notes_on_a_session_a_highlight_and_a_week(notes: ReviewNotes, store: SqlStore) -> None:
    started = NOW - timedelta(days=3)  # Saturday of the week before
    row = store.add_session(Session(0, Kind.CAMERA, 7, "zoom", started, started), None)
    on_session = notes.add_note("that was my class call", session=row)
    assert (on_session.target_kind, on_session.target_id, on_session.week) == \
        ("session", str(row), "2025-04-28")
    on_highlight = notes.add_note("we talked", author="parent", highlight="late-night",
                                  week=date(2025, 5, 8))
    on_week = notes.add_note("good week")
    assert (on_highlight.week, on_week.target_id) == ("2025-05-05", "2025-05-05")
    assert [n.text for n in notes.notes_for_week(date(2025, 5, 11))] == \
        ["we talked", "good week"]
    assert [n.text for n in notes.notes_for_week(date(2025, 4, 28))] == \
        ["that was my class call"]
    for bad, words in (({"session": 999}, "no session 999"), ({"author": "teacher"},
                       "child or the parent")):
        with pytest.raises(NoteRefused, match=words):
            notes.add_note("x", **bad)  # type: ignore[arg-type]
    with pytest.raises(NoteRefused, match="some text"):
        notes.add_note("   ")


def test_marking_a_week_reviewed(notes: ReviewNotes, clock: ManualClock) -> None:
    assert notes.reviewed_at(NOW.date()) is None
    review = notes.mark_reviewed()
    assert (review.week, review.os_user) == (week_label(NOW.date()), "mia")
    clock.advance(60)
    notes.mark_reviewed(date(2025, 5, 9))
    assert notes.reviewed_at(date(2025, 5, 5)) == NOW + timedelta(seconds=60)
    assert notes.reviewed_at(date(2025, 5, 12)) is None


def test_the_week_report_carries_requests_audit_notes_and_the_review(
        controls: ParentControls, notes: ReviewNotes, store: SqlStore, clock: ManualClock,
        tmp_path: Path) -> None:
    controls.import_schedule('version = 1\n[camera]\naction = "record"\n'
                             'hours = { everyday = ["08:00-09:00"] }\n', "rules.toml", PIN)
    asked = controls.ask(20, "project")
    controls.decline(PIN, asked.request.row_id)
    notes.add_note("a calm week", author="parent")
    notes.mark_reviewed()
    records = Records(store, clock, UTC, tmp_path / "no.lock", host="den-pc")
    summary = records.summary(records.week())
    view = records.parent_view(summary)
    data = summary_dict(summary, UTC, view)
    assert [e["action"] for e in data["audit"]] == \
        ["pin-set", "schedule-changed", "time-requested", "request-declined"]
    changed = data["audit"][1]
    assert changed["os_user"] == "mia" and changed["detail"]["before"] == \
        ["Camera: no limits (only recorded).", "Microphone: only recorded."]
    assert [(r["minutes"], r["answer"]) for r in data["requests"]] == [(20, "declined")]
    assert [(n["author"], n["text"], n["target"]["kind"]) for n in data["notes"]] == \
        [("parent", "a calm week", "week")]
    assert data["reviewed_at"] == NOW.isoformat(timespec="seconds")
    schedule = data["schedule"]
    assert schedule["camera_allowed_now"] is False  # 18:30 is outside 08:00-09:00
    assert schedule["next_change"] is None or schedule["next_change"] > data["generated_at"]
    assert "Camera hours: every day 08:00–09:00." in schedule["rules"]
    text = render(summary, UTC, "text", view)
    assert "Parent actions:" in text and "Schedule changed: imported rules.toml" in text
    assert "A request for more time was declined" in text
    assert "parent on the week: a calm week" in text
    assert "Reviewed together on" in text


def test_the_review_windows_week_labels_are_understood(notes: ReviewNotes) -> None:
    """The window calls on_note(week_label, text) and on_reviewed(week_label) with the
    summary's ISO week label ("2025-W19")."""
    note = notes.on_note("2025-W19", "we talked about the late calls")
    assert (note.week, note.target_kind, note.author) == ("2025-05-05", "week", "child")
    notes.mark_reviewed("2025-W19")
    assert notes.reviewed_at(date(2025, 5, 11)) == NOW
    assert notes.reviewed_at("2025-05-07") == NOW
    assert [n.text for n in notes.notes_for_week("2025-W19")] == \
        ["we talked about the late calls"]
    with pytest.raises(NoteRefused, match="not a week"):
        notes.mark_reviewed("last week")


def test_for_records_builds_the_api_from_the_windows_records(
        store: SqlStore, clock: ManualClock, tmp_path: Path) -> None:
    records = Records(store, clock, UTC, tmp_path / "no.lock", host="den-pc")
    made = ReviewNotes.for_records(records)
    assert (made.host, made.tz) == ("den-pc", UTC)
    made.mark_reviewed()
    assert made.reviewed_at(NOW.date()) == NOW
