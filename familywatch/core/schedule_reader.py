"""Reading the schedule file (TOML, documented in docs/schedules.md) into `Rules`.

`parse_schedule` returns a value or raises `ScheduleError` naming the source, the line
and what is wrong; it never returns part of a schedule. Import it from
familywatch.core.schedule_file, which also writes schedules back.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from familywatch.core import toml_text
from familywatch.core.model import Category
from familywatch.core.rules import (
    DAY_NAMES,
    DEFAULT_GRACE_SECONDS,
    DEFAULT_WARN_BEFORE_MINUTES,
    MINUTES_PER_DAY,
    Action,
    AppRule,
    CameraRule,
    DailyBudget,
    DayException,
    Rules,
    WeekHours,
    Window,
    clock,
    find_overlap,
)
from familywatch.core.schedule_lines import KeyLines, KeyPath

FORMAT_VERSION = 1
DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "everyday": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    **{name: (index,) for index, name in enumerate(DAY_NAMES)},
}
_TIME = re.compile(r"(\d\d):(\d\d)")
_INTERVAL = re.compile(r"\s*(\S+?)\s*[-–]\s*(\S+)\s*")
_TIME_HELP = "is not a time (use HH:MM, 00:00–24:00)"
_T = TypeVar("_T")


class ScheduleError(ValueError):
    """A schedule file FamilyWatch can't use; the message names the source and line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source} line {line}: {problem}")
        self.source, self.line, self.problem = source, line, problem


def _specificity(key: str) -> int:
    """A single day beats weekdays/weekend, which beat everyday."""
    return 0 if key == "everyday" else 1 if key in ("weekdays", "weekend") else 2


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = KeyLines(text)

    def fail(self, path: KeyPath, problem: str, needle: str | None = None) -> ScheduleError:
        return ScheduleError(self.source, self.lines.line_of(path, needle), problem)

    @staticmethod
    def name(path: KeyPath) -> str:
        text = ""
        for part in path:
            text += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if text else part
        return text

    def table(
        self, value: object, path: KeyPath, known: tuple[str, ...], noun: str = "setting"
    ) -> dict[str, object]:
        """A table whose keys are all in `known`; `noun` names what a key is."""
        if not isinstance(value, dict):
            example = " like { weekdays = [...] }" if noun == "day" else ""
            raise self.fail(path, f"'{self.name(path)}' must be a table{example}")
        for key in value:
            if key not in known:
                where = f" in '{self.name(path)}'" if path else ""
                raise self.fail(
                    (*path, key),
                    f"'{key}' is not a known {noun}{where} (use {', '.join(known)})",
                )
        return value

    def whole(self, value: object, path: KeyPath, low: int, high: int, unit: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                path,
                f"'{self.name(path)}': {value!r} is not a number of {unit} "
                f"(use a whole number {low}–{high})",
            )
        return value

    def time(self, text: str, path: KeyPath, shown: str, *, end: bool) -> int:
        match = _TIME.fullmatch(text)
        hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
        minute = hours * 60 + minutes
        if minutes > 59 or minute > MINUTES_PER_DAY or (minute == MINUTES_PER_DAY and not end):
            why = "can only end an interval" if minute == MINUTES_PER_DAY else _TIME_HELP
            raise self.fail(path, f"'{self.name(path)}': '{text}' {why}", shown)
        return minute

    def window(self, value: object, path: KeyPath) -> Window:
        text = value if isinstance(value, str) else repr(value)
        match = _INTERVAL.fullmatch(text) if isinstance(value, str) else None
        if match is None:
            raise self.fail(
                path,
                f"'{self.name(path)}': {value!r} is not an interval "
                "(use 'HH:MM-HH:MM', e.g. '16:00-20:00')",
                text,
            )
        start = self.time(match.group(1), path, text, end=False)
        end = self.time(match.group(2), path, text, end=True)
        if end == start:
            raise self.fail(
                path,
                f"'{self.name(path)}': '{text}' ends where it starts "
                "(for the whole day write '00:00-24:00')",
                text,
            )
        return Window(start, end if end > start else end + MINUTES_PER_DAY)

    def per_day(
        self, value: object, path: KeyPath, read: Callable[[object, KeyPath], _T]
    ) -> tuple[tuple[_T, str] | None, ...]:
        """Day keys to a value per weekday, with the key that set it (for messages)."""
        table = self.table(value, path, tuple(DAY_GROUPS), "day")
        chosen: list[tuple[_T, str] | None] = [None] * 7
        for key in sorted(table, key=_specificity):
            item = read(table[key], (*path, key))
            for day in DAY_GROUPS[key]:
                chosen[day] = (item, key)
        return tuple(chosen)

    def windows(self, value: object, path: KeyPath) -> tuple[Window, ...]:
        if not isinstance(value, list):
            raise self.fail(path, f"'{self.name(path)}' must be a list like ['16:00-20:00']")
        return tuple(self.window(item, path) for item in value)

    def hours(self, value: object, path: KeyPath) -> WeekHours:
        chosen = self.per_day(value, path, self.windows)
        days = tuple(None if item is None else item[0] for item in chosen)
        overlap = find_overlap(days)
        if overlap is not None:  # name the pair at the line of the one written later
            day, window, other_day, other = overlap
            keys = [item[1] if item else "" for item in chosen]
            sides = [
                (self.lines.line_of((*path, keys[d]), f'"{clock(w.start)}'), (*path, keys[d]), d, w)
                for d, w in ((day, window), (other_day, other))
            ]
            (line, where, day, window), (_, other_where, other_day, other) = sorted(
                sides, key=lambda side: -side[0]
            )
            raise ScheduleError(
                self.source,
                line,
                f"'{self.name(where)}': '{window}' on {DAY_NAMES[day]} overlaps "
                f"'{other}' on {DAY_NAMES[other_day]} (from '{self.name(other_where)}')",
            )
        return WeekHours(days)

    def budget(self, value: object, path: KeyPath) -> DailyBudget:
        def minutes(item: object, where: KeyPath) -> int:
            return self.whole(item, where, 0, MINUTES_PER_DAY, "minutes")

        if not isinstance(value, dict):
            return DailyBudget((minutes(value, path),) * 7)
        chosen = self.per_day(value, path, minutes)
        return DailyBudget(tuple(None if item is None else item[0] for item in chosen))

    def action(self, value: object, path: KeyPath) -> Action:
        known = [action.value for action in Action]
        if value not in known:
            raise self.fail(
                path, f"'{self.name(path)}': {value!r} is not an action (use {', '.join(known)})"
            )
        return Action(value)

    def enforcement(self, table: Mapping[str, object], path: KeyPath) -> tuple[Action, int, int]:
        """(action, warn_before_minutes, grace_seconds), defaults where not given."""
        action = self.action(table.get("action", "record"), (*path, "action"))
        warn = self.whole(
            table.get("warn_before_minutes", DEFAULT_WARN_BEFORE_MINUTES),
            (*path, "warn_before_minutes"),
            0,
            120,
            "minutes",
        )
        grace = self.whole(
            table.get("grace_seconds", DEFAULT_GRACE_SECONDS),
            (*path, "grace_seconds"),
            0,
            3600,
            "seconds",
        )
        return action, warn, grace

    def camera(self, value: object) -> CameraRule:
        path: KeyPath = ("camera",)
        known = ("action", "warn_before_minutes", "grace_seconds", "daily_minutes", "hours")
        table = self.table(value, path, known)
        hours = self.hours(table["hours"], (*path, "hours")) if "hours" in table else None
        budget = None
        if "daily_minutes" in table:
            budget = self.budget(table["daily_minutes"], (*path, "daily_minutes"))
        return CameraRule(hours, budget, *self.enforcement(table, path))

    def apps(self, value: object) -> tuple[AppRule, ...]:
        categories = tuple(category.value for category in Category)
        rules = []
        for name, rule in self.table(value, ("apps",), categories, "app category").items():
            path: KeyPath = ("apps", name)
            known = ("hours", "action", "warn_before_minutes", "grace_seconds")
            table = self.table(rule, path, known)
            if "hours" not in table:
                raise self.fail(path, f"'{self.name(path)}' needs 'hours'")
            hours = self.hours(table["hours"], (*path, "hours"))
            rules.append(AppRule(Category(name), hours, *self.enforcement(table, path)))
        return tuple(rules)

    def exception(self, value: object, path: KeyPath) -> DayException:
        table = self.table(value, path, ("date", "extra_minutes", "from", "until"))
        day = table.get("date")
        if type(day) is not date:
            raise self.fail((*path, "date"), f"'{self.name(path)}' needs a date like 2025-06-07")
        extra = self.whole(
            table.get("extra_minutes", 0), (*path, "extra_minutes"), 0, 1440, "minutes"
        )
        times = {}
        for key in ("from", "until"):
            if key in table:
                text = table[key]
                where = (*path, key)
                if not isinstance(text, str):
                    raise self.fail(where, f"'{self.name(where)}': {text!r} {_TIME_HELP}")
                times[key] = self.time(text, where, text, end=key == "until")
        if "until" not in times and ("from" in times or extra == 0):
            raise self.fail(path, f"'{self.name(path)}' needs 'until' or 'extra_minutes'")
        if "until" in times and times.get("from", 0) >= times["until"]:
            raise self.fail((*path, "until"), f"'{self.name(path)}': 'until' must be after 'from'")
        return DayException(day, extra, times.get("from", 0), times.get("until"))

    def rules(self, data: dict[str, object]) -> Rules:
        top = self.table(data, (), ("version", "camera", "microphone", "apps", "exceptions"))
        if top.get("version", FORMAT_VERSION) != FORMAT_VERSION:
            raise self.fail(("version",), f"this FamilyWatch reads version {FORMAT_VERSION}")
        camera = self.camera(top["camera"]) if "camera" in top else None
        follows = False
        if "microphone" in top:
            path: KeyPath = ("microphone", "same_as_camera")
            microphone = self.table(top["microphone"], ("microphone",), ("same_as_camera",))
            follows_value = microphone.get("same_as_camera", False)
            if not isinstance(follows_value, bool):
                raise self.fail(path, f"'{self.name(path)}' must be true or false")
            if follows_value and camera is None:
                raise self.fail(path, f"'{self.name(path)}' needs a [camera] section")
            follows = follows_value
        exceptions = top.get("exceptions", [])
        if not isinstance(exceptions, list):
            raise self.fail(("exceptions",), "'exceptions' must be written as [[exceptions]]")
        return Rules(
            camera=camera,
            microphone_follows_camera=follows,
            apps=self.apps(top["apps"]) if "apps" in top else (),
            exceptions=tuple(
                self.exception(item, ("exceptions", index)) for index, item in enumerate(exceptions)
            ),
        )


def parse_schedule(text: str, source: str = "schedule.toml") -> Rules:
    """Rules from a schedule file's text; `source` names it in error messages."""
    try:
        data = toml_text.loads(text)
    except toml_text.TooDeep as error:
        raise ScheduleError(source, error.line, f"not valid TOML: {error}") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise ScheduleError(source, line, f"not valid TOML: {problem}") from None
    return _Reader(text, source).rules(data)
