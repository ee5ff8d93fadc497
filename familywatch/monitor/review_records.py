"""Notes and "We reviewed this week together": the API the review window and the CLI use.

No PIN: notes are written by the child or the parent (the writer says which) and shown to
both; marking a week reviewed is something they do together. Weeks are labelled by the
ISO date of their Monday (local time).
"""

from __future__ import annotations

import getpass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from familywatch.core.ports import Clock, Note, Review, ReviewRecordLog

AUTHORS = ("child", "parent")
TARGETS = ("session", "highlight", "week")
MAX_NOTE_CHARS = 2000


class NoteStore(ReviewRecordLog, Protocol):
    def session_started_at(self, row_id: int) -> datetime | None: ...


class NoteRefused(ValueError):
    """A note or mark that cannot be stored; the message says why in one line."""


Week = date | str  # a day of the week, "YYYY-MM-DD", or the review window's "YYYY-Www"


def week_day(week: Week) -> date:
    """A day of the week `week` names: a date, an ISO date, or an ISO week "2025-W19"."""
    if isinstance(week, date):
        return week
    text = week.strip()
    try:
        if "-W" in text.upper():
            year, number = text.upper().split("-W", 1)
            return date.fromisocalendar(int(year), int(number), 1)
        return date.fromisoformat(text)
    except ValueError:
        raise NoteRefused(f"{week!r} is not a week (use YYYY-MM-DD or YYYY-Www)") from None


def week_label(week: Week) -> str:
    """The ISO date of the Monday of the week (how notes and reviews are stored)."""
    day = week_day(week)
    return (day - timedelta(days=day.weekday())).isoformat()


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class ReviewNotes:
    def __init__(self, store: NoteStore, clock: Clock, tz: tzinfo, host: str,
                 os_user: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self.host = host
        self.os_user = os_user or os_user_name()

    @classmethod
    def for_records(cls, records: object) -> ReviewNotes:
        """From a monitor.records.Records (its store must be a SqlStore)."""
        store, clock, tz = records.store, records.clock, records.tz  # type: ignore[attr-defined]
        host = records.host or ""  # type: ignore[attr-defined]
        return cls(store, clock, tz, host)

    def on_note(self, week: Week, text: str, author: str = "child") -> Note:
        """For the review window's `on_note(week_label, text)`: a note on that week."""
        return self.add_note(text, author=author, week=week)

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def add_note(self, text: str, *, author: str = "child", session: int | None = None,
                 highlight: str | None = None, week: Week | None = None) -> Note:
        """A note on a session (row id), a highlight (its key; `week` says which week) or a
        week (`week`: any day in it; default this week)."""
        text = text.strip()
        if not text:
            raise NoteRefused("a note needs some text")
        if len(text) > MAX_NOTE_CHARS:
            raise NoteRefused(f"a note is at most {MAX_NOTE_CHARS} characters")
        if author not in AUTHORS:
            raise NoteRefused(f"a note is written by the child or the parent, not {author!r}")
        if session is not None and highlight is not None:
            raise NoteRefused("a note is about one thing: a session, a highlight or a week")
        if session is not None:
            started = self.store.session_started_at(session)
            if started is None:
                raise NoteRefused(f"there is no session {session}")
            kind, target = "session", str(session)
            label = week_label(started.astimezone(self.tz).date())
        else:
            label = week_label(week or self.today())
            kind, target = ("highlight", highlight) if highlight else ("week", label)
        note = Note(self.clock.now(), self.host, self.os_user, author, kind, target, label,
                    text)
        row_id = self.store.add_note(note)
        return Note(note.at, note.host, note.os_user, author, kind, target, label, text, row_id)

    def notes_for_week(self, day: Week) -> list[Note]:
        """Every note belonging to `day`'s week, oldest first."""
        return self.store.notes(week_label(day))

    def mark_reviewed(self, day: Week | None = None) -> Review:
        review = Review(week_label(day or self.today()), self.clock.now(), self.host,
                        self.os_user)
        self.store.add_review(review)
        return review

    def reviewed_at(self, day: Week) -> datetime | None:
        """When `day`'s week was last marked reviewed; None if never."""
        reviews = self.store.reviews(week_label(day))
        return reviews[-1].reviewed_at if reviews else None
