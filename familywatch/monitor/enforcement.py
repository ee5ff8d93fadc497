"""Schedule enforcement wired to the monitor: read the parent's settings, measure
today's use, evaluate, act (monitor/enforcer.py), and say when to wake up next.

The evaluation, not the wake-up, decides: a wake-up missed during suspend only delays
the next check to the next sample, it can't skip enforcement. Which reminders were
already given is kept in the data folder (monitor/enforcement_memory.py), so a
restarted monitor doesn't repeat them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from familywatch.core.model import Kind, Session
from familywatch.core.ports import (
    Clock,
    Notifier,
    OutsideScheduleLog,
    RecordStore,
    RuleEventLog,
    SettingsStore,
)
from familywatch.core.rules import Action, Decision, Rules, Subject, Usage
from familywatch.core.rules_eval import day_start, evaluate, local_date
from familywatch.core.summary import union_seconds
from familywatch.monitor.actions import LogNotifier, ProcessCloser
from familywatch.monitor.enforcement_memory import STATE_FILE, ReminderMemory
from familywatch.monitor.enforcement_notices import TITLE
from familywatch.monitor.enforcer import FINAL_REMINDER, Enforcer
from familywatch.monitor.outside import OutsideSchedule
from familywatch.monitor.parent_settings import ParentSettings

log = logging.getLogger(__name__)

CLOCK_JUMP = timedelta(seconds=5)  # wall clock moved this much more than the monotonic one


class Enforcement:
    """Reads the parent's settings, measures today's use, evaluates and acts."""

    def __init__(self, store: RecordStore, settings: SettingsStore, events: RuleEventLog,
                 clock: Clock, tz: tzinfo, host: str, notifier: Notifier | None = None,
                 closer: ProcessCloser | None = None, state_dir: Path | None = None) -> None:
        """`state_dir`: where the reminders already given are kept (None: in memory only)."""
        self._store = store
        self._settings_store = settings
        self._clock = clock
        self._tz = tz
        self._host = host
        self.closer = closer or ProcessCloser()
        memory = ReminderMemory(state_dir / STATE_FILE if state_dir else None, tz)
        self.enforcer = Enforcer(notifier or LogNotifier(), events, self.closer.close, clock,
                                 host, tz, memory)
        self.settings = ParentSettings()
        self.last_decision: Decision | None = None
        self.clock_jumped = False
        self._last_clock: tuple[datetime, float] | None = None
        self._closed_cache: tuple[object, dict[Kind, list[tuple[datetime, datetime]]]] = (None, {})
        self.outside = OutsideSchedule(store if isinstance(store, OutsideScheduleLog) else None)

    def set_notifier(self, notifier: Notifier) -> None:
        """The tray app plugs in its own notifications here."""
        self.enforcer.notifier = notifier

    def refresh(self) -> ParentSettings:
        """Re-read the settings (every tick: a parent may change them from another process)."""
        self.settings = ParentSettings.read(self._settings_store.settings())
        return self.settings

    def announce_pause(self) -> None:
        """Monitoring was paused or resumed: say so (a pause is never silent)."""
        now, until = self._clock.now(), self.settings.paused_until
        if not self.settings.paused(now):
            message = "Monitoring is on again."
        elif until is None:
            message = "A parent paused monitoring until they resume it. Nothing is recorded."
        else:
            message = (f"A parent paused monitoring until {until.astimezone(self._tz):%H:%M}. "
                       "Nothing is recorded.")
        self.enforcer.notifier.notify(TITLE, message)

    def check(self, open_sessions: Sequence[Session]) -> datetime | None:
        """Evaluate and act now; returns when to evaluate again at the latest."""
        now = self._clock.now()
        self._note_clock(now)
        if self.settings.paused(now):
            self.last_decision = None
            return self.settings.paused_until
        rules = self.settings.rules()
        decision = evaluate(rules, self._usage(rules, open_sessions, now), now, self._tz)
        self.last_decision = decision
        users: dict[Subject, list[Session]] = {}
        for session in open_sessions:
            subject: Subject | None = session.kind if session.kind is not Kind.APP else (
                session.app.category if session.app else None)
            if subject is not None:
                users.setdefault(subject, []).append(session)
        deadline = self.enforcer.step(decision, users, now)
        midnight = day_start(local_date(now, self._tz) + timedelta(days=1), self._tz)
        outside = self.outside.track(decision, users, open_sessions, now)
        return min(t for t in (decision.next_change, deadline, midnight, outside,
                               self._final_reminder(decision, now)) if t is not None)

    def _final_reminder(self, decision: Decision, now: datetime) -> datetime | None:
        """When the last reminder before a limit is due (Decision's next change only
        covers the first one, `warn_before_minutes` before)."""
        moments = [now + sd.time_left - FINAL_REMINDER for sd in decision.subjects
                   if sd.in_use and sd.allowed and sd.action is not Action.RECORD
                   and sd.time_left is not None and sd.time_left > FINAL_REMINDER
                   and timedelta(minutes=sd.warn_before_minutes) > FINAL_REMINDER]
        return min(moments, default=None)

    def _note_clock(self, now: datetime) -> None:
        monotonic = self._clock.monotonic()
        last, self._last_clock = self._last_clock, (now, monotonic)
        drift = (now - last[0]) - timedelta(seconds=monotonic - last[1]) if last else None
        self.clock_jumped = drift is not None and abs(drift) > CLOCK_JUMP
        if self.clock_jumped:
            log.info("the clock jumped by %s: evaluating the schedule again", drift)

    def _usage(self, rules: Rules, open_sessions: Sequence[Session], now: datetime) -> Usage:
        start = day_start(local_date(now, self._tz), self._tz)
        counted = {Kind.CAMERA} if rules.camera and rules.camera.budget else set()
        if counted and rules.microphone_follows_camera:
            counted.add(Kind.MICROPHONE)
        closed = self._closed_today(start, now, open_sessions) if counted else {}
        today: dict[Kind, timedelta] = {}
        for kind in counted:
            spans = list(closed.get(kind, ()))
            spans += [(max(s.started_at, start), now) for s in open_sessions if s.kind is kind]
            today[kind] = timedelta(seconds=union_seconds(spans))
        kinds = {s.kind for s in open_sessions}
        return Usage(
            camera_today=today.get(Kind.CAMERA, timedelta(0)),
            microphone_today=today.get(Kind.MICROPHONE, timedelta(0)),
            camera_active=Kind.CAMERA in kinds,
            microphone_active=Kind.MICROPHONE in kinds,
            active_categories=frozenset(
                s.app.category for s in open_sessions if s.kind is Kind.APP and s.app),
        )

    def _closed_today(self, start: datetime, now: datetime, open_sessions: Sequence[Session]
                      ) -> dict[Kind, list[tuple[datetime, datetime]]]:
        """This computer's sessions that ended today; re-read only when a session ended
        or started (then the open set changes), not every tick."""
        key = (start, frozenset(s.serial for s in open_sessions))
        if self._closed_cache[0] != key:
            spans: dict[Kind, list[tuple[datetime, datetime]]] = {}
            for s in self._store.sessions_between(start, now):
                if s.ended_at is not None and s.host in (self._host, None):
                    spans.setdefault(s.kind, []).append((max(s.started_at, start), s.ended_at))
            self._closed_cache = (key, spans)
        return self._closed_cache[1]


def default_enforcement(store: RecordStore, clock: Clock, host: str,
                        state_dir: Path | None = None) -> Enforcement | None:
    """Enforcement for a store that keeps settings and rule events (SqlStore does);
    None for a plain RecordStore. The zone is the computer's (zoneinfo, DST-aware)."""
    if not isinstance(store, SettingsStore) or not isinstance(store, RuleEventLog):
        return None
    from familywatch.config import local_timezone

    return Enforcement(store, store, store, clock, local_timezone(), host,
                       state_dir=state_dir)
