"""The tables, as SQLAlchemy Core tables. Migrations in migrations/versions must match them.

Core, not ORM classes: the store reads and writes plain columns and never loads objects,
and the ORM's import and class set-up cost every process ~50 ms and ~6 MB (measured:
importing the store took 231 ms with them, 179 ms without; `familywatch status` is
mostly imports).

Enumerations (kind, category, ended_by) are plain strings: the values belong to the
JSON contract in core/model.py, and plain strings need no PostgreSQL enum types or
table rebuilds in SQLite when a value is added.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from familywatch.store.utc import UtcDateTime

# Named constraints, so later migrations can drop or alter them (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
METADATA = MetaData(naming_convention=NAMING_CONVENTION)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _required(name: str, type_: Any, *args: Any, **options: Any) -> Column[Any]:
    return Column(name, type_, *args, nullable=False, **options)


def _optional(name: str, type_: Any, *args: Any, **options: Any) -> Column[Any]:
    return Column(name, type_, *args, nullable=True, **options)


def _seal_tag() -> Column[Any]:
    """HMAC of the row's fixed content, made by FamilyWatch when it writes the row: a
    seal is only given to a row whose tag checks (core/integrity.py)."""
    return _optional("seal_tag", String(64))


# One run of the monitor; the time between runs is a gap in monitoring.
RUNS = Table(
    "monitor_runs", METADATA,
    _id(),
    _required("host", String()),
    _required("pid", Integer),
    _required("started_at", UtcDateTime(), index=True),
    _required("last_alive", UtcDateTime()),
    _optional("ended_at", UtcDateTime()),
    _optional("ended_how", String(32)),
    _seal_tag(),
)

# One stretch of camera, microphone or app use by one process.
SESSIONS = Table(
    "sessions", METADATA,
    _id(),
    _required("kind", String(16)),
    _optional("app_id", String()),
    _optional("app_name", String()),
    _optional("category", String(32)),
    _required("process", String()),  # readable: bytes that are not UTF-8 shown escaped
    _optional("exe", String()),
    # The exact bytes of a process name / exe path that is not valid UTF-8 (else NULL).
    _optional("process_raw", LargeBinary),
    _optional("exe_raw", LargeBinary),
    _optional("pid", Integer),
    _optional("os_user", String()),
    _optional("device", String()),
    _optional("via", String()),  # media server that held the device for an unnamed client
    _optional("host", String()),  # computer name: several computers may share one database
    _required("started_at", UtcDateTime()),
    _required("last_seen", UtcDateTime()),
    _optional("ended_at", UtcDateTime()),  # NULL while the session is open
    _optional("ended_by", String(16)),
    # SET NULL: purging old runs must not take their sessions' evidence with them.
    _optional("run_id", Integer, ForeignKey("monitor_runs.id", ondelete="SET NULL")),
    # Seconds of this session that the schedule did not allow (kept up to date by enforcement).
    _required("outside_schedule_seconds", Float, default=0.0, server_default=text("0")),
    _seal_tag(),
    # Overlap query: started_at < :end AND (ended_at IS NULL OR ended_at > :start).
    # ended_at serves recent windows and the open sessions (IS NULL); started_at serves
    # old windows (see overlap.py). run_id lets a run be deleted without a table scan.
    Index("ix_sessions_started_at", "started_at"),
    Index("ix_sessions_ended_at", "ended_at"),
    Index("ix_sessions_run_id", "run_id"),
)

# A small text setting: the active schedule (TOML), retention_days, paused_until.
SETTINGS = Table(
    "settings", METADATA,
    Column("key", String(64), primary_key=True),
    _required("value", Text),
    _required("updated_at", UtcDateTime()),
)

# A parent action (schedule changed, exception granted, pause, PIN events...).
AUDIT = Table(
    "audit_log", METADATA,
    _id(),
    _required("at", UtcDateTime(), index=True),
    _required("host", String()),
    _required("os_user", String()),
    _required("action", String(32)),
    _required("detail", Text),  # JSON object
    _seal_tag(),
)

# What enforcement did: reminders, warnings, closed apps, violations.
RULE_EVENTS = Table(
    "rule_events", METADATA,
    _id(),
    _required("at", UtcDateTime(), index=True),
    _required("host", String()),
    _required("subject", String(32)),  # camera, microphone or a category
    _required("kind", String(16)),
    _optional("app_id", String()),
    _optional("pid", Integer),
    _required("detail", Text),  # JSON object
    _seal_tag(),
)

# An "Ask for more time" and its answer.
REQUESTS = Table(
    "requests", METADATA,
    _id(),
    _required("at", UtcDateTime(), index=True),
    _required("host", String()),
    _required("minutes", Integer),
    _required("reason", Text),
    _optional("answered_at", UtcDateTime()),
    _optional("answer", String(16)),  # granted / declined
    _optional("os_user", String()),  # who asked
    _optional("granted_minutes", Integer),  # what the parent granted (may differ from asked)
)

# A note from the child or the parent on a session, a highlight or a week.
NOTES = Table(
    "notes", METADATA,
    _id(),
    _required("at", UtcDateTime()),
    _required("host", String()),
    _required("os_user", String()),
    _required("author", String(16)),  # child / parent
    _required("target_kind", String(16)),  # session / highlight / week
    _required("target_id", String()),  # session row id, highlight key or week label
    _required("week", String(10), index=True),  # week label (its Monday)
    _required("text", Text),
    _seal_tag(),
)

# "We reviewed this week together", with when and by whom.
REVIEWS = Table(
    "reviews", METADATA,
    _id(),
    _required("week", String(10), index=True),
    _required("reviewed_at", UtcDateTime()),
    _required("host", String()),
    _required("os_user", String()),
)

# Tamper evidence: one link per sealed row (see core/integrity.py, store/integrity.py).
CHAIN = Table(
    "integrity_chain", METADATA,
    Column("seq", Integer, primary_key=True),
    _required("tbl", String(32)),
    _required("row_id", Integer),
    _required("at", UtcDateTime()),
    _required("digest", String(64)),
    _required("mac", String(64)),
    Index("ix_integrity_chain_tbl_row_id", "tbl", "row_id", unique=True),
)
