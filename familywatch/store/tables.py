"""The tables, as typed ORM classes. Migrations in migrations/versions must match them.

Enumerations (kind, category, ended_by) are plain strings: the values belong to the
JSON contract in core/model.py, and plain strings need no PostgreSQL enum types or
table rebuilds in SQLite when a value is added.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Float, ForeignKey, Index, MetaData, String, Table, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from familywatch.store.utc import UtcDateTime

# Named constraints, so later migrations can drop or alter them (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


class RunRow(Base):
    """One run of the monitor; the time between runs is a gap in monitoring."""

    __tablename__ = "monitor_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str]
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(index=True)
    last_alive: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_how: Mapped[str | None] = mapped_column(String(32))


class SessionRow(Base):
    """One stretch of camera, microphone or app use by one process."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    app_id: Mapped[str | None]
    app_name: Mapped[str | None]
    category: Mapped[str | None] = mapped_column(String(32))
    process: Mapped[str]
    exe: Mapped[str | None]
    pid: Mapped[int | None]
    os_user: Mapped[str | None]
    device: Mapped[str | None]
    via: Mapped[str | None]  # media server that held the device for an unnamed client
    host: Mapped[str | None]  # computer name: several computers may share one database
    started_at: Mapped[datetime]
    last_seen: Mapped[datetime]
    ended_at: Mapped[datetime | None]  # NULL while the session is open
    ended_by: Mapped[str | None] = mapped_column(String(16))
    # SET NULL: purging old runs must not take their sessions' evidence with them.
    run_id: Mapped[int | None] = mapped_column(ForeignKey("monitor_runs.id", ondelete="SET NULL"))
    # Seconds of this session that the schedule did not allow (kept up to date by enforcement).
    outside_schedule_seconds: Mapped[float] = mapped_column(
        Float, default=0.0, server_default=text("0")
    )

    # Overlap query: started_at < :end AND (ended_at IS NULL OR ended_at > :start).
    # ended_at serves recent windows and the open sessions (IS NULL); started_at serves
    # old windows and the ORDER BY. run_id lets a run be deleted without a table scan.
    __table_args__ = (
        Index("ix_sessions_started_at", "started_at"),
        Index("ix_sessions_ended_at", "ended_at"),
        Index("ix_sessions_run_id", "run_id"),
    )


class SettingRow(Base):
    """A small text setting: the active schedule (TOML), retention_days, paused_until."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class AuditRow(Base):
    """A parent action (schedule changed, exception granted, pause, PIN events...)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    host: Mapped[str]
    os_user: Mapped[str]
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)  # JSON object


class RuleEventRow(Base):
    """What enforcement did: reminders, warnings, closed apps, violations."""

    __tablename__ = "rule_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    host: Mapped[str]
    subject: Mapped[str] = mapped_column(String(32))  # camera, microphone or a category
    kind: Mapped[str] = mapped_column(String(16))
    app_id: Mapped[str | None]
    pid: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text)  # JSON object


class RequestRow(Base):
    """An "Ask for more time" and its answer."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    host: Mapped[str]
    minutes: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(16))  # granted / declined
    os_user: Mapped[str | None]  # who asked
    granted_minutes: Mapped[int | None]  # what the parent granted (may differ from asked)


class NoteRow(Base):
    """A note from the child or the parent on a session, a highlight or a week."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    host: Mapped[str]
    os_user: Mapped[str]
    author: Mapped[str] = mapped_column(String(16))  # child / parent
    target_kind: Mapped[str] = mapped_column(String(16))  # session / highlight / week
    target_id: Mapped[str]  # session row id, highlight key or week label
    week: Mapped[str] = mapped_column(String(10), index=True)  # week label (its Monday)
    text: Mapped[str] = mapped_column(Text)


class ReviewRow(Base):
    """"We reviewed this week together", with when and by whom."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(10), index=True)
    reviewed_at: Mapped[datetime]
    host: Mapped[str]
    os_user: Mapped[str]


SETTINGS: Table = SettingRow.__table__  # type: ignore[assignment]
AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]
RULE_EVENTS: Table = RuleEventRow.__table__  # type: ignore[assignment]
REQUESTS: Table = RequestRow.__table__  # type: ignore[assignment]
SESSIONS: Table = SessionRow.__table__  # type: ignore[assignment]
RUNS: Table = RunRow.__table__  # type: ignore[assignment]
NOTES: Table = NoteRow.__table__  # type: ignore[assignment]
REVIEWS: Table = ReviewRow.__table__  # type: ignore[assignment]


class ChainRow(Base):
    """Tamper evidence: one link per sealed row (see core/integrity.py, store/integrity.py)."""

    __tablename__ = "integrity_chain"

    seq: Mapped[int] = mapped_column(primary_key=True)
    tbl: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int]
    at: Mapped[datetime]
    digest: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_integrity_chain_tbl_row_id", "tbl", "row_id", unique=True),)


CHAIN: Table = ChainRow.__table__  # type: ignore[assignment]
