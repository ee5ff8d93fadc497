"""Settings, the audit log, rule events and time requests: the parent-controls side of the
store (SettingsStore, AuditLog, RuleEventLog, TimeRequestLog, RecordPurge in core/ports.py).

A mixin of SqlStore, so one store object serves the monitor, the CLI and the UI.
Details are JSON objects stored as text (sorted keys: equal details read equal).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.sql import Executable

from familywatch.core.ports import (
    AuditAction,
    AuditEntry,
    RuleEvent,
    RuleEventKind,
    TimeRequest,
)
from familywatch.store.access import StoreAccess
from familywatch.store.errors import plain_errors
from familywatch.store.tables import AUDIT, NOTES, REQUESTS, RULE_EVENTS, RUNS, SESSIONS, SETTINGS


def _json(detail: Mapping[str, object]) -> str:
    return json.dumps(dict(detail), sort_keys=True, default=str)


def _detail(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except ValueError:  # written outside FamilyWatch: show it rather than lose it
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


def _audit_values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "host": entry.host,
        "os_user": entry.os_user,
        "action": entry.action.value,
        "detail": _json(entry.detail),
    }


def _audit_from_row(row: Any) -> AuditEntry:
    row_id, at, host, os_user, action, detail = row
    return AuditEntry(at, AuditAction(action), host, os_user, _detail(detail), row_id)


def _event_from_row(row: Any) -> RuleEvent:
    row_id, at, host, subject, kind, app_id, pid, detail = row
    return RuleEvent(at, subject, RuleEventKind(kind), host, app_id, pid, _detail(detail), row_id)


def _request_from_row(row: Any) -> TimeRequest:
    row_id, at, host, minutes, reason, answered_at, answer = row
    return TimeRequest(at, minutes, reason, host, answered_at, answer, row_id)


class ParentRecords(StoreAccess):
    """The parent-controls tables; needs `_engine` and `_where` from the class it is mixed in."""

    # -- settings -------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        rows = self._read(select(SETTINGS.c.key, SETTINGS.c.value))
        return {row.key: row.value for row in rows}

    def put_settings(
        self, values: Mapping[str, str | None], audit: AuditEntry | None = None
    ) -> None:
        now = datetime.now(UTC) if audit is None else audit.at
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            for key, value in values.items():
                connection.execute(delete(SETTINGS).where(SETTINGS.c.key == key))
                if value is not None:
                    connection.execute(
                        insert(SETTINGS).values(key=key, value=value, updated_at=now)
                    )
            if audit is not None:
                connection.execute(insert(AUDIT).values(_audit_values(audit)))

    # -- audit log ------------------------------------------------------------------

    def add_audit(self, entry: AuditEntry) -> int:
        return self._insert(insert(AUDIT).values(_audit_values(entry)))

    def audit_entries(self, since: datetime | None = None) -> list[AuditEntry]:
        statement = select(
            AUDIT.c.id, AUDIT.c.at, AUDIT.c.host, AUDIT.c.os_user, AUDIT.c.action, AUDIT.c.detail
        ).order_by(AUDIT.c.at, AUDIT.c.id)
        if since is not None:
            statement = statement.where(AUDIT.c.at >= since)
        return [_audit_from_row(row) for row in self._read(statement)]

    # -- rule events ----------------------------------------------------------------

    def add_rule_event(self, event: RuleEvent) -> int:
        values = {
            "at": event.at,
            "host": event.host,
            "subject": event.subject,
            "kind": event.kind.value,
            "app_id": event.app_id,
            "pid": event.pid,
            "detail": _json(event.detail),
        }
        return self._insert(insert(RULE_EVENTS).values(values))

    def rule_events(self, since: datetime | None = None) -> list[RuleEvent]:
        columns = RULE_EVENTS.c
        statement = select(
            columns.id, columns.at, columns.host, columns.subject, columns.kind,
            columns.app_id, columns.pid, columns.detail,
        ).order_by(columns.at, columns.id)
        if since is not None:
            statement = statement.where(columns.at >= since)
        return [_event_from_row(row) for row in self._read(statement)]

    # -- time requests --------------------------------------------------------------

    def add_request(self, request: TimeRequest) -> int:
        values = {
            "at": request.at,
            "host": request.host,
            "minutes": request.minutes,
            "reason": request.reason,
            "answered_at": request.answered_at,
            "answer": request.answer,
        }
        return self._insert(insert(REQUESTS).values(values))

    def open_requests(self) -> list[TimeRequest]:
        columns = REQUESTS.c
        statement = (
            select(columns.id, columns.at, columns.host, columns.minutes, columns.reason,
                   columns.answered_at, columns.answer)
            .where(columns.answered_at.is_(None))
            .order_by(columns.at, columns.id)
        )
        return [_request_from_row(row) for row in self._read(statement)]

    def answer_requests(self, row_ids: Sequence[int], at: datetime, answer: str) -> None:
        if not row_ids:
            return
        statement = (
            update(REQUESTS)
            .where(REQUESTS.c.id.in_(list(row_ids)), REQUESTS.c.answered_at.is_(None))
            .values(answered_at=at, answer=answer)
        )
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            connection.execute(statement)

    # -- retention ------------------------------------------------------------------

    def purge_before(
        self, cutoff: datetime, audit: Callable[[dict[str, int]], AuditEntry] | None = None
    ) -> dict[str, int]:
        """Delete what ended before `cutoff` (open sessions and runs stay); keep the audit log.
        `audit(counts)` makes the entry that records the deletion, written in the same
        transaction when anything went (a purge is never without its record)."""
        statements = {
            "sessions": delete(SESSIONS).where(SESSIONS.c.ended_at < cutoff),
            "monitor_runs": delete(RUNS).where(RUNS.c.ended_at < cutoff),
            "rule_events": delete(RULE_EVENTS).where(RULE_EVENTS.c.at < cutoff),
            "requests": delete(REQUESTS).where(REQUESTS.c.at < cutoff),
            "notes": delete(NOTES).where(NOTES.c.at < cutoff),
        }
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            counts = {name: _count(connection, statement)
                      for name, statement in statements.items()}
            if audit is not None and any(counts.values()):
                connection.execute(insert(AUDIT).values(_audit_values(audit(counts))))
            return counts


def _count(connection: Connection, statement: Executable) -> int:
    return int(connection.execute(statement).rowcount)
