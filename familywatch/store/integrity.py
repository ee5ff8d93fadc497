"""Sealing final rows into the integrity chain, and verifying it (see core/integrity.py).

Sealed tables and when a row is final: sessions and monitor runs once ended; audit
entries, rule events and notes when written. The monitor seals at most once a minute
(monitor/integrity.py), and a parent action seals at once; each sweep is one transaction,
so two sealers sharing a database never fork the chain (the second one's write fails as
busy and it tries again with the new head).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, exists, func, insert, select

from familywatch.core.integrity import GENESIS, Link, Purge, Verdict, digest, mac_of, verify_links
from familywatch.store.engine import describe
from familywatch.store.errors import plain_errors
from familywatch.store.tables import AUDIT, CHAIN, NOTES, RULE_EVENTS, RUNS, SESSIONS

# table -> (the table, its "final" condition, the column giving the row's time)
_SEALED: dict[str, tuple[Table, ColumnElement[bool] | None, str]] = {
    "sessions": (SESSIONS, SESSIONS.c.ended_at.is_not(None), "ended_at"),
    "monitor_runs": (RUNS, RUNS.c.ended_at.is_not(None), "ended_at"),
    "audit_log": (AUDIT, None, "at"),
    "rule_events": (RULE_EVENTS, None, "at"),
    "notes": (NOTES, None, "at"),
}


def _content(row: Any) -> dict[str, object]:
    return dict(row._mapping)


def _unsealed(connection: Connection, name: str) -> list[Any]:
    table, final, time_column = _SEALED[name]
    chained = exists().where(CHAIN.c.tbl == name, CHAIN.c.row_id == table.c.id)
    statement = select(table).where(~chained)
    if final is not None:
        statement = statement.where(final)
    return list(connection.execute(statement.order_by(table.c[time_column], table.c.id)))


def seal(engine: Engine, key: bytes) -> int:
    """Append a link for every final row not sealed yet; returns how many."""
    with plain_errors("write to", describe(engine.url)), engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Take the write lock before reading the last link: a second sealer (the
            # command line after a deletion) then waits instead of forking the chain.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        last = connection.execute(select(CHAIN.c.mac).order_by(CHAIN.c.seq.desc()).limit(1))
        previous = last.scalar() or GENESIS
        links: list[dict[str, object]] = []
        for name, (_, _, time_column) in _SEALED.items():
            for row in _unsealed(connection, name):
                content = _content(row)
                at, row_digest = content[time_column], digest(content)
                assert isinstance(at, datetime)
                mac = mac_of(key, previous, name, int(content["id"]), at, row_digest)  # type: ignore[call-overload]
                links.append({"tbl": name, "row_id": content["id"], "at": at,
                              "digest": row_digest, "mac": mac})
                previous = mac
        if links:
            connection.execute(insert(CHAIN), links)
        return len(links)


def chain_length(engine: Engine) -> int:
    with plain_errors("read", describe(engine.url)), engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(CHAIN)).scalar_one())


def _links(connection: Connection) -> Iterator[Link]:
    rows = connection.execute(select(CHAIN).order_by(CHAIN.c.seq))
    for row in rows:
        yield Link(row.seq, row.tbl, row.row_id, row.at, row.digest, row.mac)


def _purges(connection: Connection) -> Iterator[Purge]:
    """Retention purges the sealed, intact audit log records (`data-deleted` entries)."""
    sealed = exists().where(CHAIN.c.tbl == "audit_log", CHAIN.c.row_id == AUDIT.c.id)
    rows = connection.execute(select(AUDIT.c.at, AUDIT.c.detail)
                              .where(AUDIT.c.action == "data-deleted", sealed))
    for at, detail in rows:
        try:
            data = json.loads(detail)
            days = float(data["older_than_days"])
        except (ValueError, KeyError, TypeError):
            continue
        tables = frozenset(k for k, v in data.items() if isinstance(v, int) and k in _SEALED)
        yield Purge(at, timedelta(days=days), tables)


def verify(engine: Engine, key: bytes) -> Verdict:
    with plain_errors("read", describe(engine.url)), engine.connect() as connection:

        loaded: dict[str, dict[int, str]] = {}

        def current(name: str, row_id: int) -> str | None:
            if name not in _SEALED:
                return None
            if name not in loaded:  # one read per table, not one per row
                table = _SEALED[name][0]
                loaded[name] = {row.id: digest(_content(row))
                                for row in connection.execute(select(table))}
            return loaded[name].get(row_id)

        return verify_links(key, list(_links(connection)), current,
                            lambda: list(_purges(connection)))
