"""Datetimes stored as naive UTC and handed back timezone-aware.

SQLite keeps no timezone, and PostgreSQL's `timestamp` neither; storing naive UTC
everywhere keeps both the same and makes string order in SQLite equal time order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


def naive_utc(value: datetime) -> datetime:
    """The same instant as naive UTC; a naive input is refused, never guessed at."""
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"naive datetime {value.isoformat()} refused: FamilyWatch stores UTC, "
            "pass a timezone-aware datetime (e.g. datetime.now(UTC))"
        )
    return value.astimezone(UTC).replace(tzinfo=None)


class UtcDateTime(TypeDecorator[datetime]):
    """A DateTime column that takes and returns aware datetimes and stores naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else naive_utc(value)

    def result_processor(
        self, dialect: Dialect, coltype: Any
    ) -> Callable[[Any], datetime | None] | None:
        """SQLite hands back text; parsing it with the offset attached costs a fifth of
        parsing and then datetime.replace(tzinfo=...) - it matters for a year of rows."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def parse_as_utc(value: str | None) -> datetime | None:
            return None if value is None else datetime.fromisoformat(value + "+00:00")

        return parse_as_utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:  # a column someone made timezone-aware
            return value.astimezone(UTC)  # type: ignore[no-any-return]
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
