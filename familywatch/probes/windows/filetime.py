"""Windows FILETIME values: 100-nanosecond ticks since 1601-01-01 00:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
TICKS_PER_MICROSECOND = 10
_LARGEST = 0x7FFF_FFFF_FFFF_FFFF  # FileTimeToSystemTime refuses anything above


def filetime_to_utc(ticks: int) -> datetime | None:
    """The moment a FILETIME stands for, timezone-aware UTC; None for 0 or nonsense.

    0 is what the ConsentStore writes into LastUsedTimeStop while a device is in use,
    so it means "no time", never 1601.
    """
    if ticks <= 0 or ticks > _LARGEST:
        return None
    try:
        return FILETIME_EPOCH + timedelta(microseconds=ticks // TICKS_PER_MICROSECOND)
    except OverflowError:  # beyond year 9999
        return None


def utc_to_filetime(moment: datetime) -> int:
    """The FILETIME of an aware datetime (to write realistic test data)."""
    if moment.tzinfo is None:
        raise ValueError("a FILETIME is UTC: give a timezone-aware datetime")
    delta = moment.astimezone(UTC) - FILETIME_EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return micros * TICKS_PER_MICROSECOND
