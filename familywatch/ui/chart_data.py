"""What the charts draw, as plain values (no Qt), so the view-models stay Qt-free.

A day's bar has two segments, inside and outside the camera hours (everything is
"inside" without a schedule). Times on a timeline are minutes from the start of the
local day, in real minutes (a DST day is 23 or 25 hours long).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from familywatch.core.highlights import allowed_spans
from familywatch.core.rules import Rules
from familywatch.core.summary import Period


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
    camera_hours: tuple[Span, ...] | None = None  # None: no camera hours are set

    def in_camera_hours(self, minute: float) -> bool | None:
        """Whether `minute` of the day is inside the camera hours (None: no hours set)."""
        if self.camera_hours is None:
            return None
        return any(span.start <= minute < span.end for span in self.camera_hours)


def camera_hours(period: Period, rules: Rules | None) -> tuple[Span, ...] | None:
    """The minutes of the day `period` inside the camera hours, merged and in order.

    The same hours (and one-off exceptions) the week bars split by, so the band and the
    hatched part of a bar agree. A window from the evening before that runs past
    midnight shows at the start of the day. None: no camera hours are set.
    """
    hours = rules.camera.hours if rules is not None and rules.camera is not None else None
    if rules is None or hours is None:
        return None
    first = period.start.astimezone(period.tz).date() - timedelta(days=1)
    dates = [first + timedelta(days=i) for i in range(len(period.days()) + 1)]
    length = (period.end - period.start).total_seconds() / 60
    spans: list[Span] = []
    for start, end in sorted(allowed_spans(hours, rules, dates, period.tz)):
        lo = max(0.0, (start - period.start).total_seconds() / 60)
        hi = min(length, (end - period.start).total_seconds() / 60)
        if hi <= lo:
            continue
        if spans and lo <= spans[-1].end:  # touching or overlapping: one stretch
            spans[-1] = Span(spans[-1].start, max(hi, spans[-1].end))
        else:
            spans.append(Span(lo, hi))
    return tuple(spans)


@dataclass(frozen=True, slots=True)
class ChartWords:
    """The few words drawn inside charts (legend, axis)."""

    not_recording: str = "FamilyWatch not running"
    inside_schedule: str = "camera time"
    outside_schedule: str = "outside camera hours"
    camera_hours: str = "camera hours"
    no_camera_hours: str = "no camera hours this day"
    minutes_axis: str = "{n} min"
    hours_axis: str = "{n} h"
    now: str = "now"
