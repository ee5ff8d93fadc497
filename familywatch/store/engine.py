"""Engines for the store: SQLite tuned for an all-day writer, anything else as given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from familywatch.store.errors import StoreError

BUSY_TIMEOUT_MS = 5000


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for in-memory databases and other servers."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database.startswith("file:"):  # URI form: sqlite:///file:/x.db?mode=ro&uri=true
        database = database.removeprefix("file:").split("?", 1)[0]
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    return Path(database).expanduser().absolute()


def describe(url: URL) -> str:
    """How a database is named in messages: its file, or its URL without the password."""
    path = sqlite_path(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def create_store_engine(url: str | URL, *, for_migration: bool = False) -> Engine:
    """An engine for the store; for SQLite, the file's folder is created and pragmas set.

    `for_migration` gives a one-connection engine whose transactions start with
    BEGIN IMMEDIATE (so two processes starting at once migrate one after the other, and
    DDL is transactional) and with foreign keys off (SQLite table rebuilds need that).
    """
    try:
        url = make_url(url)
    except ArgumentError:
        raise StoreError(f"{url!r} is not a database URL (e.g. sqlite:////path/x.db)") from None
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {path.parent} for the database: {error.strerror}"
            ) from None
    try:
        engine = create_engine(url, poolclass=NullPool if for_migration else None)
    except (ArgumentError, ImportError) as error:  # unknown dialect, driver not installed
        raise StoreError(f"cannot open {describe(url)}: {error}") from None
    if url.get_backend_name() == "sqlite":
        _tune_sqlite(engine, foreign_keys=not for_migration)
        if for_migration:
            _take_over_begin(engine)
    return engine


def _tune_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # WAL: readers (the UI) never block the monitor's writes; NORMAL sync in WAL
            # loses at most the last commits on power loss, never corrupts.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()


def _take_over_begin(engine: Engine) -> None:
    """SQLAlchemy's documented recipe: the driver emits no BEGIN, we emit our own."""

    @event.listens_for(engine, "connect")
    def no_driver_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
