"""Schedule enforcement: decisions become announced actions, each exactly once.

`Enforcer` is the state machine: given a `Decision` (core/rules_eval.evaluate) and the
open sessions, it records violations (once per session), sends reminders (once per
limit: no alert fatigue), and for "close" announces a countdown before it hands the
processes to the closer. `now` comes in with each step (the clock only stamps
closings reported later), so tests drive it with a ManualClock in any time zone.

`Enforcement` wires it to the monitor: read the parent's settings, measure today's
use, evaluate, act, and say when to wake up next. The evaluation, not the wake-up,
decides: a wake-up missed during suspend only delays the next check to the next
sample, it can't skip enforcement.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from familywatch.core.model import Kind, Session
from familywatch.core.ports import (
    Clock,
    Notifier,
    OutsideScheduleLog,
    RecordStore,
    RuleEvent,
    RuleEventKind,
    RuleEventLog,
    SettingsStore,
)
from familywatch.core.rules import Action, Decision, Rules, Subject, SubjectDecision, Usage
from familywatch.core.rules_eval import day_start, evaluate, local_date
from familywatch.core.summary import union_seconds
from familywatch.monitor.actions import (
    CloseOutcome,
    LogNotifier,
    ProcessCloser,
    app_names,
    label,
    over_message,
)
from familywatch.monitor.outside import OutsideSchedule
from familywatch.monitor.parent_settings import ParentSettings

log = logging.getLogger(__name__)

TITLE = "FamilyWatch"
FINAL_REMINDER = timedelta(minutes=2)  # a second reminder this long before a limit
CLOCK_JUMP = timedelta(seconds=5)  # wall clock moved this much more than the monotonic one
_FORGET_AFTER = timedelta(days=2)

Closer = Callable[[Sequence[Session], Callable[[list[CloseOutcome]], None]], None]


class Enforcer:
    def __init__(self, notifier: Notifier, events: RuleEventLog, closer: Closer,
                 clock: Clock, host: str, tz: tzinfo) -> None:
        self.notifier = notifier
        self._clock = clock
        self._events = events
        self._closer = closer
        self._host = host
        self._tz = tz
        self._announced: dict[tuple[str, ...], datetime] = {}  # notice key -> when sent
        self._violations: set[tuple[str, int]] = set()  # (subject, session serial)
        self._countdowns: dict[tuple[str, int], datetime] = {}  # -> when to close
        self._closing: set[int] = set()  # serials handed to the closer
        self._over: set[str] = set()  # subjects used past their limit right now

    def step(self, decision: Decision, users: Mapping[Subject, Sequence[Session]],
             now: datetime) -> datetime | None:
        """Act on one decision; returns the next countdown deadline, if any."""
        open_serials = {s.serial for group in users.values() for s in group}
        decided = {str(sd.subject) for sd in decision.subjects}
        for stale in [k for k in self._countdowns
                      if k[0] not in decided or k[1] not in open_serials]:
            del self._countdowns[stale]  # the app stopped by itself, or the subject went away
        self._violations = {v for v in self._violations if v[1] in open_serials}
        self._closing &= open_serials
        self._over &= decided
        for old in [k for k, sent in self._announced.items() if now - sent > _FORGET_AFTER]:
            del self._announced[old]
        for sd in decision.subjects:
            sessions = users.get(sd.subject, ())
            if sd.in_use and not sd.allowed:
                self._over_limit(sd, sessions, now)
            else:
                self._within_limit(sd, sessions, now)
        return min(self._countdowns.values(), default=None)

    # -- allowed ------------------------------------------------------------------------

    def _within_limit(self, sd: SubjectDecision, sessions: Sequence[Session],
                      now: datetime) -> None:
        name = str(sd.subject)
        cancelled = [key for key in self._countdowns if key[0] == name]
        for key in cancelled:
            del self._countdowns[key]
        if name in self._over:
            self._over.discard(name)
            if sd.in_use:
                until = sd.exception_until or sd.window_end
                words = f" until {until.astimezone(self._tz):%H:%M}" if until else ""
                message = f"{label(sd.subject)} is allowed again{words}."
                if cancelled:
                    message += f" {app_names(sessions)} will not be closed."
                    self.notifier.notify(TITLE, message)
                self._event(sd, RuleEventKind.ALLOWED_AGAIN, now, None,
                            {"message": message, "reason": sd.reason.value})
        if sd.warning and sd.action is not Action.RECORD and sd.time_left is not None:
            key = self._limit_key(sd, now)
            notice, final = ("warning", name, *key), ("final", name, *key)
            last_call = sd.time_left <= FINAL_REMINDER
            if notice in self._announced and last_call and final not in self._announced:
                notice = final  # the last reminder before the limit (default 2 minutes)
            if notice not in self._announced:
                self._announced[notice] = now
                if last_call:
                    self._announced.setdefault(final, now)
                minutes = max(1, math.ceil(sd.time_left.total_seconds() / 60))
                message = f"{label(sd.subject)} ends in {minutes} minute{'s' * (minutes != 1)}."
                if sd.action is Action.CLOSE:
                    message += (f" Then {app_names(sessions)} will be closed after a "
                                f"{sd.grace_seconds}-second countdown.")
                self.notifier.notify(TITLE, message)
                self._event(sd, RuleEventKind.REMINDER, now, None,
                            {"message": message, "limit_at": (now + sd.time_left).isoformat()})

    def _limit_key(self, sd: SubjectDecision, now: datetime) -> tuple[str, ...]:
        """Which limit a warning is about, so each limit is warned about once."""
        assert sd.time_left is not None
        limit_at = now + sd.time_left
        for kind, edge in (("exception", sd.exception_until), ("hours", sd.window_end)):
            if edge is not None and abs(edge - limit_at) < timedelta(seconds=2):
                return kind, edge.isoformat()
        if sd.budget_minutes is not None:  # a granted extra gets its own warning
            return "budget", local_date(now, self._tz).isoformat(), str(sd.budget_minutes)
        return "at", limit_at.replace(second=0, microsecond=0).isoformat()

    # -- not allowed --------------------------------------------------------------------

    def _over_limit(self, sd: SubjectDecision, sessions: Sequence[Session],
                    now: datetime) -> None:
        name = str(sd.subject)
        self._over.add(name)
        for session in sessions:
            if (name, session.serial) not in self._violations:
                self._violations.add((name, session.serial))
                self._event(sd, RuleEventKind.VIOLATION, now, session, {
                    "reason": sd.reason.value, "action": sd.action.value,
                    "process": session.process,
                    "allowed_again_at": sd.allowed_again_at.isoformat()
                    if sd.allowed_again_at else None})
        if sd.action is Action.RECORD:
            return
        stretch = ("over", name, sd.reason.value,
                   sd.allowed_again_at.isoformat() if sd.allowed_again_at else "")
        first_notice = stretch not in self._announced
        self._announced.setdefault(stretch, now)
        if sd.action is Action.REMIND:
            if first_notice:
                message = over_message(sd, now, self._tz)
                self.notifier.notify(TITLE, message)
                self._event(sd, RuleEventKind.REMINDER, now, None, {"message": message})
            return
        fresh = [s for s in sessions
                 if (name, s.serial) not in self._countdowns and s.serial not in self._closing]
        if fresh:  # every closing is announced with its own countdown first
            close_at = now + timedelta(seconds=sd.grace_seconds)
            message = (f"{over_message(sd, now, self._tz)} {app_names(fresh)} will be closed in "
                       f"{sd.grace_seconds} seconds.")
            self.notifier.notify(TITLE, message, countdown_seconds=sd.grace_seconds)
            for session in fresh:
                self._countdowns[(name, session.serial)] = close_at
                self._event(sd, RuleEventKind.WARNING, now, session,
                            {"message": message, "close_at": close_at.isoformat(),
                             "process": session.process})
        due = [s for s in sessions
               if (deadline := self._countdowns.get((name, s.serial))) and deadline <= now]
        if due:
            for session in due:
                del self._countdowns[(name, session.serial)]
                self._closing.add(session.serial)
            log.warning("closing %s: %s", app_names(due), over_message(sd, now, self._tz))
            self._closer(due, lambda outcomes: self._closed(sd, outcomes))

    def _closed(self, sd: SubjectDecision, outcomes: list[CloseOutcome]) -> None:
        """Runs on the closer's thread: only the (thread-safe) log and notifier are used."""
        now = self._clock.now()
        for outcome in outcomes:
            name = app_names([outcome.session])
            message = f"{name} was closed: {over_message(sd, now, self._tz).lower()}" \
                if outcome.closed else f"{name} could not be closed: {outcome.why}."
            if outcome.how != "gone":  # it quit by itself: nothing to say
                self.notifier.notify(TITLE, message)
            self._event(sd, RuleEventKind.CLOSED, now, outcome.session,
                        {"message": message, "how": outcome.how, "why": outcome.why,
                         "process": outcome.session.process})

    def _event(self, sd: SubjectDecision, kind: RuleEventKind, now: datetime,
               session: Session | None, detail: dict[str, object]) -> None:
        app = session.app.app_id if session is not None and session.app else None
        event = RuleEvent(now, str(sd.subject), kind, self._host, app,
                          session.pid if session is not None else None, detail)
        try:
            self._events.add_rule_event(event)
        except Exception:  # the notice was given; a full disk must not stop enforcement
            log.exception("could not record the %s event", kind.value)


class Enforcement:
    """Reads the parent's settings, measures today's use, evaluates and acts."""

    def __init__(self, store: RecordStore, settings: SettingsStore, events: RuleEventLog,
                 clock: Clock, tz: tzinfo, host: str, notifier: Notifier | None = None,
                 closer: ProcessCloser | None = None) -> None:
        self._store = store
        self._settings_store = settings
        self._clock = clock
        self._tz = tz
        self._host = host
        self.closer = closer or ProcessCloser()
        self.enforcer = Enforcer(notifier or LogNotifier(), events, self.closer.close, clock,
                                host, tz)
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


def default_enforcement(store: RecordStore, clock: Clock, host: str) -> Enforcement | None:
    """Enforcement for a store that keeps settings and rule events (SqlStore does);
    None for a plain RecordStore. The zone is the computer's (zoneinfo, DST-aware)."""
    if not isinstance(store, SettingsStore) or not isinstance(store, RuleEventLog):
        return None
    from familywatch.config import local_timezone

    return Enforcement(store, store, store, clock, local_timezone(), host)
