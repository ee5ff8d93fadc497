"""Settings, audit log, rule events, time requests and purging on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text

from familywatch.core.model import Session
from familywatch.core.ports import (
    AuditAction,
    AuditEntry,
    AuditLog,
    RecordPurge,
    RuleEvent,
    RuleEventKind,
    RuleEventLog,
    SettingsStore,
    TimeRequest,
    TimeRequestLog,
)
from familywatch.store import HEAD_REVISION, SqlStore, open_store
from familywatch.store.engine import create_store_engine
from familywatch.store.migrate import migration_config
from familywatch.store.rows import session_values

At = Callable[[float], datetime]


def audit(at: datetime, action: AuditAction = AuditAction.PAUSED, **detail: Any) -> AuditEntry:
    return AuditEntry(at, action, "den-pc", "parent", detail)


def test_sql_store_is_every_parent_port(store: SqlStore) -> None:
    for port in (SettingsStore, AuditLog, RuleEventLog, TimeRequestLog, RecordPurge):
        assert isinstance(store, port), port


def test_settings_are_written_replaced_and_deleted(store: SqlStore, at: At) -> None:
    assert store.settings() == {}
    store.put_settings({"schedule": "version = 1\n", "retention_days": "180"})
    store.put_settings({"retention_days": "90", "paused_until": None})
    assert store.settings() == {"schedule": "version = 1\n", "retention_days": "90"}
    store.put_settings({"schedule": None})
    assert store.settings() == {"retention_days": "90"}


def test_a_change_and_its_audit_row_are_one_transaction(store: SqlStore, at: At) -> None:
    store.put_settings({"schedule": "old"}, audit(at(0), AuditAction.SCHEDULE_CHANGED))
    broken = audit(at(1).replace(tzinfo=None), AuditAction.SCHEDULE_CHANGED)  # naive: refused
    with pytest.raises(ValueError, match="naive datetime"):
        store.put_settings({"schedule": "new"}, broken)
    assert store.settings()["schedule"] == "old"  # no change without its audit row
    assert [e.action for e in store.audit_entries()] == [AuditAction.SCHEDULE_CHANGED]


def test_audit_entries_come_back_in_time_order_with_their_details(store: SqlStore,
                                                                 at: At) -> None:
    store.add_audit(audit(at(5), AuditAction.RESUMED))
    row = store.add_audit(audit(at(1), AuditAction.EXCEPTION_GRANTED, minutes=30,
                                reason="class call", answers=[1, 2]))
    first, second = store.audit_entries()
    assert first.row_id == row and first.at == at(1) and first.at.tzinfo is not None
    assert first.detail == {"minutes": 30, "reason": "class call", "answers": [1, 2]}
    assert (first.host, first.os_user) == ("den-pc", "parent")
    assert second.action is AuditAction.RESUMED
    assert [e.action for e in store.audit_entries(since=at(2))] == [AuditAction.RESUMED]


def test_rule_events_round_trip(store: SqlStore, at: At) -> None:
    store.add_rule_event(RuleEvent(at(0), "camera", RuleEventKind.WARNING, "den-pc", "zoom",
                                   4321, {"close_at": at(1).isoformat()}))
    store.add_rule_event(RuleEvent(at(1), "streaming", RuleEventKind.CLOSED, "den-pc"))
    warning, closed = store.rule_events()
    assert (warning.subject, warning.kind, warning.app_id, warning.pid) == \
        ("camera", RuleEventKind.WARNING, "zoom", 4321)
    assert warning.detail == {"close_at": at(1).isoformat()}
    assert closed.app_id is None and closed.detail == {}
    assert store.rule_events(since=at(0.5)) == [closed]


def test_time_requests_are_answered_once(store: SqlStore, at: At) -> None:
    first = store.add_request(TimeRequest(at(0), 30, "finishing a group call", "den-pc"))
    second = store.add_request(TimeRequest(at(1), 10, "", "den-pc"))
    store.answer_requests([first], at(2), "declined")
    store.answer_requests([first, second], at(3), "granted")  # the first keeps its answer
    assert store.open_requests() == []
    store.add_request(TimeRequest(at(4), 5, "", "den-pc"))
    assert [r.minutes for r in store.open_requests()] == [5]


def test_purge_deletes_what_ended_before_the_cutoff_and_keeps_the_audit_log(
        store: SqlStore, at: At, make_session: Callable[..., Session]) -> None:
    run = store.begin_run(at(0), 1, "den-pc")
    store.end_run(run, at(20), "stopped")
    store.add_session(make_session(0, 10), run)
    store.add_session(make_session(30, None), None)  # still open: kept
    store.add_rule_event(RuleEvent(at(5), "camera", RuleEventKind.VIOLATION, "den-pc"))
    store.add_request(TimeRequest(at(5), 10, "", "den-pc"))
    store.add_audit(audit(at(5)))

    counts = store.purge_before(at(25))

    assert counts == {"sessions": 1, "monitor_runs": 1, "rule_events": 1, "requests": 1,
                      "notes": 0}
    assert [s.started_at for s in store.sessions_between(at(-60), at(60))] == [at(30)]
    assert store.rule_events() == [] and store.open_requests() == []
    assert len(store.audit_entries()) == 1
    assert store.purge_before(at(25)) == dict.fromkeys(counts, 0)


def test_a_database_at_0001_upgrades_keeping_its_sessions(
        tmp_path: Path, at: At, make_session: Callable[..., Session]) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_store_engine(url)
    with migration_config(engine) as config:
        command.upgrade(config, "0001_initial")
    # Written as 0001 knew it (today's SqlStore would fill columns 0001 lacks).
    values = session_values(make_session(0, 10))
    columns, params = ", ".join(values), ", ".join(f":{name}" for name in values)
    naive = {k: v.replace(tzinfo=None) if isinstance(v, datetime) else v
             for k, v in values.items()}
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO sessions ({columns}) VALUES ({params})"), naive)
    assert "settings" not in inspect(engine).get_table_names()
    engine.dispose()

    with open_store(url) as upgraded:
        tables = set(inspect(upgraded.engine).get_table_names())
        assert {"settings", "audit_log", "rule_events", "requests"} <= tables
        assert len(upgraded.sessions_between(at(-1), at(20))) == 1
        assert upgraded.sessions_between(at(-1), at(20))[0].outside_schedule_seconds == 0.0
        columns = {c["name"] for c in inspect(upgraded.engine).get_columns("sessions")}
        assert {"process_raw", "exe_raw", "seal_tag"} <= columns  # 0005 and 0006 too
        with upgraded.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) \
                == HEAD_REVISION
