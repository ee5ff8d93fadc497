"""The monitor watching itself (mixed into Monitor, runtime.py): a freeze becomes a gap,
its database file is checked (monitor/database_watch.py) and replaced when it must be,
and what other processes need to know is published in the state file.

A freeze (SIGSTOP, a debugger, a machine so starved the worker never ran) is seen by
the monotonic clock: jobs run back to back on one worker, at least once per heartbeat
interval, so a job that starts long after the previous one ended means nobody was
watching in between. Sessions then end at their last sighting and the run ends when the
monitor was last alive; a new run begins, and the hole between shows as a `stalled` gap.
Without this a thawed monitor would extend every open session across the freeze.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime

from familywatch.core.ports import Clock, RecordStore
from familywatch.monitor.database_watch import DatabaseWatch
from familywatch.monitor.monitor_settings import MonitorSettings
from familywatch.monitor.recorder import Recorder
from familywatch.monitor.state_file import MonitorState, OpenSession, Problem, StatePublisher
from familywatch.probes.base import ProbeSet
from familywatch.store.errors import StoreError, is_damage
from familywatch.store.health import Replacement, note_replacement

log = logging.getLogger(__name__)

STALLED = "stalled"  # ended_how of a run cut by a freeze, and the gap's reason


class HealthChecks:
    """Monitor's self-checks; they use the Monitor attributes below."""

    clock: Clock
    store: RecordStore
    probes: ProbeSet
    settings: MonitorSettings
    recorder: Recorder
    started_at: datetime | None
    notices: list[str]
    stalls: int
    _problems: dict[str, str]
    _publisher: StatePublisher | None
    _alive: tuple[datetime, float] | None
    _database_watch: DatabaseWatch
    _notify: Callable[[], None]
    _resumed: bool
    _begin_run: Callable[[datetime], None]
    _end_run: Callable[[datetime, str], None]

    # -- freezes --------------------------------------------------------------------
    def _mark_alive(self) -> None:
        self._alive = (self.clock.now(), self.clock.monotonic())

    def _notice_stall(self) -> None:
        """Called before every job: was the worker idle for longer than it can be?"""
        if self._alive is None:
            return
        last_wall, last_monotonic = self._alive
        idle = self.clock.monotonic() - last_monotonic
        if idle <= self.settings.stall_seconds:
            return
        self.stalls += 1
        log.warning("the monitor could not run for %.0f s (frozen or starved); what happened "
                    "meanwhile was not seen and shows as a gap", idle)
        if self.recorder.run_id is None:  # paused: nothing was being recorded anyway
            return
        self.recorder.cut()
        self._end_run(last_wall, STALLED)
        self._begin_run(self.clock.now())
        self._resumed = True  # schedules and budgets are evaluated again at once

    # -- its database file -------------------------------------------------------------
    def _watch_database(self) -> None:
        """Called by the heartbeat before it writes: is the file still sound and ours?"""
        replaced = self._database_watch.look(
            self.clock.monotonic(), self.clock.now(),
            suspect=is_damage(self.recorder.buffer.last_error))
        if replaced is not None:
            self._start_fresh_record(replaced)

    def _start_fresh_record(self, replaced: Replacement) -> None:
        """Go on in the fresh database: a new run, the open sessions inserted anew. The
        old file (or the copy saved of it) keeps everything written before."""
        log.error("%s", replaced.message())
        self.notices.append(replaced.message())
        buffer = self.recorder.buffer
        buffer.forget_stored_rows()
        self.recorder.run_id = None
        self._begin_run(self.clock.now())
        for session in self.recorder.open_sessions:
            buffer.put_session(session, self.recorder.run_id)
        try:
            note_replacement(self.store, replaced)
        except StoreError as error:  # the fresh file refuses too: the notice still shows
            log.warning("could not note the replacement in the fresh database: %s", error)
        self._notify()

    # -- what others read -------------------------------------------------------------
    @property
    def problems(self) -> tuple[Problem, ...]:
        """What is wrong right now, each with its kind."""
        found = [Problem("database", notice) for notice in self.notices]
        found += [Problem("job", message) for message in self._problems.values()]
        storage = self.recorder.problem
        if storage:
            found.append(Problem("storage", storage))
        refused = self.probes.catalogue_problem  # a built-in app changed without the PIN
        if refused:
            found.append(Problem("catalogue", refused))
        return tuple(found)

    def _publish_state(self) -> None:
        publisher = self._publisher
        if publisher is None or self.started_at is None:
            return
        buffer = self.recorder.buffer
        was_failing = publisher.failed
        publisher.publish(MonitorState(
            pid=os.getpid(), started_at=self.started_at, heartbeat_at=self.clock.now(),
            heartbeat_monotonic=self.clock.monotonic(),
            stall_seconds=self.settings.stall_seconds, problems=self.problems,
            open_sessions=tuple(OpenSession(s, buffer.row_of(s.serial))
                                for s in self.recorder.open_sessions),
            pending_writes=buffer.pending))
        if publisher.failed and not was_failing:
            log.warning("%s: `familywatch status` can't tell what this monitor is doing",
                        publisher.failed)
