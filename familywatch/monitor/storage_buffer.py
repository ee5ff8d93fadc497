"""What the monitor saw, kept in memory until the store takes it.

Storage can fail for a while: a full disk, a read-only or unplugged folder, another
program holding a write lock. The monitor must go on watching and keep what it saw,
so every write goes through this buffer:

* monitor runs are opened, touched and closed through *handles* (negative numbers until
  the run row exists, then the row id), so a run can begin while the disk is full;
* a session is kept as its newest value (a Session carries its start, last sighting
  and end), keyed by the tracker's serial: any number of heartbeats for one session
  cost one slot, and an ended session not yet stored is inserted already ended.

`flush()` writes in order - new runs, new sessions, session changes, run changes - and
stops at the first failure, keeping the rest for the next try. The buffer is bounded:
beyond `limit` pending sessions the oldest *ended* ones are dropped (and counted in
`dropped`), never the open ones, which are at most a few dozen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from familywatch.core.model import Session
from familywatch.core.ports import RecordStore, SessionUpdate
from familywatch.store.errors import StoreError

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 10_000  # pending sessions; an ended session is ~1 kB in memory


@dataclass(slots=True)
class _Run:
    started_at: datetime
    pid: int
    host: str
    row_id: int | None = None
    last_alive: datetime | None = None  # a touch not yet written
    end: tuple[datetime, str, datetime | None] | None = None  # an end not yet written
    # (a written run stays here: a handful per day, and its row id stays resolvable)


@dataclass(slots=True)
class _Pending:
    session: Session
    run: int | None  # handle
    row_id: int | None = None  # None: not inserted yet


class StorageBuffer:
    def __init__(self, store: RecordStore, limit: int = DEFAULT_LIMIT) -> None:
        self._store = store
        self._limit = limit
        self._runs: dict[int, _Run] = {}
        self._next_handle = -1
        self._sessions: dict[int, _Pending] = {}  # tracker serial -> newest value
        self._rows: dict[int, int] = {}  # tracker serial -> row id (open sessions)
        self.problem: str | None = None  # the last write failure, until a flush succeeds
        self.last_error: StoreError | None = None  # ... and the error itself
        self.dropped = 0  # ended sessions given up because the buffer was full
        self.failures = 0
        # Run once before the first write that succeeds (closing what a crash left open
        # must happen before this monitor's own run is written).
        self.before_first_write: Callable[[], None] | None = None

    # -- runs ------------------------------------------------------------------------
    def begin_run(self, at: datetime, pid: int, host: str) -> int:
        handle = self._next_handle
        self._next_handle -= 1
        self._runs[handle] = _Run(at, pid, host)
        return handle

    def touch_run(self, handle: int, at: datetime) -> None:
        if handle > 0:
            self._store.touch_run(handle, at)
        else:
            self._runs[handle].last_alive = at

    def end_run(self, handle: int, at: datetime, how: str,
                last_alive: datetime | None = None) -> None:
        if handle > 0:
            self._store.end_run(handle, at, how, last_alive)
        else:
            self._runs[handle].end = (at, how, last_alive)

    def run_row(self, handle: int | None) -> int | None:
        """The stored row id of a run (None while it is not written). A positive
        handle is a row id the caller wrote itself."""
        if handle is not None and handle > 0:
            return handle
        run = self._runs.get(handle) if handle is not None else None
        return run.row_id if run is not None else None

    def forget_stored_rows(self) -> None:
        """The database was swapped for a fresh one: nothing written to the old one is in
        it, so what is still pending is inserted anew (with its newest value)."""
        self._runs = {handle: run for handle, run in self._runs.items() if run.row_id is None}
        for pending in self._sessions.values():
            pending.row_id = None
        self._rows.clear()

    def row_of(self, serial: int) -> int | None:
        """The stored row id of a session (None while it is not written)."""
        row = self._rows.get(serial)
        if row is None:
            pending = self._sessions.get(serial)
            row = pending.row_id if pending is not None else None
        return row

    # -- sessions --------------------------------------------------------------------
    def put_session(self, session: Session, run: int | None) -> None:
        """Keep the newest value of a session (started, extended or ended)."""
        pending = self._sessions.get(session.serial)
        if pending is None:
            self._sessions[session.serial] = _Pending(session, run, self._rows.get(session.serial))
        else:
            pending.session = session
            if pending.row_id is None and run is not None:
                pending.run = run
        if len(self._sessions) > self._limit:
            self._drop_oldest_ended()

    @property
    def pending_sessions(self) -> int:
        return len(self._sessions)

    @property
    def pending(self) -> int:
        """Writes waiting: sessions plus run changes."""
        runs = sum(1 for r in self._runs.values()
                   if r.row_id is None or r.last_alive is not None or r.end is not None)
        return len(self._sessions) + runs

    # -- writing ---------------------------------------------------------------------
    def flush(self) -> bool:
        """Write what is pending; True when everything is stored."""
        try:
            if self.before_first_write is not None:
                self.before_first_write()
                self.before_first_write = None
            self._write_new_runs()
            self._write_sessions()
            self._write_run_changes()
        except StoreError as error:
            self.failures += 1
            self.last_error = error
            # A connection opened while the disk was read-only stays read-only after the
            # disk is writable again: the next try starts with fresh ones.
            discard = getattr(self._store, "discard_connections", None)
            if discard is not None:
                discard()
            if self.problem is None:
                log.warning("cannot write the record (%s); keeping it in memory and retrying",
                            error)
            self.problem = (f"cannot write the record, keeping {self.pending} change(s) in "
                            f"memory and retrying: {error}")
            return False
        if self.problem is not None:
            log.warning("the record is writable again; everything kept in memory was written")
        self.problem, self.last_error = None, None
        return True

    def _write_new_runs(self) -> None:
        for run in self._runs.values():
            if run.row_id is None:
                run.row_id = self._store.begin_run(run.started_at, run.pid, run.host)

    def _write_sessions(self) -> None:
        updates: list[tuple[int, SessionUpdate]] = []
        for serial, pending in list(self._sessions.items()):
            session = pending.session
            if pending.row_id is None:
                row = self._store.add_session(session, self.run_row(pending.run))
                pending.row_id = row
                self._forget_or_remember(serial, session, row)
            else:
                updates.append((serial, SessionUpdate(pending.row_id, session.last_seen,
                                                      session.ended_at, session.ended_by)))
        if updates:
            self._store.update_sessions([u for _, u in updates])
            for serial, _ in updates:
                pending = self._sessions.pop(serial)
                self._forget_or_remember(serial, pending.session, pending.row_id)

    def _forget_or_remember(self, serial: int, session: Session, row: int | None) -> None:
        self._sessions.pop(serial, None)
        if session.ended_at is None and row is not None:
            self._rows[serial] = row
        else:
            self._rows.pop(serial, None)

    def _write_run_changes(self) -> None:
        for run in self._runs.values():
            assert run.row_id is not None  # written by _write_new_runs
            if run.end is not None:
                self._store.end_run(run.row_id, *run.end)
                run.end, run.last_alive = None, None
            elif run.last_alive is not None:
                self._store.touch_run(run.row_id, run.last_alive)
                run.last_alive = None

    def _drop_oldest_ended(self) -> None:
        ended = [(p.session.ended_at, serial) for serial, p in self._sessions.items()
                 if p.session.ended_at is not None]
        if not ended:
            return
        _, serial = min(ended)
        del self._sessions[serial]
        self._rows.pop(serial, None)
        self.dropped += 1
        if self.dropped == 1 or self.dropped % 1000 == 0:
            log.error("the memory buffer is full: %d ended session(s) could not be kept",
                      self.dropped)
