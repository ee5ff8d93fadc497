"""The enforcement state machine: decisions become announced actions, each exactly once.

Given a `Decision` (core/rules_eval.evaluate) and the open sessions, `Enforcer` records
violations (once per session), sends reminders (once per limit, remembered across
restarts by `ReminderMemory`: no alert fatigue), and for "close" announces a countdown
before it hands the processes to the closer. `now` comes in with each step (the clock
only stamps closings reported later), so tests drive it with a ManualClock in any zone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from familywatch.core.model import Session
from familywatch.core.ports import Clock, Notifier, RuleEvent, RuleEventKind, RuleEventLog
from familywatch.core.rules import Action, Decision, Subject, SubjectDecision
from familywatch.core.rules_eval import local_date
from familywatch.monitor import enforcement_notices as words
from familywatch.monitor.actions import CloseOutcome, app_names, countdown_words, over_message
from familywatch.monitor.enforcement_memory import ReminderMemory
from familywatch.monitor.enforcement_notices import TITLE

log = logging.getLogger(__name__)

FINAL_REMINDER = timedelta(minutes=2)  # a second reminder this long before a limit

Closer = Callable[[Sequence[Session], Callable[[list[CloseOutcome]], None]], None]


class Enforcer:
    def __init__(self, notifier: Notifier, events: RuleEventLog, closer: Closer,
                 clock: Clock, host: str, tz: tzinfo,
                 memory: ReminderMemory | None = None) -> None:
        self.notifier = notifier
        self._clock = clock
        self._events = events
        self._closer = closer
        self._host = host
        self._tz = tz
        self.reminded = memory or ReminderMemory(None, tz)  # notices given, by key
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
        self.reminded.forget_old(now)
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
                message = words.allowed_again(sd, self._tz, sessions, bool(cancelled))
                if cancelled:
                    self.notifier.notify(TITLE, message)
                self._event(sd, RuleEventKind.ALLOWED_AGAIN, now, None,
                            {"message": message, "reason": sd.reason.value})
        if sd.warning and sd.action is not Action.RECORD and sd.time_left is not None:
            limit = self._limit_key(sd, now)
            notice, final = ("warning", name, *limit), ("final", name, *limit)
            last_call = sd.time_left <= FINAL_REMINDER
            if notice in self.reminded and last_call and final not in self.reminded:
                notice = final  # the last reminder before the limit (default 2 minutes)
            if notice not in self.reminded:
                # The last call covers the final reminder too: one notice, not two.
                self.reminded.remember(now, notice, *([final] if last_call else []))
                message = words.reminder(sd, sd.time_left, sessions)
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
        first_notice = stretch not in self.reminded
        self.reminded.remember(now, stretch)
        if sd.action is Action.REMIND:
            if first_notice:
                message = over_message(sd, now, self._tz)
                self.notifier.notify(TITLE, message)
                self._event(sd, RuleEventKind.REMINDER, now, None, {"message": message})
            return
        fresh = [s for s in sessions
                 if (name, s.serial) not in self._countdowns and s.serial not in self._closing]
        if fresh:  # every closing is announced with its own countdown first
            self._announce_countdown(sd, fresh, now)
        due = [s for s in sessions
               if (deadline := self._countdowns.get((name, s.serial))) and deadline <= now]
        if due:
            for session in due:
                del self._countdowns[(name, session.serial)]
                self._closing.add(session.serial)
            log.warning("closing %s: %s", app_names(due), over_message(sd, now, self._tz))
            self._closer(due, lambda outcomes: self._closed(sd, outcomes))

    def _announce_countdown(self, sd: SubjectDecision, fresh: Sequence[Session],
                            now: datetime) -> None:
        close_at = now + timedelta(seconds=sd.grace_seconds)
        message = words.countdown(sd, now, self._tz, fresh)
        self.notifier.notify(TITLE, message, countdown_seconds=sd.grace_seconds)
        # The record is read later, without a counter: it names the seconds.
        recorded = f"{message} {countdown_words(sd.grace_seconds)}"
        for session in fresh:
            self._countdowns[(str(sd.subject), session.serial)] = close_at
            self._event(sd, RuleEventKind.WARNING, now, session,
                        {"message": recorded, "countdown_seconds": sd.grace_seconds,
                         "close_at": close_at.isoformat(), "process": session.process})

    def _closed(self, sd: SubjectDecision, outcomes: list[CloseOutcome]) -> None:
        """Runs on the closer's thread: only the (thread-safe) log and notifier are used."""
        now = self._clock.now()
        for outcome in outcomes:
            message = words.closed(sd, outcome, now, self._tz)
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
