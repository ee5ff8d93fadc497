"""Applies tracker changes to the store: starts and ends at once, heartbeats batched.

A start or an end is a fact worth a disk write right away; a heartbeat only moves
`last_seen`, so heartbeats are kept in memory and flushed every few seconds. After
a crash a session is closed at its last flushed `last_seen`, so at most one flush
interval (plus the pulse) is lost.

Every write goes through a StorageBuffer: when the store cannot be written (disk
full, read-only, locked) what was seen stays in memory and is written on the next
flush that succeeds; `problem` says so meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from familywatch.core.model import EndReason, Sample, Session
from familywatch.core.ports import RecordStore
from familywatch.core.tracker import (
    Change,
    Ended,
    Started,
    TrackerConfig,
    TrackerState,
    close_all,
    cut_all,
    observe,
)
from familywatch.monitor.sleep_watch import Jump, SleepMeter
from familywatch.monitor.storage_buffer import StorageBuffer

log = logging.getLogger(__name__)


class Recorder:
    """`run_id` is a run handle of the buffer (or a stored run's row id, given directly).

    `on_clock_jump` is called when a sample shows a wall-clock jump, after the open
    sessions ended at their last sighting and before the sessions seen after the jump
    start: the monitor ends its run there and begins a new one (then set `run_id`).
    """

    def __init__(self, store: RecordStore, config: TrackerConfig, host: str,
                 buffer: StorageBuffer | None = None,
                 sleep_meter: SleepMeter | None = None) -> None:
        self._store = store
        self._config = config
        self._host = host
        self._state = TrackerState()
        self.buffer = buffer or StorageBuffer(store)
        self.run_id: int | None = None
        self.samples = 0
        self.on_clock_jump: Callable[[Jump], None] | None = None
        self._sleep_meter = sleep_meter
        self._slept: float | None = sleep_meter() if sleep_meter else None

    @property
    def open_sessions(self) -> tuple[Session, ...]:
        return self._state.open_sessions

    @property
    def state(self) -> TrackerState:
        return self._state

    @property
    def problem(self) -> str | None:
        """Why the record cannot be written right now, or None."""
        return self.buffer.problem

    def record(self, sample: Sample) -> tuple[Change, ...]:
        before = self._state
        self._state, changes = observe(before, sample, self._config, self._host)
        self.samples += 1
        slept = self._read_sleep()
        if self._state.clock_jumps > before.clock_jumps:
            ended = tuple(c for c in changes if isinstance(c, Ended))
            self._apply(ended)
            assert before.last_wall is not None and before.last_monotonic is not None
            jump = Jump(before.last_wall, sample.at, sample.monotonic - before.last_monotonic,
                        slept)
            log.warning("the wall clock jumped from %s to %s (%s)", jump.before, jump.after,
                        jump.reason)
            if self.on_clock_jump is not None:
                self.on_clock_jump(jump)
            self._apply(tuple(c for c in changes if not isinstance(c, Ended)))
        else:
            self._apply(changes)
        return changes

    def _read_sleep(self) -> float | None:
        if self._sleep_meter is None:
            return None
        now = self._sleep_meter()
        slept = None if now is None or self._slept is None else now - self._slept
        self._slept = now
        return slept

    def stop(self, at: datetime, reason: EndReason = EndReason.MONITOR_STOPPED) -> None:
        self._state, changes = close_all(self._state, at, reason, self._config)
        self._apply(changes)
        self.flush()

    def cut(self, reason: EndReason = EndReason.GAP) -> None:
        """End every open session at its last sighting (after the monitor was frozen)."""
        self._state, changes = cut_all(self._state, reason)
        self._apply(changes)

    def flush(self) -> bool:
        """Write what is buffered; False when the store refused (it stays buffered)."""
        return self.buffer.flush()

    def _apply(self, changes: tuple[Change, ...]) -> None:
        urgent = False
        for change in changes:
            session = change.session
            self.buffer.put_session(session, self.run_id)
            if isinstance(change, Started | Ended):
                urgent = True
            if isinstance(change, Ended):
                log.info("%s session of %s (pid %s) ended: %s", session.kind.value,
                         session.process, session.pid, session.ended_by)
        # While storage refuses, only the heartbeat retries: a locked database makes each
        # try wait the busy timeout (5 s), which must not hold up every sample.
        if urgent and self.buffer.problem is None:
            self.buffer.flush()
