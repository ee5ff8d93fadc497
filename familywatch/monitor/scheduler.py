"""APScheduler's BackgroundScheduler, kept on time when the wall clock jumps.

APScheduler 3 keeps each job's next run as a wall-clock time. Set the clock back ten
minutes and every interval job waits ten minutes for its old run time: nothing is
sampled or written until a device event happens to wake a scan. Set it forward a day and
a daily job is "missed by 23:59" and skipped. So at every pass of its loop this
scheduler compares the wall clock with the monotonic clock (which no clock change
moves); when their difference moved by more than `tolerance`, each job's next run is
moved with the jump by its kind:

* steady jobs (samples, heartbeat): moved by the jump, so they keep their pace;
* wake-ups (the schedule's next moment): now, the evaluation decides what is due;
* daily jobs (retention): moved back with a backward jump (still a day of real time
  away); left due after a forward jump, so they run now instead of being skipped
  (they must have misfire_grace_time=None).

Its loop also never sleeps longer than `max_wait`, so a jump is seen within that time
even when no job is due sooner.
"""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)


class Pace(Enum):
    STEADY = "steady"
    WAKE = "wake"
    DAILY = "daily"


class SteadyScheduler(BackgroundScheduler):  # type: ignore[misc]
    def __init__(self, *, max_wait: float, tolerance: float = 5.0, **options: Any) -> None:
        super().__init__(**options)
        self._max_wait = max_wait
        self._tolerance = tolerance
        self._paces: dict[str, Pace] = {}
        self._offset: float | None = None
        self.jumps = 0

    def add_paced_job(self, pace: Pace, func: Any, trigger: str, **options: Any) -> Any:
        job = self.add_job(func, trigger, **options)
        self._paces[job.id] = pace
        return job

    def _process_jobs(self) -> float:
        self._follow_the_clock()
        wait: float | None = super()._process_jobs()
        return self._max_wait if wait is None else min(wait, self._max_wait)

    def _follow_the_clock(self) -> None:
        offset = time.time() - time.monotonic()
        previous, self._offset = self._offset, offset
        if previous is None or abs(offset - previous) <= self._tolerance:
            return
        shift = timedelta(seconds=offset - previous)
        self.jumps += 1
        log.warning("the wall clock moved %+.0f s against the monotonic clock: "
                    "rescheduling the monitor's jobs", shift.total_seconds())
        now = datetime.now(self.timezone)
        for job in self.get_jobs():
            pace = self._paces.get(job.id, Pace.STEADY)
            when: datetime | None = job.next_run_time
            if when is None:
                continue
            if pace is Pace.WAKE:
                when = now
            elif pace is Pace.DAILY:
                when = when + min(shift, timedelta(0))
            else:
                when = when + shift
            with contextlib.suppress(JobLookupError):  # a one-off wake-up may have just run
                job.modify(next_run_time=when)
