"""The monitor's schedule, pause and retention jobs: monitor/enforcement.py decides,
these only wire it to the recorder and the scheduler (mixed into Monitor, runtime.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from apscheduler.job import Job

from familywatch.core.ports import Clock, RecordStore
from familywatch.monitor.enforcement import Enforcement
from familywatch.monitor.integrity import Sealer
from familywatch.monitor.monitor_settings import MonitorSettings
from familywatch.monitor.parent_settings import purge_expired
from familywatch.monitor.recorder import Recorder
from familywatch.probes.base import ProbeSet
from familywatch.store.errors import StoreError


class ScheduleJobs:
    """Monitor's jobs for schedules and pause; they use the Monitor attributes below."""

    probes: ProbeSet
    store: RecordStore
    clock: Clock
    settings: MonitorSettings
    recorder: Recorder
    sealer: Sealer
    enforcement: Enforcement | None
    started_at: datetime | None
    _resumed: bool
    _wake_at: datetime | None
    _wake_job: Job | None
    _wake_lock: threading.Lock
    _stopping: bool
    _begin_run: Callable[[datetime], None]
    _end_run: Callable[[datetime, str], None]
    _notify: Callable[[], None]

    def _wake(self) -> None:
        """A scheduled wake-up: a limit, a countdown, midnight or the end of a pause."""
        self._wake_at = None  # the interval moved the next run an hour on
        self._paused()
        self._check_rules()

    def _check_rules(self) -> None:
        """Evaluate the schedule now and (re)schedule the next wake-up."""
        if self.enforcement is None:
            return
        self._resumed = False
        wake = self.enforcement.check(self.recorder.open_sessions)
        with self._wake_lock:
            if wake is not None and not self._stopping and (
                    wake != self._wake_at or self.enforcement.clock_jumped):
                self._schedule_wake(wake)

    def _schedule_wake(self, wake: datetime) -> None:
        # misfire_grace_time=None: a wake-up that comes late after a suspend still runs.
        if self._wake_job is not None:
            self._wake_job.modify(next_run_time=wake)
            self._wake_at = wake

    def _purge_old_records(self) -> None:
        """Daily: delete records older than the parent's retention (audited)."""
        purge_expired(self.store, self.clock.now(), self.settings.host, "familywatch monitor")
        self.sealer.seal()  # the purge's audit entry, sealed at once

    def _paused(self) -> bool:
        """Whether a parent paused monitoring (read every tick). Pausing closes the open
        sessions and ends the run, so the pause shows as a gap with the reason "paused"."""
        if self.enforcement is None:
            return False
        now = self.clock.now()
        try:
            settings = self.enforcement.refresh()
        except StoreError:  # unreadable for now (locked): keep watching as before
            settings = self.enforcement.settings
        paused = settings.paused(now)
        if paused and self.recorder.run_id is not None:
            self._end_run(now, "paused")
            self.recorder.stop(now)
            self.enforcement.announce_pause()
            self._notify()
        elif not paused and self.recorder.run_id is None and self.started_at is not None:
            self._begin_run(now)
            self.enforcement.announce_pause()
            # Devices opened during the pause sent their events then: look now.
            self.recorder.record(self.probes.devices.sample())
            self._notify()
        return paused
