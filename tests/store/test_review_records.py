"""Time requests with answers, notes, review marks and outside-schedule seconds on a real
SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from familywatch.core.model import Session
from familywatch.core.ports import (
    Note,
    OutsideScheduleLog,
    RequestRecords,
    Review,
    ReviewRecordLog,
    TimeRequest,
)
from familywatch.store import SqlStore

At = Callable[[float], datetime]


def test_sql_store_is_every_review_port(store: SqlStore) -> None:
    for port in (RequestRecords, ReviewRecordLog, OutsideScheduleLog):
        assert isinstance(store, port), port


def test_requests_keep_who_asked_and_what_was_granted(store: SqlStore, at: At) -> None:
    first = store.add_asked(TimeRequest(at(0), 20, "school project", "den-pc"), "mia")
    second = store.add_asked(TimeRequest(at(5), 30, "", "den-pc"), "mia")
    assert store.answer_request(first, at(10), "granted", 15)
    assert not store.answer_request(first, at(11), "declined")  # answered once only
    assert store.answer_request(second, at(12), "declined")
    [one, two] = store.requests()
    assert (one.os_user, one.request.answer, one.granted_minutes, one.request.answered_at) == \
        ("mia", "granted", 15, at(10))
    assert (two.request.answer, two.granted_minutes) == ("declined", None)
    assert [r.request.row_id for r in store.requests(since=at(1))] == [second]
    assert store.open_requests() == []


def test_notes_and_reviews_by_week(store: SqlStore, at: At) -> None:
    week = "2024-02-26"
    note = Note(at(0), "den-pc", "mia", "child", "session", "7", week, "my class call")
    row = store.add_note(note)
    store.add_note(Note(at(1), "den-pc", "dad", "parent", "week", week, week, "good week"))
    store.add_note(Note(at(2), "den-pc", "dad", "parent", "week", "2024-03-04", "2024-03-04",
                        "next"))
    [first, second] = store.notes(week)
    assert first == Note(at(0), "den-pc", "mia", "child", "session", "7", week,
                         "my class call", row)
    assert second.author == "parent"
    assert len(store.notes()) == 3
    store.add_review(Review(week, at(3), "den-pc", "dad"))
    store.add_review(Review(week, at(4), "den-pc", "mia"))
    assert [r.reviewed_at for r in store.reviews(week)] == [at(3), at(4)]
    assert store.reviews("2024-03-04") == []


def test_outside_seconds_are_set_on_the_matching_row(
        store: SqlStore, at: At, make_session: Callable[..., Session]) -> None:
    session = make_session(0, None)
    row = store.add_session(session, None)
    other = store.add_session(make_session(1, None), None)
    store.set_outside_schedule_seconds(session, 42.5)
    seconds = {s.serial: s.outside_schedule_seconds for s in store.open_sessions()}
    assert seconds == {row: 42.5, other: 0.0}
    assert store.session_started_at(row) == session.started_at
    assert store.session_started_at(9999) is None
