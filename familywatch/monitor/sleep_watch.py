"""Suspend or clock change? Naming a jump of the wall clock against the monotonic clock.

The tracker notices that the wall clock moved more (or less) than the monotonic clock
between two samples. On Linux and macOS the monotonic clock stops while the machine
sleeps, so a suspend looks like the wall clock jumping *forward*; a person or NTP
setting the clock looks the same when it moves forward, and moves it backward otherwise.

Linux also has CLOCK_BOOTTIME, which keeps counting through a suspend: the growth of
(boottime - monotonic) between two samples is exactly the time spent asleep. When it is
available, a forward jump that it does not account for is a clock change; without it a
forward jump is taken as a suspend (the common case) and a backward one as a clock change.
(Windows' monotonic clock counts through sleep: there a suspend is not a jump at all, so
sessions simply end after their pulse time.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

SUSPEND = "suspend"
CLOCK_CHANGE = "clock-change"

SleepMeter = Callable[[], float | None]


@dataclass(frozen=True, slots=True)
class Jump:
    """A wall-clock jump seen between two samples."""

    before: datetime  # wall time of the last sample before the jump
    after: datetime  # wall time of the first sample after it
    monotonic_seconds: float  # how far the monotonic clock moved meanwhile
    slept_seconds: float | None  # time asleep meanwhile (CLOCK_BOOTTIME), if known

    @property
    def excess_seconds(self) -> float:
        """How much more the wall clock moved than the monotonic clock."""
        return (self.after - self.before).total_seconds() - self.monotonic_seconds

    @property
    def reason(self) -> str:
        return classify(self)


def classify(jump: Jump, tolerance: float = 5.0) -> str:
    """`suspend` or `clock-change` (see the module's docstring)."""
    excess = jump.excess_seconds
    if excess <= 0:
        return CLOCK_CHANGE
    if jump.slept_seconds is None:
        return SUSPEND
    # The machine slept for (about) the whole jump: a suspend.
    if abs(jump.slept_seconds - excess) <= max(tolerance, 0.05 * excess):
        return SUSPEND
    return CLOCK_CHANGE


def sleep_meter(clock: object) -> SleepMeter | None:
    """The real sleep meter for the real clock; none for a test's ManualClock (its jumps
    are not seen by CLOCK_BOOTTIME, so forward jumps read as suspends)."""
    from familywatch.core.clock import SystemClock

    return boottime_sleep_meter() if isinstance(clock, SystemClock) else None


def boottime_sleep_meter() -> SleepMeter | None:
    """Seconds spent suspended since boot (Linux), or None where that cannot be read."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return None

    def slept() -> float | None:
        try:
            return time.clock_gettime(boottime) - time.clock_gettime(time.CLOCK_MONOTONIC)
        except OSError:
            return None

    return slept if slept() is not None else None
