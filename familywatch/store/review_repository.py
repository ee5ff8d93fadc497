"""Time requests with their answers, the weekly review's notes and "reviewed" marks, and
outside-schedule seconds on sessions (RequestRecords, ReviewRecordLog, OutsideScheduleLog
in core/ports.py). A mixin of SqlStore, like ParentRecords."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, insert, select, update

from familywatch.core.model import Session
from familywatch.core.ports import AskedTime, Note, Review, TimeRequest
from familywatch.store.access import StoreAccess
from familywatch.store.errors import plain_errors
from familywatch.store.tables import CHAIN, NOTES, REQUESTS, REVIEWS, SESSIONS

_REQUEST_COLUMNS = (
    REQUESTS.c.id, REQUESTS.c.at, REQUESTS.c.host, REQUESTS.c.minutes, REQUESTS.c.reason,
    REQUESTS.c.answered_at, REQUESTS.c.answer, REQUESTS.c.os_user, REQUESTS.c.granted_minutes,
)
_NOTE_COLUMNS = (
    NOTES.c.id, NOTES.c.at, NOTES.c.host, NOTES.c.os_user, NOTES.c.author,
    NOTES.c.target_kind, NOTES.c.target_id, NOTES.c.week, NOTES.c.text,
)


def _asked(row: Any) -> AskedTime:
    row_id, at, host, minutes, reason, answered_at, answer, os_user, granted = row
    return AskedTime(TimeRequest(at, minutes, reason, host, answered_at, answer, row_id),
                     os_user, granted)


def _note(row: Any) -> Note:
    row_id, at, host, os_user, author, kind, target, week, text = row
    return Note(at, host, os_user, author, kind, target, week, text, row_id)


def _review(row: Any) -> Review:
    week, reviewed_at, host, os_user = row
    return Review(week, reviewed_at, host, os_user)


class ReviewRecords(StoreAccess):
    """Needs `_engine` and `_where` from the class it is mixed in."""

    # -- time requests with answers -------------------------------------------------

    def add_asked(self, request: TimeRequest, os_user: str | None) -> int:
        values = {"at": request.at, "host": request.host, "minutes": request.minutes,
                  "reason": request.reason, "answered_at": None, "answer": None,
                  "os_user": os_user}
        return self._insert(insert(REQUESTS).values(values))

    def requests(self, since: datetime | None = None) -> list[AskedTime]:
        statement = select(*_REQUEST_COLUMNS).order_by(REQUESTS.c.at, REQUESTS.c.id)
        if since is not None:
            statement = statement.where(REQUESTS.c.at >= since)
        return [_asked(row) for row in self._read(statement)]

    def answer_request(self, row_id: int, at: datetime, answer: str,
                       granted_minutes: int | None = None) -> bool:
        statement = (
            update(REQUESTS)
            .where(REQUESTS.c.id == row_id, REQUESTS.c.answered_at.is_(None))
            .values(answered_at=at, answer=answer, granted_minutes=granted_minutes)
        )
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            return bool(connection.execute(statement).rowcount)

    # -- notes and reviews ----------------------------------------------------------

    def add_note(self, note: Note) -> int:
        values = {"at": note.at, "host": note.host, "os_user": note.os_user,
                  "author": note.author, "target_kind": note.target_kind,
                  "target_id": note.target_id, "week": note.week, "text": note.text}
        return self._insert(insert(NOTES).values(values))

    def notes(self, week: str | None = None) -> list[Note]:
        statement = select(*_NOTE_COLUMNS).order_by(NOTES.c.at, NOTES.c.id)
        if week is not None:
            statement = statement.where(NOTES.c.week == week)
        return [_note(row) for row in self._read(statement)]

    def add_review(self, review: Review) -> int:
        values = {"week": review.week, "reviewed_at": review.reviewed_at,
                  "host": review.host, "os_user": review.os_user}
        return self._insert(insert(REVIEWS).values(values))

    def reviews(self, week: str | None = None) -> list[Review]:
        columns = REVIEWS.c
        statement = select(columns.week, columns.reviewed_at, columns.host, columns.os_user
                           ).order_by(columns.reviewed_at, columns.id)
        if week is not None:
            statement = statement.where(columns.week == week)
        return [_review(row) for row in self._read(statement)]

    def session_started_at(self, row_id: int) -> datetime | None:
        rows = self._read(select(SESSIONS.c.started_at).where(SESSIONS.c.id == row_id))
        return rows[0][0] if rows else None

    # -- outside-schedule seconds ---------------------------------------------------

    def set_outside_schedule_seconds(self, session: Session, seconds: float) -> bool:
        """False when no unsealed row matches (not stored yet, or already sealed)."""
        match = [SESSIONS.c.kind == session.kind.value,
                 SESSIONS.c.started_at == session.started_at,
                 SESSIONS.c.process == session.process]
        match.append(SESSIONS.c.pid.is_(None) if session.pid is None
                     else SESSIONS.c.pid == session.pid)
        if session.host is not None:
            match.append(SESSIONS.c.host == session.host)
        # A sealed row is final (store/integrity.py): changing it would read as tampering.
        match.append(~exists().where(CHAIN.c.tbl == "sessions", CHAIN.c.row_id == SESSIONS.c.id))
        statement = update(SESSIONS).where(*match).values(
            outside_schedule_seconds=round(seconds, 1))
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            return bool(connection.execute(statement).rowcount)
