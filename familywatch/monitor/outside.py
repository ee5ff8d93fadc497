"""outside_schedule_seconds: how long each session was in use outside what the rules allow.

The state between two checks is the one decided at the first (a Decision changes only at
its next change, and a check runs then), so each check adds the time since the previous
one to the sessions that were outside, and stores the new totals at that check (an app
poll every 2 s, a device scan, a wake-up: one small UPDATE per outside session). While
anything is outside, a wake-up comes at least once a minute, so the totals stay up to
date even when nothing else runs a check.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from familywatch.core.model import Session
from familywatch.core.ports import OutsideScheduleLog
from familywatch.core.rules import Decision, Subject

log = logging.getLogger(__name__)

OUTSIDE_REFRESH = timedelta(seconds=60)
GIVE_UP_AFTER = timedelta(hours=6)  # a session whose row never appears (storage failing)


class OutsideSchedule:
    def __init__(self, store: OutsideScheduleLog | None) -> None:
        self._store = store
        self._since: dict[int, datetime] = {}  # serial -> outside since (the last check)
        self._total: dict[int, tuple[Session, float]] = {}  # serial -> seconds so far
        self._unstored: dict[int, Session] = {}  # totals not written yet

    def seconds(self, session: Session) -> float:
        """What has been counted for an open session so far (for the tray's tooltip)."""
        entry = self._total.get(session.serial)
        return entry[1] if entry else 0.0

    def track(self, decision: Decision, users: Mapping[Subject, Sequence[Session]],
              open_sessions: Sequence[Session], now: datetime) -> datetime | None:
        """Count, store, and say when to store again (None: nothing is outside)."""
        changed: dict[int, Session] = {}
        for serial, since in self._since.items():
            session, seconds = self._total[serial]
            lifetime = (now - session.started_at).total_seconds()
            added = max(0.0, (now - since).total_seconds())
            self._total[serial] = (session, max(0.0, min(lifetime, seconds + added)))
            changed[serial] = session
        self._since = {}
        for sd in decision.subjects:
            if sd.in_use and not sd.allowed:
                for session in users.get(sd.subject, ()):
                    self._since[session.serial] = now
                    if session.serial not in self._total:
                        self._total[session.serial] = (session, 0.0)
                        changed[session.serial] = session
        self._unstored.update(changed)
        self._store_totals(now)
        open_serials = {s.serial for s in open_sessions}
        for serial in [k for k in self._total if k not in open_serials
                       and k not in self._since and k not in self._unstored]:
            del self._total[serial]
        return now + OUTSIDE_REFRESH if self._since or self._unstored else None

    def _store_totals(self, now: datetime) -> None:
        """Write the changed totals; one whose row is not stored yet (the monitor's storage
        buffer writes it later) is tried again at the next checks, for a while."""
        if self._store is None:
            self._unstored.clear()
            return
        for serial, session in list(self._unstored.items()):
            try:
                stored = self._store.set_outside_schedule_seconds(session, self._total[serial][1])
            except Exception:  # recording must not stop enforcement
                log.exception("could not store the outside-schedule seconds")
                stored = False
            if stored or (now - session.started_at > GIVE_UP_AFTER and serial not in self._since):
                del self._unstored[serial]
