"""Notes on a session, a highlight or a week, as the windows see them (no storage here).

`NotesLike` is what the windows need from monitor.review_records.ReviewNotes: the tray
app passes the real one; tests may pass their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from familywatch.core.highlights import Highlight

AUTHORS = ("child", "parent")


class NoteLike(Protocol):
    """Read-only, so that a frozen dataclass (core.ports.Note) matches it."""

    @property
    def at(self) -> datetime: ...

    @property
    def author(self) -> str: ...

    @property
    def target_kind(self) -> str: ...

    @property
    def target_id(self) -> str: ...

    @property
    def week(self) -> str: ...

    @property
    def text(self) -> str: ...


class NotesLike(Protocol):
    def add_note(self, text: str, *, author: str = "child", session: int | None = None,
                 highlight: str | None = None, week: str | None = None) -> NoteLike: ...

    def notes_for_week(self, day: str) -> Sequence[NoteLike]: ...


def highlight_key(highlight: Highlight) -> str:
    """The key a note on `highlight` is stored under (what `note add --highlight` takes):
    the highlight's kind, and its app when it is about one app."""
    app = highlight.values.get("app")
    return f"{highlight.kind.value}:{app}" if isinstance(app, str) and app else \
        highlight.kind.value
