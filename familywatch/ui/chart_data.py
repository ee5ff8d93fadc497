"""What the charts draw, as plain values (no Qt), so the view-models stay Qt-free.

A day's bar has two segments, inside and outside the camera hours: until schedules
are wired, everything is "inside". Times on a timeline are minutes from the start of
the local day, in real minutes (a DST day is 23 or 25 hours long).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DayBar:
    label: str  # "Mon"
    inside_minutes: float
    outside_minutes: float = 0.0
    value_label: str = ""  # "42 min", written above the bar

    @property
    def total_minutes(self) -> float:
        return self.inside_minutes + self.outside_minutes


@dataclass(frozen=True, slots=True)
class Span:
    start: float  # minutes from the start of the day
    end: float
    label: str = ""


@dataclass(frozen=True, slots=True)
class Lane:
    label: str  # "Camera"
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    minute: float
    label: str  # "06"


@dataclass(frozen=True, slots=True)
class DayTimeline:
    length_minutes: float  # 1440, or 1380/1500 on DST days
    ticks: tuple[Tick, ...]  # one per local hour
    lanes: tuple[Lane, ...]
    gaps: tuple[Span, ...] = ()  # FamilyWatch not running
    now_minute: float | None = None  # today only
    future_from: float | None = None  # the part of today still to come


@dataclass(frozen=True, slots=True)
class ChartWords:
    """The few words drawn inside charts (legend, axis)."""

    not_recording: str = "FamilyWatch not running"
    inside_schedule: str = "camera time"
    outside_schedule: str = "outside camera hours"
    minutes_axis: str = "{n} min"
    hours_axis: str = "{n} h"
    now: str = "now"
