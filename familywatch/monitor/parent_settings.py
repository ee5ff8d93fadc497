"""The parent's settings as the store keeps them (text), read into values, and in words.

Keys in the store's `settings` table:
  schedule        the active schedule file, as imported (comments kept)
  granted         JSON list of one-off exceptions granted with `familywatch allow`
  paused_until    ISO UTC instant, or "until-resumed"; absent when not paused
  retention_days  whole days, default 180
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import groupby
from typing import TypeVar

from familywatch.core.model import Category
from familywatch.core.ports import AuditAction, AuditEntry, AuditLog, RecordPurge, SettingsStore
from familywatch.core.rules import (
    DAY_NAMES,
    Action,
    AppRule,
    CameraRule,
    DayException,
    Rules,
    WeekHours,
    clock,
)
from familywatch.core.schedule_file import ScheduleError, parse_schedule
from familywatch.monitor.catalogue_words import catalogue_change_words

log = logging.getLogger(__name__)

SCHEDULE, GRANTED, PAUSED_UNTIL, RETENTION_DAYS = (
    "schedule", "granted", "paused_until", "retention_days")
UNTIL_RESUMED = "until-resumed"
DEFAULT_RETENTION_DAYS = 180
STORED_SCHEDULE = "the stored schedule"
_T = TypeVar("_T")

CATEGORY_WORDS = {
    Category.STREAMING: "live-streaming apps",
    Category.VIDEO_CHAT: "video-chat apps",
    Category.VIRTUAL_CAMERA: "virtual-camera apps",
    Category.BROWSER: "browsers",
    Category.OTHER: "other catalogued apps",
}


@lru_cache(maxsize=4)
def _parsed(text: str) -> Rules:
    """The monitor re-reads settings every tick: parse each schedule text once."""
    return parse_schedule(text, STORED_SCHEDULE)


def grant_to_json(exception: DayException, reason: str) -> dict[str, object]:
    return {
        "date": exception.day.isoformat(),
        "extra_minutes": exception.extra_minutes,
        "from": exception.allowed_from,
        "until": exception.allowed_until,
        "reason": reason,
    }


def _grants(text: str | None) -> tuple[DayException, ...]:
    grants = []
    for item in json.loads(text or "[]"):
        grants.append(DayException(date.fromisoformat(item["date"]), item["extra_minutes"],
                                   item["from"], item["until"]))
    return tuple(grants)


@dataclass(frozen=True, slots=True)
class ParentSettings:
    schedule_text: str | None = None
    granted: tuple[DayException, ...] = ()
    granted_json: str = "[]"
    paused_until: datetime | None = None  # UTC
    paused_until_resumed: bool = False
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def read(cls, raw: dict[str, str]) -> ParentSettings:
        """From the store's key/value text; a damaged value is logged and left out."""
        values = ParentSettings(schedule_text=raw.get(SCHEDULE))
        try:
            values = replace(values, granted=_grants(raw.get(GRANTED)),
                             granted_json=raw.get(GRANTED, "[]"))
        except (ValueError, KeyError, TypeError) as error:
            log.error("the granted exceptions in the settings are damaged (%s); ignored", error)
        paused = raw.get(PAUSED_UNTIL)
        if paused == UNTIL_RESUMED:
            values = replace(values, paused_until_resumed=True)
        elif paused:
            try:
                values = replace(values, paused_until=datetime.fromisoformat(paused))
            except ValueError:  # a pause we can't read: pausing is the parent's intent
                values = replace(values, paused_until_resumed=True)
        if raw.get(RETENTION_DAYS, "").isdigit():
            values = replace(values, retention_days=int(raw[RETENTION_DAYS]))
        return values

    def paused(self, now: datetime) -> bool:
        return self.paused_until_resumed or (
            self.paused_until is not None and now < self.paused_until)

    def schedule(self) -> Rules:
        """The imported schedule alone. Raises ScheduleError if the stored text is damaged."""
        return Rules() if self.schedule_text is None else _parsed(self.schedule_text)

    def rules(self) -> Rules:
        """What is enforced: the schedule plus the exceptions granted with `allow`."""
        try:
            rules = self.schedule()
        except ScheduleError as error:  # imports are checked, so only a damaged database
            log.error("%s; nothing is enforced until a schedule is imported again", error)
            rules = Rules()
        if not self.granted:
            return rules
        return replace(rules, exceptions=rules.exceptions + self.granted)

    def grants_json_with(self, exception: DayException, reason: str, today: date) -> str:
        """The granted list with one more, dropping those for days before `today`."""
        kept = [item for item in json.loads(self.granted_json)
                if date.fromisoformat(item["date"]) >= today]
        return json.dumps([*kept, grant_to_json(exception, reason)])


def purge_expired(store: object, now: datetime, host: str, os_user: str) -> dict[str, int]:
    """Delete records older than the parent's retention period; the deletion itself is
    audited. Does nothing for a store without settings, purge and audit log."""
    if not (isinstance(store, SettingsStore) and isinstance(store, RecordPurge)
            and isinstance(store, AuditLog)):
        return {}
    days = ParentSettings.read(store.settings()).retention_days
    return store.purge_before(now - timedelta(days=days), lambda counts: AuditEntry(
        now, AuditAction.DATA_DELETED, host, os_user,
        {"by": "retention", "older_than_days": days, **counts}))


# -- in words ---------------------------------------------------------------------------


def _day_runs(values: tuple[_T, ...]) -> list[tuple[str, _T]]:
    """Runs of consecutive weekdays with equal values: [("Mon–Fri", v), ("Sat–Sun", w)]."""
    runs: list[tuple[str, _T]] = []
    index = 0
    for value, group in groupby(values):
        length = len(list(group))
        first, last = DAY_NAMES[index].title(), DAY_NAMES[index + length - 1].title()
        runs.append(("every day" if length == 7 else first if length == 1
                     else f"{first}–{last}", value))
        index += length
    return runs


def _hours_words(hours: WeekHours) -> str:
    parts = []
    for days, windows in _day_runs(hours.days):
        if windows is None:
            parts.append(f"{days} no hours limit")
        elif not windows:
            parts.append(f"{days} not at all")
        else:
            spans = ", ".join(f"{clock(w.start)}–{clock(w.end)}" for w in windows)
            parts.append(f"{days} {spans}")
    return "; ".join(parts)


def _action_words(rule: CameraRule | AppRule) -> str:
    warn = f"{rule.warn_before_minutes} min"
    if rule.action is Action.RECORD:
        return "use outside these limits is recorded, nothing is interrupted"
    if rule.action is Action.REMIND:
        return f"a reminder {warn} before the limit and one at the limit"
    return (f"a reminder {warn} before the limit; at the limit a {rule.grace_seconds}-second "
            "countdown is shown, then the app is closed")


def describe(rules: Rules) -> list[str]:
    """The schedule in sentences, for `familywatch schedule show` and the parent window."""
    lines = []
    camera = rules.camera
    if camera is None:
        lines.append("Camera: no limits (only recorded).")
    else:
        if camera.hours is not None:
            lines.append(f"Camera hours: {_hours_words(camera.hours)}.")
        if camera.budget is not None:
            budget = "; ".join(f"{days} {'no limit' if minutes is None else f'{minutes} min'}"
                               for days, minutes in _day_runs(camera.budget.minutes))
            lines.append(f"Camera time a day: {budget}.")
        lines.append(f"At a camera limit: {_action_words(camera)}.")
    lines.append("Microphone: the same limits as the camera (its minutes counted separately)."
                 if rules.microphone_follows_camera else "Microphone: only recorded.")
    for app in rules.apps:
        name = CATEGORY_WORDS[app.category].capitalize()
        lines.append(f"{name}: {_hours_words(app.hours)}; {_action_words(app)}.")
    for exception in rules.exceptions:
        lines.append(f"Exception on {exception.day:%a %d %b %Y}: {exception_words(exception)}.")
    return lines


def exception_words(exception: DayException) -> str:
    parts = []
    if exception.extra_minutes:
        parts.append(f"{exception.extra_minutes} extra minutes")
    if exception.allowed_until is not None:
        start = f"from {clock(exception.allowed_from)} " if exception.allowed_from else ""
        parts.append(f"allowed {start}until {clock(exception.allowed_until)}")
    return " and ".join(parts)


def _local(text: object, tz: tzinfo) -> str:
    try:
        return f"{datetime.fromisoformat(str(text)).astimezone(tz):%H:%M:%S}"
    except ValueError:
        return str(text)


def _before_after(d: object) -> str:
    """'; before: no rules; after: Camera hours: Mon-Fri 16:00-20:00 ...'."""
    if not isinstance(d, dict) or "after" not in d:
        return ""
    def words(lines: object) -> str:
        return "; ".join(map(str, lines)) if isinstance(lines, list) and lines else "no rules"
    return f" - before: {words(d.get('before'))} - after: {words(d.get('after'))}"


def audit_words(entry: AuditEntry, tz: tzinfo) -> str:
    """What an audit entry's detail says, in a few words (for `familywatch audit`)."""
    d = entry.detail
    words = {
        "schedule-changed": f"imported {d.get('file')}" + _before_after(d),
        "time-requested": f"asked for {d.get('minutes')} more minutes"
        + (f" ({d['reason']})" if d.get("reason") else "") + f" [request {d.get('request')}]",
        "request-declined": f"declined request {d.get('request')} "
        f"({d.get('minutes')} minutes)",
        "review-reminder-changed": f"weekly review reminder {d.get('from')} -> {d.get('to')}",
        "exception-granted": " ".join(filter(None, [
            f"{d.get('extra_minutes')} extra minutes" if d.get("extra_minutes") else "",
            f"allowed until {d.get('until')}" if d.get("until") else "",
            f"on {d.get('date')}", f"({d['reason']})" if d.get("reason") else ""])),
        "paused": f"for {d.get('minutes')} minutes" if d.get("minutes") else "until resumed",
        "retention-changed": f"records kept {d.get('from')} -> {d.get('to')} days",
        "data-deleted": ("all records up to then" if d.get("older_than_days") == 0
                         else f"records older than {d.get('older_than_days')} days")
        + (" (by a parent)" if d.get("by") == "parent" else "") + ": " + ", ".join(
            f"{v} {k.replace('_', ' ')}" for k, v in d.items()
            if isinstance(v, int) and v and k != "older_than_days"),
        "catalogue-changed": catalogue_change_words(d),
        "pin-failed": f"wrong PIN for {d.get('for')} ({d.get('failures')} in a row)",
        "pin-locked-out": f"no PIN accepted until {_local(d.get('until'), tz)}",
    }
    return words.get(entry.action.value, "")
