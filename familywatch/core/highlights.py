"""Highlights of a week, for the family review: what is worth talking about.

A pure function of (this week's Summary, last week's Summary, the app ids seen in
earlier weeks, the camera rules, settings). Each highlight names its evidence (the
sessions or gaps it rests on) and the values its wording needs; the wording itself
lives in resources/prompts/<lang>.toml (see familywatch.core.prompts).

Local times follow the rules' wall-clock convention (familywatch.core.rules_eval):
"after 21:00" is the first instant the local clock shows 21:00, so DST weeks of 167
or 169 hours need no special case. `importance` orders highlights; it is never shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from enum import StrEnum

from familywatch.core.model import Category, Gap, Kind, Session
from familywatch.core.rules import Rules, WeekHours, clock
from familywatch.core.rules_eval import day_start, local_date, wall_to_instant
from familywatch.core.summary import Interval, Summary, clip, union_seconds
from familywatch.core.timefmt import clock_time, day_label, duration

Evidence = Session | Gap
Value = str | int


class HighlightKind(StrEnum):
    """Part of the prompt file's contract: each kind has a section in resources/prompts."""

    CAMERA_WITH_STREAMING = "camera-with-streaming"
    NEW_STREAMING_APP = "new-streaming-app"
    LATE_CAMERA = "late-camera"
    OUTSIDE_SCHEDULE = "outside-schedule"
    LONG_SESSION = "long-session"
    BIG_CHANGE = "big-change"
    MONITORING_GAPS = "monitoring-gaps"
    SCHEDULE_KEPT = "schedule-kept"
    FEWER_LATE_NIGHTS = "fewer-late-nights"
    NO_GAPS = "no-gaps"


GOOD_NEWS = frozenset({HighlightKind.SCHEDULE_KEPT, HighlightKind.FEWER_LATE_NIGHTS,
                       HighlightKind.NO_GAPS})
IMPORTANCE = {kind: 100 - 10 * index for index, kind in enumerate(HighlightKind)}


@dataclass(frozen=True, slots=True)
class Settings:
    """What the parent can tune. Minutes of the day are local wall-clock minutes."""

    late_minute: int = 21 * 60  # "late" starts at 21:00 ...
    morning_minute: int = 5 * 60  # ... and lasts until 05:00 the next morning
    long_session_minutes: int = 60
    change_ratio: float = 0.5  # a big change: at least 50 % ...
    change_minutes: int = 30  # ... and at least 30 minutes
    min_gap_minutes: int = 5  # shorter gaps are not worth a conversation


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True, slots=True)
class Highlight:
    kind: HighlightKind
    importance: int  # for ordering only, never shown
    evidence: tuple[Evidence, ...]
    values: dict[str, Value] = field(default_factory=dict)
    variant: str = ""  # "up"/"down" for a change; chooses wording, not meaning

    @property
    def good_news(self) -> bool:
        return self.kind in GOOD_NEWS


def _interval(session: Session, summary: Summary) -> Interval | None:
    return clip(session, summary.period.start, summary.period.end, summary.now)


def _of_kind(summary: Summary, kind: Kind) -> list[tuple[Session, Interval]]:
    found = []
    for line in summary.sessions:
        part = _interval(line.session, summary) if line.session.kind is kind else None
        if part is not None:
            found.append((line.session, part))
    return found


def _overlap(a: Iterable[Interval], b: Sequence[Interval]) -> list[Interval]:
    return [(max(s, t), min(e, u)) for s, e in a for t, u in b if max(s, t) < min(e, u)]


def _dates(summary: Summary, before: int = 1) -> list[date]:
    days = summary.period.days()
    first = days[0] - timedelta(days=before)
    return [first + timedelta(days=i) for i in range((days[-1] - first).days + 1)]


def night_spans(summary: Summary, settings: Settings) -> list[tuple[date, Interval]]:
    """(evening date, [late, next morning)) for each night touching the period."""
    tz = summary.period.tz
    return [(day, (wall_to_instant(day, settings.late_minute, tz),
                   wall_to_instant(day + timedelta(days=1), settings.morning_minute, tz)))
            for day in _dates(summary)]


def late_use(summary: Summary, settings: Settings
             ) -> tuple[list[date], list[Session], list[Interval]]:
    """The evenings the camera was on late, the sessions, and the late parts."""
    camera = _of_kind(summary, Kind.CAMERA)
    evenings: list[date] = []
    sessions: dict[Session, None] = {}
    parts: list[Interval] = []
    for evening, night in night_spans(summary, settings):
        hits = [(s, p) for s, p in camera if _overlap([p], [night])]
        if hits:
            evenings.append(evening)
            sessions.update((s, None) for s, _ in hits)
            parts += _overlap((p for _, p in hits), [night])
    return evenings, list(sessions), parts


def allowed_spans(hours: WeekHours, rules: Rules, dates: Sequence[date], tz: tzinfo
                  ) -> list[Interval]:
    """When the camera hours (and one-off exceptions) allow use, over `dates`."""
    spans: list[Interval] = []
    for day in dates:
        windows = hours.days[day.weekday()]
        if windows is None:  # no hours limit that day
            spans.append((day_start(day, tz), day_start(day + timedelta(days=1), tz)))
        for window in windows or ():
            spans.append((wall_to_instant(day, window.start, tz),
                          wall_to_instant(day, window.end, tz)))
    for exception in rules.exceptions:
        if exception.allowed_until is not None:
            spans.append((wall_to_instant(exception.day, exception.allowed_from, tz),
                          wall_to_instant(exception.day, exception.allowed_until, tz)))
    return spans


def outside_use(summary: Summary, rules: Rules) -> list[tuple[Session, float]]:
    """Camera sessions with seconds outside the camera hours (none without hours)."""
    hours = rules.camera.hours if rules.camera else None
    if hours is None:
        return []
    allowed = allowed_spans(hours, rules, _dates(summary), summary.period.tz)
    found = []
    for session, part in _of_kind(summary, Kind.CAMERA):
        inside = union_seconds(_overlap([part], allowed))
        outside = (part[1] - part[0]).total_seconds() - inside
        if outside >= 1:
            found.append((session, outside))
    return found


def outside_seconds_by_day(summary: Summary, rules: Rules | None) -> dict[date, float]:
    """Camera seconds outside the hours per local date (for the charts' hatched part)."""
    hours = rules.camera.hours if rules and rules.camera else None
    if rules is None or hours is None:
        return {}
    tz = summary.period.tz
    allowed = allowed_spans(hours, rules, _dates(summary), tz)
    result: dict[date, float] = {}
    for day in summary.period.days():
        span = (day_start(day, tz), day_start(day + timedelta(days=1), tz))
        camera = [p for _, p in _of_kind(summary, Kind.CAMERA)]
        used = _overlap(camera, [span])
        result[day] = union_seconds(used) - union_seconds(_overlap(used, allowed))
    return result


def _minutes(seconds: float) -> int:
    return round(seconds / 60)


def _day_list(days: Iterable[date]) -> str:
    return ", ".join(f"{d:%a} {d.day} {d:%b}" for d in sorted(set(days)))


def _when(session: Session, tz: tzinfo) -> str:
    return f"{day_label(session.started_at, tz)} {clock_time(session.started_at, tz)}"


def _name(session: Session) -> str:
    return session.app.name if session.app else session.process


def _make(kind: HighlightKind, evidence: Iterable[Evidence], variant: str = "",
          **values: Value) -> Highlight:
    return Highlight(kind, IMPORTANCE[kind], tuple(evidence), values, variant)


def _streaming(summary: Summary, seen_before: frozenset[str]) -> list[Highlight]:
    found = []
    apps = _of_kind(summary, Kind.APP)
    camera = [p for _, p in _of_kind(summary, Kind.CAMERA)]
    for app in summary.apps:
        if app.app.category is not Category.STREAMING:
            continue
        own = [(s, p) for s, p in apps if s.app and s.app.app_id == app.app.app_id]
        together = union_seconds(_overlap(camera, [p for _, p in own]))
        if together > 0:
            used = [s for s, p in _of_kind(summary, Kind.CAMERA)
                    if _overlap([p], [q for _, q in own])]
            found.append(_make(HighlightKind.CAMERA_WITH_STREAMING, used + [s for s, _ in own],
                               app=app.app.name, minutes=_minutes(together),
                               time=duration(together)))
        if app.app.app_id not in seen_before:
            first = min(s.started_at for s, _ in own)
            found.append(_make(HighlightKind.NEW_STREAMING_APP, [s for s, _ in own],
                               app=app.app.name, day=day_label(first, summary.period.tz)))
    return found


def _change(summary: Summary, previous: Summary, settings: Settings) -> list[Highlight]:
    if not previous.sessions:
        return []  # nothing recorded last week (not yet installed?): nothing to compare
    now, before = summary.totals.camera_seconds, previous.totals.camera_seconds
    diff = now - before
    big = abs(diff) >= settings.change_minutes * 60 and (
        before == 0 or abs(diff) >= settings.change_ratio * before)
    if not big:
        return []
    percent = round(100 * abs(diff) / before) if before else 0
    return [_make(HighlightKind.BIG_CHANGE, (), "up" if diff > 0 else "down",
                  this_week=duration(now), last_week=duration(before),
                  difference=duration(abs(diff)), percent=percent)]


def highlights(summary: Summary, previous: Summary | None = None,
               seen_before: Iterable[str] = (), rules: Rules | None = None,
               settings: Settings = DEFAULT_SETTINGS) -> tuple[Highlight, ...]:
    """Everything worth talking about this week, most important first.

    `seen_before`: app ids seen in earlier weeks (last week's apps are added to them).
    A week with nothing recorded at all gives no highlights, not good news.
    """
    tz = summary.period.tz
    seen = frozenset(seen_before) | {a.app.app_id for a in (previous.apps if previous else ())}
    found = _streaming(summary, seen)
    evenings, late_sessions, late_parts = late_use(summary, settings)
    if evenings:
        found.append(_make(HighlightKind.LATE_CAMERA, late_sessions, late=clock(
            settings.late_minute), count=len(evenings), days=_day_list(evenings),
            minutes=_minutes(union_seconds(late_parts)), time=duration(union_seconds(late_parts))))
    outside = outside_use(summary, rules) if rules else []
    if outside:
        seconds = sum(sec for _, sec in outside)
        found.append(_make(HighlightKind.OUTSIDE_SCHEDULE, [s for s, _ in outside],
                           count=len({local_date(s.started_at, tz) for s, _ in outside}),
                           minutes=_minutes(seconds), time=duration(seconds),
                           days=_day_list(local_date(s.started_at, tz) for s, _ in outside)))
    long = [(s, p) for s, p in _of_kind(summary, Kind.CAMERA)
            if (p[1] - p[0]).total_seconds() >= settings.long_session_minutes * 60]
    if long:
        longest, part = max(long, key=lambda item: item[1][1] - item[1][0])
        found.append(_make(HighlightKind.LONG_SESSION, [s for s, _ in long], count=len(long),
                           app=_name(longest), when=_when(longest, tz),
                           time=duration((part[1] - part[0]).total_seconds()),
                           threshold=duration(settings.long_session_minutes * 60)))
    if previous is not None:
        found += _change(summary, previous, settings)
    gaps = [g for g in summary.gaps if g.end - g.start >= timedelta(
        minutes=settings.min_gap_minutes)]
    if gaps:
        total = sum((g.end - g.start).total_seconds() for g in gaps)
        found.append(_make(HighlightKind.MONITORING_GAPS, gaps, count=len(gaps),
                           time=duration(total), minutes=_minutes(total)))
    found += _good_news(summary, previous, rules, settings, bool(outside), bool(gaps))
    return tuple(sorted(found, key=lambda h: (-h.importance, h.kind.value)))


def _good_news(summary: Summary, previous: Summary | None, rules: Rules | None,
               settings: Settings, outside: bool, gaps: bool) -> list[Highlight]:
    if not summary.sessions:
        return []  # nothing recorded: no news, good or bad
    found = []
    camera_used = summary.totals.camera_seconds > 0
    if rules and rules.camera and rules.camera.hours and camera_used and not outside:
        found.append(_make(HighlightKind.SCHEDULE_KEPT, ()))
    if previous is not None:
        before = len(late_use(previous, settings)[0])
        now = len(late_use(summary, settings)[0])
        if now < before:
            found.append(_make(HighlightKind.FEWER_LATE_NIGHTS, (), count=now,
                               before=before, late=clock(settings.late_minute)))
    if not gaps:
        found.append(_make(HighlightKind.NO_GAPS, ()))
    return found
