"""Parent actions behind the PIN, each written to the audit log that the child reads too.

Used by the command line (familywatch/cli_parent.py) and the tray app's parent
settings. Callers check what they can before asking for the PIN (`ready`), so a typo
in a file or a missing keyring never costs a PIN try.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import NoReturn, Protocol

from familywatch.core.ports import (
    AuditAction,
    AuditEntry,
    AuditLog,
    Clock,
    RuleEventLog,
    SettingsStore,
    TimeRequestLog,
)
from familywatch.core.rules import DayException, Rules
from familywatch.core.rules_eval import local_date
from familywatch.core.schedule_file import parse_schedule
from familywatch.core.timefmt import duration
from familywatch.monitor.parent_settings import (
    GRANTED,
    PAUSED_UNTIL,
    RETENTION_DAYS,
    SCHEDULE,
    UNTIL_RESUMED,
    ParentSettings,
)
from familywatch.security import LockedOut, PinAlreadySet, PinNotSet, PinStatus, PinVault, WrongPin
from familywatch.security.lockout import LockoutPolicy

MAX_RETENTION_DAYS = 3650


class ParentStore(SettingsStore, AuditLog, RuleEventLog, TimeRequestLog, Protocol):
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
                 clock: Clock, tz: tzinfo, host: str, os_user: str) -> None:
        self.store = store
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
        self._change({SCHEDULE: text}, AuditAction.SCHEDULE_CHANGED,
                     {"file": source, "schedule": text})
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

    # -- helpers --------------------------------------------------------------------------

    def _entry(self, action: AuditAction, detail: Mapping[str, object]) -> AuditEntry:
        return AuditEntry(self.clock.now(), action, self.host, self.os_user, dict(detail))

    def _audit(self, action: AuditAction, detail: Mapping[str, object]) -> None:
        self.store.add_audit(self._entry(action, detail))

    def _change(self, values: Mapping[str, str | None], action: AuditAction,
                detail: Mapping[str, object]) -> None:
        """The change and its audit row in one transaction: never one without the other."""
        self.store.put_settings(values, self._entry(action, detail))
