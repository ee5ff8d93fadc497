"""Applies tracker changes to the store: starts and ends at once, heartbeats batched.

A start or an end is a fact worth a disk write right away; a heartbeat only moves
`last_seen`, so heartbeats are kept in memory and flushed every few seconds. After
a crash a session is closed at its last flushed `last_seen`, so at most one flush
interval (plus the pulse) is lost.
"""

from __future__ import annotations

import logging
from datetime import datetime

from familywatch.core.model import EndReason, Sample, Session
from familywatch.core.ports import RecordStore, SessionUpdate
from familywatch.core.tracker import (
    Change,
    Ended,
    Extended,
    Started,
    TrackerConfig,
    TrackerState,
    close_all,
    observe,
)

log = logging.getLogger(__name__)


class Recorder:
    def __init__(self, store: RecordStore, config: TrackerConfig, host: str) -> None:
        self._store = store
        self._config = config
        self._host = host
        self._state = TrackerState()
        self._row_ids: dict[int, int] = {}  # tracker serial -> store row id
        self._pending: dict[int, SessionUpdate] = {}  # row id -> newest heartbeat
        self.run_id: int | None = None
        self.samples = 0

    @property
    def open_sessions(self) -> tuple[Session, ...]:
        return self._state.open_sessions

    @property
    def state(self) -> TrackerState:
        return self._state

    def record(self, sample: Sample) -> tuple[Change, ...]:
        self._state, changes = observe(self._state, sample, self._config, self._host)
        self.samples += 1
        self._apply(changes)
        return changes

    def stop(self, at: datetime, reason: EndReason = EndReason.MONITOR_STOPPED) -> None:
        self._state, changes = close_all(self._state, at, reason, self._config)
        self._apply(changes)
        self.flush()

    def flush(self) -> int:
        """Write the batched heartbeats; returns how many sessions were touched."""
        if not self._pending:
            return 0
        updates = list(self._pending.values())
        self._store.update_sessions(updates)
        self._pending.clear()
        return len(updates)

    def _apply(self, changes: tuple[Change, ...]) -> None:
        for change in changes:
            session = change.session
            if isinstance(change, Started):
                self._row_ids[session.serial] = self._store.add_session(session, self.run_id)
            elif isinstance(change, Extended):
                row = self._row_ids[session.serial]
                self._pending[row] = SessionUpdate(row, session.last_seen)
            elif isinstance(change, Ended):
                row = self._row_ids.pop(session.serial)
                self._pending.pop(row, None)
                self._store.update_sessions(
                    [SessionUpdate(row, session.last_seen, session.ended_at, session.ended_by)]
                )
                log.info("%s session of %s (pid %s) ended: %s", session.kind.value,
                         session.process, session.pid, session.ended_by)
