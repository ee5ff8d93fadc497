"""Parent actions behind the PIN, each written to the audit log that the child reads too.

Used by the command line (familywatch/cli_parent.py) and the tray app's parent
settings. Callers check what they can before asking for the PIN (`ready`), so a typo
in a file or a missing keyring never costs a PIN try.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import NoReturn, Protocol

from familywatch.core.ports import (
    AskedTime,
    AuditAction,
    AuditEntry,
    AuditLog,
    Clock,
    RecordPurge,
    RequestRecords,
    RuleEventLog,
    SettingsStore,
    TimeRequest,
    TimeRequestLog,
)
from familywatch.core.reminder import DEFAULT_REVIEW_REMINDER, parse_reminder
from familywatch.core.rules import MAX_ASK_MINUTES, DayException, Rules
from familywatch.core.rules_eval import local_date
from familywatch.core.schedule_file import ScheduleError, parse_schedule
from familywatch.core.timefmt import duration
from familywatch.monitor.parent_settings import (
    GRANTED,
    PAUSED_UNTIL,
    RETENTION_DAYS,
    SCHEDULE,
    UNTIL_RESUMED,
    ParentSettings,
    describe,
)
from familywatch.security import LockedOut, PinAlreadySet, PinNotSet, PinStatus, PinVault, WrongPin
from familywatch.security.lockout import LockoutPolicy
from familywatch.store.errors import StoreError

log = logging.getLogger(__name__)
MAX_RETENTION_DAYS = 3650


REVIEW_REMINDER = "review_reminder"


class ParentStore(SettingsStore, AuditLog, RuleEventLog, TimeRequestLog, RequestRecords,
                  RecordPurge, Protocol):
    """What parent controls need from the store (SqlStore is one)."""


class Refused(Exception):
    """A protected change did not happen; the message says why in one line."""


def wrong_pin_words(failures: int, policy: LockoutPolicy) -> str:
    """'wrong PIN (3 tries left before a 30 s wait)'."""
    left = policy.free_failures - failures
    if left > 0:
        wait = duration(policy.duration(policy.free_failures + 1).total_seconds())
        return f"wrong PIN ({left} {'try' if left == 1 else 'tries'} left before a {wait} wait)"
    wait = duration(policy.duration(failures + 1).total_seconds())
    return f"wrong PIN (another wrong PIN means a {wait} wait)"


class ParentControls:
    def __init__(self, store: ParentStore, vault: PinVault, policy: LockoutPolicy,
                 clock: Clock, tz: tzinfo, host: str, os_user: str,
                 seal: Callable[[], object] | None = None) -> None:
        self.store = store
        # Seals the audit entry of a deletion at once, so `familywatch verify` explains
        # the missing rows straight away (the monitor's sweep would within a minute).
        self.seal = seal
        self.vault = vault
        self.policy = policy
        self.clock = clock
        self.tz = tz
        self.host = host
        self.os_user = os_user

    # -- read by anyone, no PIN -----------------------------------------------------------

    def settings(self) -> ParentSettings:
        return ParentSettings.read(self.store.settings())

    def audit_entries(self) -> list[AuditEntry]:
        return self.store.audit_entries()

    def requests(self) -> list[AskedTime]:
        """Every time request, answered or not, oldest first."""
        return self.store.requests()

    def pending_requests(self) -> list[AskedTime]:
        return [r for r in self.store.requests() if r.request.answered_at is None]

    def review_reminder(self) -> str:
        """When the weekly review reminder is due, e.g. "sun 18:00" (core/reminder.py)."""
        return self.store.settings().get(REVIEW_REMINDER, DEFAULT_REVIEW_REMINDER)

    # -- the child asks (no PIN; recorded and shown like a parent action) -----------------

    def ask(self, minutes: int, reason: str = "") -> AskedTime:
        """"Ask for more time": a request a parent answers with grant or decline."""
        if not 1 <= minutes <= MAX_ASK_MINUTES:
            raise Refused(f"ask for 1 to {MAX_ASK_MINUTES} minutes, not {minutes}")
        request = TimeRequest(self.clock.now(), minutes, reason.strip(), self.host)
        row_id = self.store.add_asked(request, self.os_user)
        self._audit(AuditAction.TIME_REQUESTED,
                    {"request": row_id, "minutes": minutes, "reason": request.reason})
        return AskedTime(TimeRequest(request.at, minutes, request.reason, self.host,
                                     row_id=row_id), self.os_user)

    def open_request(self, request_id: int | None) -> AskedTime:
        """The open request `request_id` (default: the newest); Refused if there is none."""
        pending = self.pending_requests()
        if request_id is None:
            if not pending:
                raise Refused("there is no open request for more time")
            return pending[-1]
        for asked in pending:
            if asked.request.row_id == request_id:
                return asked
        raise Refused(f"there is no open request {request_id} (see 'familywatch requests')")

    def grant(self, pin: str, request_id: int | None = None,
              minutes: int | None = None) -> DayException:
        """Answer a request (default: the newest open one) with extra minutes today
        (default: what was asked)."""
        asked = self.open_request(request_id)
        extra = asked.request.minutes if minutes is None else minutes
        now = self.clock.now()
        today = local_date(now, self.tz)
        exception = DayException(today, extra, 0, None)  # ValueError for bad values
        self.unlock(pin, "grant")
        row_id = asked.request.row_id
        assert row_id is not None
        reason = asked.request.reason or "asked for more time"
        self._change({GRANTED: self.settings().grants_json_with(exception, reason, today)},
                     AuditAction.EXCEPTION_GRANTED,
                     {"date": today.isoformat(), "extra_minutes": extra, "until": None,
                      "reason": reason, "request": row_id,
                      "asked_minutes": asked.request.minutes})
        self.store.answer_request(row_id, now, "granted", extra)
        return exception

    def decline(self, pin: str, request_id: int | None = None) -> AskedTime:
        asked = self.open_request(request_id)
        self.unlock(pin, "decline")
        row_id = asked.request.row_id
        assert row_id is not None
        self.store.answer_request(row_id, self.clock.now(), "declined")
        self._audit(AuditAction.REQUEST_DECLINED,
                    {"request": row_id, "minutes": asked.request.minutes,
                     "reason": asked.request.reason})
        return asked

    def set_review_reminder(self, pin: str, setting: str) -> str:
        """When the weekly review reminder is due ("sun 18:00"); returns the previous one."""
        try:
            parse_reminder(setting)
        except ValueError as error:
            raise Refused(str(error)) from None
        self.unlock(pin, "review reminder")
        before = self.review_reminder()
        value = " ".join(setting.lower().split())
        self._change({REVIEW_REMINDER: value}, AuditAction.REVIEW_REMINDER_CHANGED,
                     {"from": before, "to": value})
        return before

    # -- the PIN --------------------------------------------------------------------------

    def ready(self) -> None:
        """Refuse before a PIN is asked for: no keyring (KeyringUnavailable), no PIN set
        (PinNotSet), or locked out (Refused, saying until when)."""
        if not self.vault.is_set():
            raise PinNotSet()
        until = self.vault.locked_until
        if until is not None:
            raise Refused(f"too many wrong PINs ({self.vault.failures} in a row): try again "
                          f"after {until.astimezone(self.tz):%H:%M:%S}")

    def unlock(self, pin: str, purpose: str) -> None:
        """Check the PIN; a wrong one is counted and audited (and so is a lock-out)."""
        try:
            if self.vault.verify(pin):
                return
        except LockedOut as error:
            raise Refused(str(error)) from None
        self._failed(purpose, self.vault.status())

    def _failed(self, purpose: str, status: PinStatus) -> NoReturn:
        self._audit(AuditAction.PIN_FAILED, {"for": purpose, "failures": status.failures})
        if status.locked_until is not None:
            self._audit(AuditAction.PIN_LOCKED_OUT,
                        {"until": status.locked_until.isoformat(), "failures": status.failures})
            raise Refused(f"wrong PIN: {status.failures} wrong in a row, so no PIN is accepted "
                          f"until {status.locked_until.astimezone(self.tz):%H:%M:%S}")
        raise Refused(wrong_pin_words(status.failures, self.policy))

    def set_pin(self, new: str) -> None:
        """The first PIN (no PIN needed, there is none yet). WeakPin, PinAlreadySet."""
        if self.vault.is_set():
            raise PinAlreadySet()
        self.vault.set_pin(new)
        self._audit(AuditAction.PIN_SET, {})

    def change_pin(self, old: str, new: str) -> None:
        """A weak new PIN (WeakPin) is refused before the old one is checked."""
        try:
            self.vault.change(old, new)
        except LockedOut as error:
            raise Refused(str(error)) from None
        except WrongPin as error:
            self._failed("pin change", error.status)
        self._audit(AuditAction.PIN_CHANGED, {})

    # -- protected changes ----------------------------------------------------------------

    def import_schedule(self, text: str, source: str, pin: str) -> Rules:
        rules = parse_schedule(text, source)  # ScheduleError: nothing changes
        self.unlock(pin, "schedule import")
        try:
            before = describe(self.settings().schedule())
        except ScheduleError:
            before = ["(the stored schedule could not be read)"]
        self._change({SCHEDULE: text}, AuditAction.SCHEDULE_CHANGED,
                     {"file": source, "schedule": text, "before": before,
                      "after": describe(rules)})
        return rules

    def allow(self, pin: str, *, minutes: int = 0, until: int | None = None,
              reason: str = "") -> DayException:
        """A one-off exception for today: extra minutes and/or allowed until a time."""
        now = self.clock.now()
        today = local_date(now, self.tz)
        exception = DayException(today, minutes, 0, until)  # ValueError for bad values
        self.unlock(pin, "allow")
        settings = self.settings()
        requests = [r.row_id for r in self.store.open_requests() if r.row_id is not None]
        self._change({GRANTED: settings.grants_json_with(exception, reason, today)},
                     AuditAction.EXCEPTION_GRANTED,
                     {"date": today.isoformat(), "extra_minutes": minutes,
                      "until": None if until is None else f"{until // 60:02d}:{until % 60:02d}",
                      "reason": reason, "answers_requests": requests})
        self.store.answer_requests(requests, now, "granted")
        return exception

    def pause(self, pin: str, minutes: int | None) -> datetime | None:
        """Pause monitoring for `minutes`, or until resumed (None); returns the end."""
        self.unlock(pin, "pause")
        until = None if minutes is None else self.clock.now() + timedelta(minutes=minutes)
        self._change({PAUSED_UNTIL: UNTIL_RESUMED if until is None else until.isoformat()},
                     AuditAction.PAUSED,
                     {"minutes": minutes, "until": None if until is None else until.isoformat()})
        return until

    def resume(self, pin: str) -> None:
        self.unlock(pin, "resume")
        self._change({PAUSED_UNTIL: None}, AuditAction.RESUMED, {})

    def set_retention(self, pin: str, days: int) -> int:
        """Keep records `days` days; returns the previous setting."""
        if not 1 <= days <= MAX_RETENTION_DAYS:
            raise Refused(f"keep records for 1 to {MAX_RETENTION_DAYS} days, not {days}")
        self.unlock(pin, "retention")
        before = self.settings().retention_days
        self._change({RETENTION_DAYS: str(days)}, AuditAction.RETENTION_CHANGED,
                     {"from": before, "to": days})
        return before

    def delete_records(self, pin: str, older_than_days: int) -> dict[str, int]:
        """Delete what ended more than `older_than_days` ago (0: everything up to now);
        sessions still open stay. The deletion is audited in its own transaction, so
        `familywatch verify` explains the missing rows. Returns the counts per kind."""
        if not 0 <= older_than_days <= MAX_RETENTION_DAYS:
            raise Refused(f"delete records older than 0 to {MAX_RETENTION_DAYS} days, "
                          f"not {older_than_days}")
        self.unlock(pin, "delete records")
        now = self.clock.now()
        try:
            counts = self.store.purge_before(
                now - timedelta(days=older_than_days), lambda counts: self._entry(
                    AuditAction.DATA_DELETED,
                    {"by": "parent", "older_than_days": older_than_days, **counts}))
        except StoreError as error:  # one transaction: nothing was deleted
            raise Refused(f"{error}; nothing was deleted") from None
        if self.seal is not None and any(counts.values()):
            try:
                self.seal()
            except Exception:  # the deletion stands; the monitor seals it at its next sweep
                log.warning("could not seal the deletion's audit entry now", exc_info=True)
        return counts

    def record(self, action: AuditAction, detail: Mapping[str, object]) -> None:
        """Write a parent action the PIN was already checked for (the family app list)."""
        self._audit(action, detail)

    # -- helpers --------------------------------------------------------------------------

    def _entry(self, action: AuditAction, detail: Mapping[str, object]) -> AuditEntry:
        return AuditEntry(self.clock.now(), action, self.host, self.os_user, dict(detail))

    def _audit(self, action: AuditAction, detail: Mapping[str, object]) -> None:
        self.store.add_audit(self._entry(action, detail))

    def _change(self, values: Mapping[str, str | None], action: AuditAction,
                detail: Mapping[str, object]) -> None:
        """The change and its audit row in one transaction: never one without the other."""
        self.store.put_settings(values, self._entry(action, detail))
