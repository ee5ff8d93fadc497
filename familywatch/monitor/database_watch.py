"""The running monitor's watch over its own database file.

Only the process that writes the record may give its file up: a command that moved a
damaged file aside under a running monitor left the monitor writing into the moved file,
and the visible record went empty with no gap. So commands only say what is wrong
(cli._open_store), and the monitor looks itself:

* at every heartbeat, whether the file at the path is still the one it has open (device
  and inode): deleted, or replaced by another file. Its own connections still hold the
  old file, so what it held is saved beside the path first (SQLite's VACUUM INTO);
* every `every` seconds, and at once after a write failed as "malformed" or "not a
  database", PRAGMA quick_check: a damaged file is moved aside, never deleted.

Then a fresh database is started at the path; the monitor says so (problem, status,
tray) and keeps it in the fresh database's settings.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from familywatch.store.errors import StoreError
from familywatch.store.health import (
    DELETED,
    REPLACED,
    Replacement,
    aside_name,
    damage,
    move_aside,
)

log = logging.getLogger(__name__)

QUICK_CHECK_SECONDS = 300.0  # 13 ms for a heavy year of records, ~50 ms for five


@runtime_checkable
class WatchedStore(Protocol):
    """What the watch needs of the store (store/repository.SqlStore)."""

    @property
    def path(self) -> Path | None: ...

    @property
    def is_open(self) -> bool: ...

    def file_change(self) -> str | None: ...

    def rescue_copy(self, target: Path) -> None: ...

    def reopen(self) -> None: ...


class DatabaseWatch:
    def __init__(self, store: object, every: float = QUICK_CHECK_SECONDS) -> None:
        self._store = store if isinstance(store, WatchedStore) else None
        self._every = every
        self._last_check: float | None = None

    def checked(self, monotonic: float) -> None:
        """A quick_check was just done (at start, by whoever opened the store)."""
        self._last_check = monotonic

    def look(self, monotonic: float, now: datetime, *, suspect: bool = False
             ) -> Replacement | None:
        """The replacement made, or None when the file is still sound and ours."""
        store = self._store
        if store is None or store.path is None or not store.is_open:
            return None
        path = store.path
        change = store.file_change()
        if change is not None:
            return self._rescue(store, path, now, change)
        due = self._last_check is None or monotonic - self._last_check >= self._every
        if not (due or suspect):
            return None
        self._last_check = monotonic
        why = damage(path)
        if why is None:
            return None
        store.reopen()  # close first: nothing more goes into the file being moved
        return move_aside(path, now, why)

    def _rescue(self, store: WatchedStore, path: Path, now: datetime, change: str
                ) -> Replacement:
        saved = aside_name(path, now, "deleted" if change == DELETED else "kept")
        moved: list[Path] = []
        try:
            store.rescue_copy(saved)
            moved.append(saved)
        except StoreError as error:
            log.error("could not save what the database held: %s", error)
        store.reopen()
        if change == REPLACED and path.exists():
            try:
                moved.append(self._move_other(path, now))
            except OSError as error:
                log.error("could not move the other file at %s aside: %s", path, error)
        why = ("the file was deleted" if change == DELETED
               else "another file was put in its place")
        return Replacement(now, path, tuple(moved), why,
                           DELETED if change == DELETED else REPLACED)

    @staticmethod
    def _move_other(path: Path, now: datetime) -> Path:
        """Move the file found in place of ours aside. The -wal/-shm names beside it were
        shared by this monitor's connections and the other file's: a -wal is kept under
        a name SQLite does not read on its own (never deleted), the -shm (an index of
        it, rebuilt on open) removed, so the moved file opens as it was written."""
        other = aside_name(path, now, "other")
        os.replace(path, other)
        wal = Path(f"{path}-wal")
        if wal.exists():
            os.replace(wal, Path(f"{other}.wal-found"))
        Path(f"{path}-shm").unlink(missing_ok=True)
        return other
