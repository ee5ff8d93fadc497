"""SqlStore: the RecordStore of core/ports.py on SQLAlchemy.

Each call takes a pooled connection for its own short transaction, so the UI and the
monitor can share one database. Reads select plain columns (SQLAlchemy Core) and build
the frozen core values directly: no ORM identity map or change tracking on the hot path
(measured on a year of sessions: ORM object loading alone took longer than this whole read).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    ColumnElement,
    Engine,
    and_,
    bindparam,
    func,
    insert,
    make_url,
    or_,
    select,
    update,
)
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql import Executable

from familywatch.core.model import EndReason, MonitorRun, Session
from familywatch.core.ports import Recovery, SessionUpdate
from familywatch.store.engine import create_store_engine, describe, sqlite_path
from familywatch.store.errors import StoreError, plain_errors
from familywatch.store.migrate import ensure_schema
from familywatch.store.overlap import HISTORY_SPAN, by_ended_at, overlapping_sessions
from familywatch.store.parent_repository import ParentRecords
from familywatch.store.review_repository import ReviewRecords
from familywatch.store.rows import (
    RUN_COLUMNS,
    SESSION_COLUMNS,
    gc_paused,
    run_from_row,
    session_values,
    sessions_from_rows,
)
from familywatch.store.tables import RUNS, SESSIONS
from familywatch.store.utc import naive_utc

RETRY_OPEN_SECONDS = 5.0  # a database that could not be opened is tried again after this

FileIdentity = tuple[int, int]  # (device, inode)


def file_identity(path: Path) -> FileIdentity:
    info = os.stat(path)
    return (info.st_dev, info.st_ino)


# One statement for a whole batch of heartbeats (executemany).
_UPDATE_SESSION = (
    update(SESSIONS)
    .where(SESSIONS.c.id == bindparam("b_id"))
    .values(
        last_seen=bindparam("b_last_seen"),
        ended_at=bindparam("b_ended_at"),
        ended_by=bindparam("b_ended_by"),
    )
)


def open_store(url: str, *, defer: bool = False, create: bool = True) -> SqlStore:
    """The store at a SQLAlchemy URL, created and migrated if needed. StoreError when it
    can't be opened - or, with `defer`, from each use until it can (the monitor starts on
    a full or read-only disk and writes once storage is back). `create=False`: a missing
    SQLite file is an error, not a fresh database (a command must not make one under a
    running monitor whose file went missing: the monitor deals with that)."""
    store = SqlStore(url=url, create=create)
    if not defer:
        store.open()
    return store


class SqlStore(ParentRecords, ReviewRecords):
    """Sessions and monitor runs in a SQL database, and (from ParentRecords) settings, the
    audit log, rule events and time requests, and (from ReviewRecords) requests with their
    answers, notes, reviews and outside-schedule seconds. Times in and out are aware UTC.

    The engine is opened on first use and can be replaced in place (`reopen`), so every
    part of a process that holds this store follows the monitor to a fresh database."""

    def __init__(self, engine: Engine | None = None, *, url: str | URL | None = None,
                 create: bool = True) -> None:
        if engine is not None:
            self._url = engine.url
        elif url is not None:
            try:
                self._url = make_url(url)
            except ArgumentError:
                raise StoreError(f"{url!r} is not a database URL "
                                 "(e.g. sqlite:////path/x.db)") from None
        else:
            raise TypeError("SqlStore needs an engine or a URL")
        self._where = describe(self._url)
        self._live: Engine | None = None
        self._identity: FileIdentity | None = None
        self._failed: tuple[float, StoreError] | None = None  # the last failed open
        self._opening = threading.Lock()
        self._create = create
        if engine is not None:
            self._adopt(engine)

    @property
    def _engine(self) -> Engine:
        live = self._live
        return live if live is not None else self.open()

    def open(self) -> Engine:
        """Open (creating and migrating) the database unless it is open; StoreError when it
        can't be. After a failure, tries again at most every RETRY_OPEN_SECONDS."""
        with self._opening:
            if self._live is not None:
                return self._live
            if self._failed is not None and \
                    time.monotonic() - self._failed[0] < RETRY_OPEN_SECONDS:
                raise self._failed[1]
            path = sqlite_path(self._url)
            if not self._create and path is not None and not path.exists():
                error = StoreError(f"{self._where} does not exist")
                self._failed = (time.monotonic(), error)
                raise error
            try:
                engine = create_store_engine(self._url)
                try:
                    ensure_schema(engine)
                except BaseException:
                    engine.dispose()
                    raise
            except StoreError as error:
                self._failed = (time.monotonic(), error)
                raise
            self._failed = None
            return self._adopt(engine)

    def _adopt(self, engine: Engine) -> Engine:
        self._live = engine
        path = sqlite_path(self._url)
        self._identity = file_identity(path) if path is not None else None
        return engine

    @property
    def is_open(self) -> bool:
        return self._live is not None

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory or server database."""
        return sqlite_path(self._url)

    @property
    def where(self) -> str:
        """The database as messages name it (its file, or its URL without the password)."""
        return self._where

    def file_change(self) -> str | None:
        """"deleted" or "replaced" when the file at the path is no longer the one this
        store has open (someone removed or swapped it); None otherwise."""
        path = self.path
        if path is None or self._live is None or self._identity is None:
            return None
        try:
            now = file_identity(path)
        except FileNotFoundError:
            return "deleted"
        except OSError:
            return None  # unreadable for now: not a change we can name
        return None if now == self._identity else "replaced"

    def rescue_copy(self, target: Path) -> None:
        """Write a whole copy of the open database to `target` (SQLite's VACUUM INTO), read
        through this store's own connections: it works when the file was deleted or
        replaced behind them, since they still hold the old one."""
        with plain_errors("copy", self._where), self._engine.connect() as connection:
            connection.exec_driver_sql("VACUUM INTO ?", (str(target),))

    def reopen(self) -> None:
        """Close the database; the next use opens the file at the path afresh (a fresh
        database if nothing is there)."""
        with self._opening:
            if self._live is not None:
                self._live.dispose()
            self._live, self._identity, self._failed = None, None, None

    def discard_connections(self) -> None:
        """Close the pooled connections; the next use opens new ones (see StorageBuffer)."""
        if self._live is not None:
            self._live.dispose()

    def close(self) -> None:
        """Close the pooled connections (SQLite merges its WAL when the last one closes)."""
        if self._live is not None:
            self._live.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- monitor runs ---------------------------------------------------------------

    def begin_run(self, started_at: datetime, pid: int, host: str) -> int:
        values = {"host": host, "pid": pid, "started_at": started_at, "last_alive": started_at}
        return self._insert(insert(RUNS).values(values))

    def touch_run(self, run_id: int, at: datetime) -> None:
        self._update_run(run_id, last_alive=at)

    def end_run(self, run_id: int, at: datetime, how: str,
                last_alive: datetime | None = None) -> None:
        self._update_run(run_id, last_alive=last_alive or at, ended_at=at, ended_how=how)

    def _update_run(self, run_id: int, **values: Any) -> None:
        statement = update(RUNS).where(RUNS.c.id == run_id).values(values)
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            if connection.execute(statement).rowcount == 0:
                raise StoreError(f"monitor run {run_id} is not in {self._where}")

    def recover_after_crash(self, now: datetime, *, host: str | None = None) -> Recovery:
        """Close what an unclean stop left open, at the last moment it was known alive.

        `now` is not used as the end: a crash must not stretch a session to the restart.
        With `host`, only that computer's records (and sessions without a host) are
        touched: in a shared database other computers' runs are open because they run.
        """
        open_runs: ColumnElement[bool] = RUNS.c.ended_at.is_(None)
        open_sessions: ColumnElement[bool] = SESSIONS.c.ended_at.is_(None)
        if host is not None:
            open_runs = open_runs & (RUNS.c.host == host)
            open_sessions = open_sessions & or_(SESSIONS.c.host == host, SESSIONS.c.host.is_(None))
        close_runs = update(RUNS).where(open_runs)
        close_sessions = update(SESSIONS).where(open_sessions)
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            runs = connection.execute(
                close_runs.values(ended_at=RUNS.c.last_alive, ended_how="crashed")
            )
            sessions = connection.execute(
                close_sessions.values(
                    ended_at=SESSIONS.c.last_seen, ended_by=EndReason.RECOVERED.value
                )
            )
        return Recovery(sessions_closed=sessions.rowcount, runs_closed=runs.rowcount)

    def runs_between(self, start: datetime, end: datetime) -> list[MonitorRun]:
        """Runs overlapping [start, end); an open run is taken to end at its last_alive."""
        run_end = func.coalesce(RUNS.c.ended_at, RUNS.c.last_alive)
        statement = (
            select(*RUN_COLUMNS)
            .where(RUNS.c.started_at < end, run_end > start)
            .order_by(RUNS.c.started_at, RUNS.c.id)
        )
        return [run_from_row(row) for row in self._read(statement)]

    def runs_for_gaps(self, start: datetime, end: datetime) -> list[MonitorRun]:
        """The runs that decide the gaps in [start, end): those started in it or
        overlapping it, the open ones (one alive a moment ago counts until now), and the
        run started last before `start` (the reason for a gap at the start, and the sign
        that monitoring had begun). gaps_between_runs finds the same gaps in these as in
        every run ever, without reading years of runs."""
        run_end = func.coalesce(RUNS.c.ended_at, RUNS.c.last_alive)
        run_before = (
            select(RUNS.c.id)
            .where(RUNS.c.started_at < start)
            .order_by(RUNS.c.started_at.desc(), RUNS.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        # A run ended by the clock set back may have started after `end` and still
        # name a stretch inside the window (MonitorRun.last_alive).
        set_back = and_(RUNS.c.ended_how == "clock-change", RUNS.c.last_alive < end,
                        RUNS.c.ended_at > start)
        statement = (
            select(*RUN_COLUMNS)
            .where(or_(and_(RUNS.c.started_at < end,
                            or_(RUNS.c.started_at >= start, run_end > start,
                                RUNS.c.ended_at.is_(None), RUNS.c.id == run_before)),
                       set_back))
            .order_by(RUNS.c.started_at, RUNS.c.id)
        )
        return [run_from_row(row) for row in self._read(statement)]

    def latest_run(self, *, host: str | None = None) -> MonitorRun | None:
        """The run started last (on `host`, if given)."""
        statement = select(*RUN_COLUMNS).order_by(RUNS.c.started_at.desc(), RUNS.c.id.desc())
        if host is not None:
            statement = statement.where(RUNS.c.host == host)
        rows = self._read(statement.limit(1))
        return run_from_row(rows[0]) if rows else None

    # -- sessions -------------------------------------------------------------------

    def add_session(self, session: Session, run_id: int | None) -> int:
        """Store a session; returns its row id. Without a host, the run's host is used."""
        host: Any = session.host
        if host is None and run_id is not None:
            host = select(RUNS.c.host).where(RUNS.c.id == run_id).scalar_subquery()
        values = session_values(session) | {"host": host, "run_id": run_id}
        return self._insert(insert(SESSIONS).values(values))

    def update_sessions(self, updates: Sequence[SessionUpdate]) -> None:
        """Apply a batch of heartbeats and endings in one transaction."""
        if not updates:
            return
        parameters = [
            {
                "b_id": change.row_id,
                "b_last_seen": change.last_seen,
                "b_ended_at": change.ended_at,
                "b_ended_by": change.ended_by.value if change.ended_by else None,
            }
            for change in updates
        ]
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            connection.execute(_UPDATE_SESSION, parameters)

    def sessions_between(self, start: datetime, end: datetime) -> list[Session]:
        """Sessions overlapping [start, end), open ones included, by start time.

        Overlap means started_at < end and (still open or ended_at > start): a session
        that ends exactly at `start` or starts exactly at `end` is outside.
        """
        if naive_utc(end) < naive_utc(start):  # a naive time is refused before any arithmetic
            raise ValueError(f"window ends ({end}) before it starts ({start})")
        dialect = self._engine.dialect.name
        with gc_paused():
            with plain_errors("read", self._where), self._engine.connect() as connection:
                oldest, newest = connection.execute(HISTORY_SPAN).one()
                statement = overlapping_sessions(
                    start, end, dialect, ended_at_index=by_ended_at(start, end, oldest, newest)
                )
                rows = connection.execute(statement).all()
            return sessions_from_rows(rows)

    def open_sessions(self) -> list[Session]:
        return self._read_sessions(select(*SESSION_COLUMNS).where(SESSIONS.c.ended_at.is_(None)))

    def _read_sessions(self, statement: Executable) -> list[Session]:
        with gc_paused():
            return sessions_from_rows(self._read(statement))
