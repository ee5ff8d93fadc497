"""Is each subject allowed now, for how long, and when could the answer change?

A pure function of (rules, usage so far today, now, time zone).

Wall-clock rule: a time of day in a schedule means *the first instant at which the
local clock shows that time or later*. So a time skipped by a spring-forward change
(02:30 in New York on 10 March 2024) is the first instant after the gap (03:00 EDT),
and a time shown twice by a fall-back change (01:30 on 3 November 2024) is its first
occurrence (fold=0). A local date runs from its start to the start of the next date -
23, 24 or 25 hours - and budgets count per local date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from familywatch.core.model import Category, Kind
from familywatch.core.rules import (
    Action,
    AppRule,
    CameraRule,
    DailyBudget,
    Decision,
    Reason,
    Rules,
    Subject,
    SubjectDecision,
    Usage,
    WeekHours,
)

HORIZON = timedelta(days=8)  # how far ahead time_left and next_change look
_DAY = timedelta(days=1)
Label = tuple[bool, Reason]
Span = tuple[datetime, datetime]


@lru_cache(maxsize=8192)
def wall_to_instant(day: date, minute: int, tz: tzinfo) -> datetime:
    """The first instant (UTC) at which the clock in `tz` shows `day` + `minute` or later.

    `minute` may pass 1440 (a window running into the next day).
    """
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)  # ambiguous: first occurrence
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a spring-forward gap: fold=1 reads the wall time with the offset after the
    # change, an instant just before the gap; the clock jumps past `wall` in between.
    before = int(wall.replace(tzinfo=tz, fold=1).astimezone(UTC).timestamp())
    after = int(first.timestamp())
    while after - before > 1:  # tz changes happen on whole seconds
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, tz).replace(tzinfo=None) >= wall:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def day_start(day: date, tz: tzinfo) -> datetime:
    return wall_to_instant(day, 0, tz)


def local_date(instant: datetime, tz: tzinfo) -> date:
    """The local date an instant counts towards (the day whose start it last passed)."""
    shown = instant.astimezone(tz).date()
    following = shown + _DAY
    # Only differs when a fall-back crosses midnight: the clock shows the old date again.
    return following if instant >= day_start(following, tz) else shown


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _span_at(spans: list[Span], starts: list[datetime], instant: datetime) -> Span | None:
    index = bisect_right(starts, instant) - 1
    if index >= 0 and instant < spans[index][1]:
        return spans[index]
    return None


class _Calendar:
    """The dates around `now` as instants, and what the exceptions add to them."""

    def __init__(self, rules: Rules, now: datetime, tz: tzinfo) -> None:
        self.now = now
        self.end = now + HORIZON
        today = local_date(now, tz)
        self.dates = [today + _DAY * offset for offset in range(-1, HORIZON.days + 2)]
        self.starts = [day_start(day, tz) for day in self.dates]
        self.today_index = 1
        self.extra_minutes: dict[date, int] = {}
        allowed: list[Span] = []
        for exception in rules.exceptions:
            if not self.dates[0] <= exception.day <= self.dates[-1]:
                continue
            extra = self.extra_minutes.get(exception.day, 0)
            self.extra_minutes[exception.day] = extra + exception.extra_minutes
            if exception.allowed_until is not None:
                allowed.append(
                    (
                        wall_to_instant(exception.day, exception.allowed_from, tz),
                        wall_to_instant(exception.day, exception.allowed_until, tz),
                    )
                )
        self.exception_spans = _merge(allowed)
        self.exception_starts = [span[0] for span in self.exception_spans]

    def index_of(self, instant: datetime) -> int:
        return bisect_right(self.starts, instant) - 1

    def exception_at(self, instant: datetime) -> Span | None:
        return _span_at(self.exception_spans, self.exception_starts, instant)


class _SubjectTimeline:
    """One subject's limits laid out as instants over the horizon."""

    def __init__(
        self,
        cal: _Calendar,
        tz: tzinfo,
        hours: WeekHours | None,
        budget: DailyBudget | None,
        used_today: timedelta,
    ) -> None:
        self.cal = cal
        self.hours = hours
        self.budget = budget
        self.used_today = used_today
        windows = [
            (wall_to_instant(day, window.start, tz), wall_to_instant(day, window.end, tz))
            for day in (cal.dates if hours is not None else ())
            for window in (hours.days[day.weekday()] if hours is not None else None) or ()
        ]
        self.windows = _merge(windows)
        self.window_starts = [span[0] for span in self.windows]
        self._candidates: dict[bool, list[datetime]] = {}

    def window_at(self, instant: datetime) -> Span | None:
        return _span_at(self.windows, self.window_starts, instant)

    def limit(self, index: int) -> timedelta | None:
        """The budget of the date at `index`, exception minutes included."""
        day = self.cal.dates[index]
        minutes = None if self.budget is None else self.budget.minutes[day.weekday()]
        if minutes is None:
            return None
        return timedelta(minutes=minutes + self.cal.extra_minutes.get(day, 0))

    def used(self, instant: datetime, index: int, keep_using: bool) -> timedelta:
        """Use on the instant's date, if use goes on from now (or stops now)."""
        if index == self.cal.today_index:
            return self.used_today + (instant - self.cal.now if keep_using else timedelta(0))
        return instant - self.cal.starts[index] if keep_using else timedelta(0)

    def label(self, instant: datetime, keep_using: bool) -> Label:
        index = self.cal.index_of(instant)
        day = self.cal.dates[index]
        window = self.window_at(instant)
        restricted = self.hours is not None and self.hours.days[day.weekday()] is not None
        limit = self.limit(index)
        budget_ok = limit is None or self.used(instant, index, keep_using) < limit
        if budget_ok and (window is not None or not restricted):
            if window is not None:
                return True, Reason.WITHIN_HOURS
            return True, Reason.NO_LIMIT_TODAY if limit is None else Reason.WITHIN_BUDGET
        if self.cal.exception_at(instant) is not None:
            return True, Reason.EXCEPTION
        return False, Reason.OUTSIDE_HOURS if budget_ok else Reason.BUDGET_USED_UP

    def candidates(self, keep_using: bool) -> list[datetime]:
        """Every instant after now at which the label could change."""
        if keep_using not in self._candidates:
            cal = self.cal
            points = set(cal.starts[cal.today_index + 1 :])
            points.update(edge for span in self.windows for edge in span)
            points.update(edge for span in cal.exception_spans for edge in span)
            for index in range(cal.today_index, len(cal.dates)) if keep_using else ():
                limit = self.limit(index)
                if limit is not None:  # the moment the budget runs out
                    counted_from = cal.starts[index]
                    if index == cal.today_index:
                        counted_from = cal.now - self.used_today
                    points.add(counted_from + limit)
            self._candidates[keep_using] = sorted(p for p in points if cal.now < p <= cal.end)
        return self._candidates[keep_using]

    def first(self, keep_using: bool, stop: Callable[[Label], bool]) -> datetime | None:
        """The first instant after now whose label satisfies `stop`."""
        for instant in self.candidates(keep_using):
            if stop(self.label(instant, keep_using)):
                return instant
        return None


def _decide(
    subject: Subject,
    rule: CameraRule | AppRule | None,
    in_use: bool,
    used_today: timedelta,
    cal: _Calendar,
    tz: tzinfo,
) -> tuple[SubjectDecision, datetime | None]:
    """The decision for one subject and the next instant its answer changes."""
    if rule is None:
        unruled = SubjectDecision(subject, in_use, True, Reason.NO_RULE, Action.RECORD, False, None)
        return unruled, None
    now = cal.now
    action, warn_before_minutes = rule.action, rule.warn_before_minutes
    line = _SubjectTimeline(cal, tz, rule.hours, rule.budget, used_today)
    # Three readings of the future: as things are now (next change), if use goes on
    # (time left, warnings), and if use stops now (when it is allowed again).
    allowed, reason = line.label(now, keep_using=in_use)
    change = line.first(in_use, lambda label: label != (allowed, reason))
    run_end = line.first(True, lambda label: not label[0]) if allowed else now
    warn_before = timedelta(minutes=warn_before_minutes)
    warning = False
    if allowed and in_use and action is not Action.RECORD and run_end is not None:
        warn_from = run_end - warn_before
        warning = warn_from <= now
        if not warning and (change is None or warn_from < change):
            change = warn_from
    limit = line.limit(cal.today_index)
    window = line.window_at(now)
    exception = cal.exception_at(now)
    decision = SubjectDecision(
        subject=subject,
        in_use=in_use,
        allowed=allowed,
        reason=reason,
        action=action,
        warning=warning,
        time_left=None if run_end is None else run_end - now,
        window_end=window[1] if window else None,
        budget_minutes=None if limit is None else int(limit.total_seconds()) // 60,
        budget_left=None if limit is None else max(timedelta(0), limit - used_today),
        allowed_again_at=None if allowed else line.first(False, lambda label: label[0]),
        exception_until=exception[1] if exception else None,
        warn_before_minutes=warn_before_minutes,
        grace_seconds=rule.grace_seconds,
    )
    return decision, change


def evaluate(rules: Rules, usage: Usage, now: datetime, tz: tzinfo) -> Decision:
    """Decide, for the camera, the microphone and each app category in use, whether use
    is allowed at `now`, and when the answer would next change if use goes on as it is."""
    if now.tzinfo is None:
        raise ValueError("evaluate needs a timezone-aware `now`")
    now = now.astimezone(UTC)
    cal = _Calendar(rules, now, tz)
    microphone_rule = rules.camera if rules.microphone_follows_camera else None
    subjects: list[tuple[Subject, CameraRule | AppRule | None, bool, timedelta]] = [
        (Kind.CAMERA, rules.camera, usage.camera_active, usage.camera_today),
        (Kind.MICROPHONE, microphone_rule, usage.microphone_active, usage.microphone_today),
    ]
    subjects += [
        (category, rules.app_rule(category), True, timedelta(0))
        for category in Category
        if category in usage.active_categories
    ]
    decisions: list[SubjectDecision] = []
    changes: list[datetime] = []
    for subject, rule, in_use, used in subjects:
        decision, change = _decide(subject, rule, in_use, used, cal, tz)
        decisions.append(decision)
        if change is not None:
            changes.append(change)
    return Decision(at=now, subjects=tuple(decisions), next_change=min(changes, default=None))
