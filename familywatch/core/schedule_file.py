"""The schedule file (TOML, documented in docs/schedules.md): read into `Rules`, write back.

`parse_schedule` returns a value or raises `ScheduleError` naming the source, the line
and what is wrong; it never returns part of a schedule. Reading is in schedule_reader.py;
writing (`dump_schedule`) is here.
"""

from __future__ import annotations

from typing import TypeVar

from familywatch.core.rules import DAY_NAMES, AppRule, CameraRule, Rules, WeekHours, Window, clock
from familywatch.core.schedule_reader import (
    DAY_GROUPS,
    FORMAT_VERSION,
    ScheduleError,
    parse_schedule,
)

__all__ = ["DAY_GROUPS", "FORMAT_VERSION", "ScheduleError", "dump_schedule", "parse_schedule"]

_T = TypeVar("_T")


def _grouped(values: tuple[_T | None, ...]) -> list[tuple[str, _T]]:
    """Day keys for per-weekday values: everyday when all agree, else weekdays and
    weekend (the most common value, with single days overriding it) where they fit."""
    if values[0] is not None and all(value == values[0] for value in values):
        return [("everyday", values[0])]
    keys: list[tuple[str, _T]] = []
    for group in ("weekdays", "weekend"):
        days = DAY_GROUPS[group]
        present = [value for day in days if (value := values[day]) is not None]
        common = max(present, key=present.count) if len(present) == len(days) else None
        if common is not None and present.count(common) < 2:
            common = None  # no group key: each day is written on its own
        if common is not None:
            keys.append((group, common))
        keys += [
            (DAY_NAMES[day], value)
            for day in days
            if (value := values[day]) is not None and (common is None or value != common)
        ]
    return keys


def _windows_toml(windows: tuple[Window, ...]) -> str:
    return "[" + ", ".join(f'"{window}"' for window in windows) + "]"


def _enforcement_toml(rule: CameraRule | AppRule) -> list[str]:
    return [
        f'action = "{rule.action.value}"',
        f"warn_before_minutes = {rule.warn_before_minutes}",
        f"grace_seconds = {rule.grace_seconds}",
    ]


def _hours_toml(header: str, hours: WeekHours) -> list[str]:
    return ["", f"[{header}]"] + [f"{key} = {_windows_toml(w)}" for key, w in _grouped(hours.days)]


def dump_schedule(rules: Rules) -> str:
    """The schedule file text for `rules`; `parse_schedule` reads it back to equal rules."""
    out = ["# FamilyWatch camera schedule - see docs/schedules.md", f"version = {FORMAT_VERSION}"]
    camera = rules.camera
    if camera is not None:
        out += ["", "[camera]", *_enforcement_toml(camera)]
        if camera.budget is not None:
            grouped = _grouped(camera.budget.minutes)
            if len(grouped) == 1 and grouped[0][0] == "everyday":
                out.append(f"daily_minutes = {grouped[0][1]}")
            else:
                out.append("daily_minutes = {" + ", ".join(f"{k} = {v}" for k, v in grouped) + "}")
        if camera.hours is not None:
            out += _hours_toml("camera.hours", camera.hours)
    if rules.microphone_follows_camera:
        out += ["", "[microphone]", "same_as_camera = true"]
    for app in rules.apps:
        out += ["", f"[apps.{app.category.value}]", *_enforcement_toml(app)]
        out += _hours_toml(f"apps.{app.category.value}.hours", app.hours)
    for exception in rules.exceptions:
        out += ["", "[[exceptions]]", f"date = {exception.day.isoformat()}"]
        if exception.extra_minutes:
            out.append(f"extra_minutes = {exception.extra_minutes}")
        if exception.allowed_from:
            out.append(f'from = "{clock(exception.allowed_from)}"')
        if exception.allowed_until is not None:
            out.append(f'until = "{clock(exception.allowed_until)}"')
    return "\n".join(out) + "\n"
