"""A damaged database is moved aside, never deleted, and a fresh one started - visibly.

At every start (monitor, tray, each CLI command that opens the record) the SQLite file
gets `PRAGMA quick_check` (it reads every page once but skips the index cross-checks of
`integrity_check`: ~13 ms for a heavy year of records, 11.5 MB; ~50 ms for five years).
Read-only commands are not let off: "unchanged since a clean check" never holds while
the monitor runs (it commits every few seconds), and trusting the monitor instead would
leave damage to older pages unnoticed until its next start. A file that is not a database,
or fails the check, is renamed beside itself as `NAME.corrupt-YYYYMMDD-HHMMSS.sqlite3`
(its -wal and -shm files too, so the pair can still be opened and examined); a fresh
database is created; the replacement is written into the fresh database (setting
`integrity.replaced_database`), said on stderr by the CLI, and shown as the monitor's
`problem` (tray and status) until the monitor has run once.

A database that is merely locked, unreadable or on a server is left alone: those are
not damage, and the usual error says what is wrong.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from familywatch.core.ports import SettingsStore
from familywatch.store.engine import sqlite_path

log = logging.getLogger(__name__)

REPLACED_KEY = "integrity.replaced_database"
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


DAMAGED, DELETED, REPLACED = "damaged", "deleted", "replaced"


@dataclass(frozen=True, slots=True)
class Replacement:
    """A database file given up for a fresh one: damaged (moved aside), or deleted or
    replaced under the running monitor (what it still held saved beside it)."""

    at: datetime
    original: Path
    # The database first, then its -wal/-shm if there were any; for `replaced`, the copy
    # of FamilyWatch's record, then the other file found in its place.
    moved_to: tuple[Path, ...]
    damage: str
    event: str = DAMAGED

    def message(self) -> str:
        if self.event == DELETED:
            saved = (f"what FamilyWatch still held was saved as {self.moved_to[0]}"
                     if self.moved_to else "what it held could not be saved")
            return (f"the database {self.original} was deleted while FamilyWatch was "
                    f"running; {saved}, and a fresh database was started")
        if self.event == REPLACED:
            kept = (f"the record FamilyWatch kept was saved as {self.moved_to[0]}"
                    if self.moved_to else "the record FamilyWatch kept could not be saved")
            other = (f", the other file was moved aside to {self.moved_to[-1]}"
                     if len(self.moved_to) > 1 else "")
            return (f"the database {self.original} was replaced by another file while "
                    f"FamilyWatch was running; {kept}{other}, and a fresh database was "
                    "started")
        return (f"the database {self.original} was damaged ({self.damage}); it was moved "
                f"aside to {self.moved_to[0]} (nothing deleted) and a fresh database was "
                f"started at {self.original}")

    def to_json(self) -> str:
        return json.dumps({"at": self.at.isoformat(), "original": str(self.original),
                           "moved_to": [str(p) for p in self.moved_to], "damage": self.damage,
                           "event": self.event})


def damage(path: Path) -> str | None:
    """What is wrong with the SQLite file at `path`, or None if it is sound (or absent,
    empty, or cannot be checked for reasons that are not damage: locked, no access)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError:
        return None
    if header != b"SQLite format 3\0":
        # Not opened at all: SQLite would discard a -wal beside a file it can't read.
        return "file is not a database"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) in _DAMAGE_CODES:
            return str(error)
        return None
    finally:
        connection.close()
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found[:3])


def aside_name(path: Path, at: datetime, label: str = "corrupt") -> Path:
    """NAME.LABEL-YYYYMMDD-HHMMSS.sqlite3 beside `path`, not taken yet."""
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def rename_with_companions(path: Path, target: Path) -> list[Path]:
    """Rename a database and its -wal/-shm/-journal (same folder: atomic renames)."""
    moved = [target]
    os.replace(path, target)
    for extra in ("-wal", "-shm", "-journal"):
        companion = Path(f"{path}{extra}")
        if companion.exists():
            os.replace(companion, Path(f"{target}{extra}"))
            moved.append(Path(f"{target}{extra}"))
    return moved


def move_aside(path: Path, at: datetime, why: str) -> Replacement:
    """Rename the damaged database and its -wal/-shm beside it."""
    moved = rename_with_companions(path, aside_name(path, at))
    replacement = Replacement(at, path, tuple(moved), why)
    log.info("%s", replacement.message())  # the caller says it (stderr, problem)
    return replacement


def damage_at(url: str) -> tuple[Path, str] | None:
    """The SQLite file behind `url` and what is wrong with it, or None if it is sound (or
    not a SQLite file: open_store explains a bad URL)."""
    try:
        path = sqlite_path(make_url(url))
    except ArgumentError:
        return None
    if path is None:
        return None
    why = damage(path)
    return None if why is None else (path, why)


def check_database(url: str, now: datetime | None = None) -> Replacement | None:
    """Quick-check the SQLite file behind `url`; move it aside when it is damaged. Only for
    the process that holds the monitor lock, or when no monitor runs: a running monitor
    would go on writing into the file moved away."""
    found = damage_at(url)
    if found is None:
        return None
    return move_aside(found[0], now or datetime.now(UTC), found[1])


def note_replacement(store: object, replacement: Replacement) -> None:
    """Keep the replacement in the fresh database, so the monitor and windows show it."""
    if isinstance(store, SettingsStore):
        store.put_settings({REPLACED_KEY: replacement.to_json()})


def start_notices(store: object) -> list[str]:
    """Problems to show when the monitor starts: a database replaced since its last run."""
    if not isinstance(store, SettingsStore):
        return []
    try:
        raw = store.settings().get(REPLACED_KEY)
        latest = store.latest_run() if hasattr(store, "latest_run") else None
    except Exception:  # an unreadable store is reported by the monitor's own jobs
        return []
    if raw is None:
        return []
    try:
        data = json.loads(raw)
        at = datetime.fromisoformat(data["at"])
    except (ValueError, KeyError, TypeError):
        return []
    if latest is not None and latest.started_at >= at:
        return []
    try:
        return [Replacement(at, Path(data["original"]), tuple(map(Path, data["moved_to"])),
                            str(data["damage"]), str(data.get("event", DAMAGED))).message()
                + f" (on {at:%Y-%m-%d %H:%M} UTC)"]
    except (KeyError, TypeError):
        return []
