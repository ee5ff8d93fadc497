"""Summaries of the record over a local day or week: totals, days, apps and gaps.

Times in sessions are UTC; days are local calendar days (zoneinfo), so a day can
last 23 or 25 hours. Overlapping sessions of one kind are counted once: "camera
minutes" is how long the camera was on, not the sum over processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from familywatch.core.model import AppInfo, Gap, Kind, MonitorRun, Session

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) as aware UTC datetimes, with the local zone days are cut in.

    UTC on purpose: subtracting two datetimes that share a zoneinfo gives wall-clock
    differences (24 h for a 23-hour DST day), UTC gives real seconds.
    """

    start: datetime
    end: datetime
    label: str
    tz: tzinfo

    def days(self) -> list[date]:
        first = self.start.astimezone(self.tz).date()
        last = (self.end - timedelta(microseconds=1)).astimezone(self.tz).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# datetime holds years 1 to 9999. The days people may ask for stay a year from either
# end, so that a day, its week and the week before it (the review compares the two)
# exist in every time zone; a period itself needs its midnights to fit (UTC-14 to +14).
FIRST_DAY, LAST_DAY = date(2, 1, 1), date(9998, 12, 31)
_EARLIEST_MIDNIGHT = date.min + timedelta(days=1)


class DayOutOfRange(ValueError):
    def __init__(self, day: date) -> None:
        super().__init__(f"{day.isoformat()} is outside the days FamilyWatch can show "
                         f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")


def showable_day(day: date) -> date:
    """`day` if people may ask for it, else DayOutOfRange."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayOutOfRange(day)
    return day


def _day_after(first: date, days: int) -> date:
    """The day after `days` days from `first`: DayOutOfRange where a local midnight of
    the period would fall outside what datetime holds, instead of an OverflowError."""
    if first < _EARLIEST_MIDNIGHT or first > date.max - timedelta(days=days):
        raise DayOutOfRange(first)
    return first + timedelta(days=days)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The UTC instant local `day` begins (zoneinfo resolves a missing midnight forward)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def day_period(day: date, tz: tzinfo) -> Period:
    after = _day_after(day, 1)
    return Period(local_midnight(day, tz), local_midnight(after, tz), day.isoformat(), tz)


def week_period(any_day: date, tz: tzinfo) -> Period:
    """Monday to Sunday (local) of the week that holds `any_day`."""
    monday = any_day - timedelta(days=any_day.weekday())  # 0001-01-01 was a Monday
    after, iso = _day_after(monday, 7), monday.isocalendar()
    return Period(local_midnight(monday, tz), local_midnight(after, tz),
                  f"{iso.year}-W{iso.week:02d}", tz)


def union_seconds(intervals: Iterable[Interval]) -> float:
    """Length of the union of intervals (overlaps counted once)."""
    total = 0.0
    current: Interval | None = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current is None or start > current[1]:
            if current is not None:
                total += (current[1] - current[0]).total_seconds()
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += (current[1] - current[0]).total_seconds()
    return total


def clip(session: Session, start: datetime, end: datetime, now: datetime) -> Interval | None:
    """The part of a session inside [start, end); an open session runs until `now`."""
    s_end = session.ended_at or max(now, session.last_seen)
    lo, hi = max(session.started_at, start), min(s_end, end)
    return (lo, hi) if hi > lo else None


@dataclass(frozen=True, slots=True)
class KindTotals:
    camera_seconds: float = 0.0
    microphone_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    totals: KindTotals
    apps: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AppSummary:
    app: AppInfo
    seconds: float
    sessions: int


@dataclass(frozen=True, slots=True)
class SessionLine:
    session: Session
    seconds: float  # inside the period, up to now for an open session


@dataclass(frozen=True, slots=True)
class Summary:
    period: Period
    now: datetime
    totals: KindTotals
    days: tuple[DaySummary, ...]
    sessions: tuple[SessionLine, ...]
    apps: tuple[AppSummary, ...]
    gaps: tuple[Gap, ...]


# A session with the whole stretch it covers (an open one up to now), worked out once:
# a year's summary clips each session against the period and against its days.
_Span = tuple[Session, datetime, datetime]
_AppParts = dict[str, tuple[AppInfo, list[Interval]]]


def _span(session: Session, now: datetime) -> _Span:
    return session, session.started_at, session.ended_at or max(now, session.last_seen)


def _tally(spans: Iterable[_Span], start: datetime, end: datetime
           ) -> tuple[KindTotals, _AppParts]:
    """Camera and microphone time inside [start, end), and each app's parts there
    (one part per session, so len(parts) is its number of sessions)."""
    camera: list[Interval] = []
    microphone: list[Interval] = []
    apps: _AppParts = {}
    for session, s_start, s_end in spans:
        lo = s_start if s_start > start else start  # max()/min() calls: a fifth of the time
        hi = s_end if s_end < end else end
        if hi <= lo:
            continue
        if session.kind is Kind.CAMERA:
            camera.append((lo, hi))
        elif session.kind is Kind.MICROPHONE:
            microphone.append((lo, hi))
        elif session.kind is Kind.APP and session.app is not None:
            found = apps.get(session.app.app_id)
            if found is None:
                apps[session.app.app_id] = (session.app, [(lo, hi)])
            else:
                found[1].append((lo, hi))
    return KindTotals(union_seconds(camera), union_seconds(microphone)), apps


def gaps_between_runs(runs: Sequence[MonitorRun], start: datetime, end: datetime,
                      now: datetime, alive_within: timedelta = timedelta(seconds=90),
                      min_gap: timedelta = timedelta(seconds=60)) -> tuple[Gap, ...]:
    """Stretches inside [start, min(end, now)) when no monitor run was alive.

    Only from the first run ever on: before FamilyWatch was first started is not a gap.
    A run that is still open and was alive recently counts as alive until now.
    """
    ordered = sorted(runs, key=lambda r: r.started_at)
    if not ordered:
        return ()
    limit = min(end, now)
    gaps: list[Gap] = []
    cursor = max(start, ordered[0].started_at)
    reason = "not-running"
    for run in ordered:
        if run.ended_at is not None:
            run_end, how = run.ended_at, run.ended_how or "stopped"
            if how == "clock-change" and run.ended_at - run.last_alive >= min_gap:
                # The clock was set back: [last_alive, ended_at) came twice.
                gaps.append(Gap(max(run.last_alive, start), min(run.ended_at, limit), how))
        elif now - run.last_alive <= alive_within:
            run_end, how = now, "running"
        else:
            run_end, how = run.last_alive, "crashed"
        if run.started_at - cursor >= min_gap and run.started_at > cursor:
            gaps.append(Gap(cursor, min(run.started_at, limit), reason))
        cursor = max(cursor, run_end)
        reason = _gap_reason(how)
    if how != "running" and limit - cursor >= min_gap:
        gaps.append(Gap(cursor, limit, reason))
    return tuple(sorted((g for g in gaps if g.end > g.start and g.start < limit),
                        key=lambda g: g.start))


# Why monitoring stopped, by the `ended_how` of the run before a gap. Part of the JSON
# contract (`gaps` in reports, `gaps_today` in status):
#   not-running      before the first run of a day's record started (machine off, not started)
#   monitor-stopped  FamilyWatch was closed (quit, Ctrl+C, logout)
#   crashed          it stopped without closing its run (killed, crash, power loss)
#   paused           a parent paused monitoring
#   suspend          the computer slept (wall clock jumped forward, monotonic did not)
#   clock-change     the clock was set (backward, or forward without a sleep)
#   stalled          FamilyWatch ran but could not work (frozen, or starved of the CPU)
GAP_REASONS = ("not-running", "monitor-stopped", "crashed", "paused", "suspend", "clock-change",
               "stalled")
GAP_REASON_WORDS = {
    "not-running": "FamilyWatch was not running",
    "monitor-stopped": "FamilyWatch was not running (it was closed)",
    "crashed": "FamilyWatch stopped unexpectedly",
    "paused": "monitoring was paused by a parent",
    "suspend": "the computer was asleep",
    "clock-change": "the computer's clock was changed",
    "stalled": "FamilyWatch was stuck and could not watch",
}


def _gap_reason(how: str) -> str:
    return "monitor-stopped" if how == "stopped" else how  # the others are named alike


_TICK, _ONE_DAY = timedelta(microseconds=1), timedelta(days=1)


def _by_local_day(spans: Sequence[_Span], start: datetime, end: datetime, tz: tzinfo
                  ) -> dict[date, list[_Span]]:
    """Each session under every local day it touches inside [start, end), so a year is
    summed day by day over a few sessions each, not 366 times over all of them."""
    found: dict[date, list[_Span]] = {}
    for span in spans:
        lo = span[1] if span[1] > start else start
        hi = span[2] if span[2] < end else end
        day = lo.astimezone(tz).date()
        last = (hi - _TICK).astimezone(tz).date()
        while day <= last:
            bucket = found.get(day)
            if bucket is None:
                found[day] = [span]
            else:
                bucket.append(span)
            day += _ONE_DAY
    return found


def summarize(sessions: Sequence[Session], runs: Sequence[MonitorRun], period: Period,
              now: datetime, tz: tzinfo) -> Summary:
    start, end = period.start, period.end
    inside = [span for span in (_span(s, now) for s in sessions)
              if min(span[2], end) > max(span[1], start)]
    by_day = _by_local_day(inside, start, end, tz)
    days = []
    for day in period.days():
        d = day_period(day, tz)  # the whole local day, also where the period cuts it
        day_totals, day_apps = _tally(by_day.get(day, ()), d.start, d.end)
        days.append(DaySummary(day, day_totals, {app_id: union_seconds(parts)
                                                 for app_id, (_, parts) in day_apps.items()}))
    totals, apps = _tally(inside, start, end)
    lines = [SessionLine(s, (min(s_end, end) - max(s_start, start)).total_seconds())
             for s, s_start, s_end in sorted(inside, key=lambda span: (span[1], span[0].serial))]
    return Summary(
        period=period,
        now=now,
        totals=totals,
        days=tuple(days),
        sessions=tuple(lines),
        apps=tuple(sorted((AppSummary(info, union_seconds(parts), len(parts))
                           for info, parts in apps.values()),
                          key=lambda a: (-a.seconds, a.app.app_id))),
        gaps=gaps_between_runs(runs, start, end, now),
    )
