"""Properties of rule evaluation, on random schedules, usage and instants (DST days included).

The strategies here are shared with test_schedule_file.py (round trip).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from familywatch.core.model import Category
from familywatch.core.rules import (
    MINUTES_PER_DAY,
    Action,
    AppRule,
    CameraRule,
    DailyBudget,
    DayException,
    Decision,
    Rules,
    Usage,
    WeekHours,
    Window,
    find_overlap,
)
from familywatch.core.rules_eval import evaluate

ZONES = [ZoneInfo(name) for name in ("Europe/London", "America/New_York", "Australia/Sydney")]
# Instants of DST changes in those zones, so that many examples straddle one.
DST_CHANGES = [
    datetime(2024, 3, 31, 1, tzinfo=UTC),  # London spring forward
    datetime(2024, 10, 27, 1, tzinfo=UTC),  # London fall back
    datetime(2024, 3, 10, 7, tzinfo=UTC),  # New York spring forward
    datetime(2024, 11, 3, 6, tzinfo=UTC),  # New York fall back
    datetime(2024, 10, 5, 16, tzinfo=UTC),  # Sydney spring forward
    datetime(2024, 4, 6, 16, tzinfo=UTC),  # Sydney fall back
]
ONE_MICROSECOND = timedelta(microseconds=1)


@st.composite
def windows_of_a_day(draw: st.DrawFn) -> tuple[Window, ...]:
    points = sorted(draw(st.sets(st.integers(0, MINUTES_PER_DAY), max_size=6)))
    points = points[: len(points) // 2 * 2]
    windows = [Window(start, end) for start, end in zip(points[::2], points[1::2], strict=True)]
    if windows and windows[-1].start > 1 and draw(st.booleans()):
        last = windows.pop()  # let the last one run past midnight
        spill = draw(st.integers(1, min(last.start - 1, 600)))
        windows.append(Window(last.start, MINUTES_PER_DAY + spill))
    return tuple(windows)


@st.composite
def week_hours(draw: st.DrawFn) -> WeekHours:
    days = tuple(draw(st.none() | windows_of_a_day()) for _ in range(7))
    assume(find_overlap(days) is None)
    return WeekHours(days)


budgets = st.builds(DailyBudget, st.tuples(*[st.none() | st.integers(0, MINUTES_PER_DAY)] * 7))
enforcement = {
    "action": st.sampled_from(Action),
    "warn_before_minutes": st.integers(0, 120),
    "grace_seconds": st.integers(0, 3600),
}
camera_rules = st.builds(
    CameraRule, hours=st.none() | week_hours(), budget=st.none() | budgets, **enforcement
)


@st.composite
def app_rules(draw: st.DrawFn) -> tuple[AppRule, ...]:
    categories = draw(st.sets(st.sampled_from(Category)))
    return tuple(
        draw(st.builds(AppRule, category=st.just(category), hours=week_hours(), **enforcement))
        for category in categories
    )


@st.composite
def day_exceptions(draw: st.DrawFn, days: st.SearchStrategy[date]) -> DayException:
    until = draw(st.none() | st.integers(1, MINUTES_PER_DAY))
    start = 0 if until is None else draw(st.integers(0, until - 1))
    extra = draw(st.integers(1 if until is None else 0, 240))
    return DayException(draw(days), extra, start, until)


@st.composite
def rules_near(draw: st.DrawFn, days: st.SearchStrategy[date]) -> Rules:
    camera = draw(st.none() | camera_rules)
    return Rules(
        camera=camera,
        microphone_follows_camera=camera is not None and draw(st.booleans()),
        apps=draw(app_rules()),
        exceptions=tuple(draw(st.lists(day_exceptions(days), max_size=3))),
    )


any_rules = rules_near(st.dates(date(2000, 1, 1), date(2099, 12, 31)))


@st.composite
def situations(draw: st.DrawFn) -> tuple[Rules, Usage, datetime, ZoneInfo]:
    tz = draw(st.sampled_from(ZONES))
    base = draw(
        st.sampled_from(DST_CHANGES)
        | st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC))
    )
    now = base + draw(st.timedeltas(-timedelta(hours=30), timedelta(hours=30)))
    today = now.astimezone(tz).date()
    rules = draw(rules_near(st.dates(today - timedelta(days=1), today + timedelta(days=2))))
    elapsed = now - midnight(today, tz)
    usage = Usage(
        camera_today=draw(st.timedeltas(timedelta(0), elapsed)),
        microphone_today=draw(st.timedeltas(timedelta(0), elapsed)),
        camera_active=draw(st.booleans()),
        microphone_active=draw(st.booleans()),
        active_categories=frozenset(draw(st.sets(st.sampled_from(Category)))),
    )
    return rules, usage, now, tz


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """Local midnight; it exists and is unambiguous in the zones tested here."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def projected(usage: Usage, now: datetime, later: datetime, tz: ZoneInfo) -> Usage:
    """Usage at `later` if what is in use now stays in use and nothing else starts."""

    def used(so_far: timedelta, active: bool) -> timedelta:
        day = later.astimezone(tz).date()
        if day == now.astimezone(tz).date():
            return so_far + (later - now if active else timedelta(0))
        return later - midnight(day, tz) if active else timedelta(0)

    return Usage(
        camera_today=used(usage.camera_today, usage.camera_active),
        microphone_today=used(usage.microphone_today, usage.microphone_active),
        camera_active=usage.camera_active,
        microphone_active=usage.microphone_active,
        active_categories=usage.active_categories,
    )


def answers(decision: Decision) -> tuple[object, ...]:
    return tuple((item.subject, item.answer) for item in decision.subjects)


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(situations(), st.floats(0, 1))
def test_answer_holds_until_next_change_and_differs_there(situation, fraction):
    """For use going on as it is now, the answer (allowed, reason, warning per subject)
    is the same at every instant in [now, next_change) and differs at next_change.

    Checked along a chain of up to 6 successive changes, so warnings, window edges,
    budgets running out and midnights all come up."""
    rules, usage, start, tz = situation

    def at(instant: datetime) -> Decision:
        return evaluate(rules, projected(usage, start, instant, tz), instant, tz)

    now, decision = start, evaluate(rules, usage, start, tz)
    for _ in range(6):
        change = decision.next_change
        if change is None:
            return
        assert change > now
        just_before = change - ONE_MICROSECOND
        assert answers(at(now + (just_before - now) * fraction)) == answers(decision)
        assert answers(at(just_before)) == answers(decision)
        now, decision = change, at(change)
        assert answers(decision) != answers(at(just_before))


@PROPERTY_SETTINGS
@given(situations())
def test_time_left_is_never_negative_and_is_when_use_must_stop(situation):
    rules, usage, now, tz = situation
    usage = Usage(usage.camera_today, usage.microphone_today, camera_active=True)
    decision = evaluate(rules, usage, now, tz)
    for item in decision.subjects:
        assert item.time_left is None or item.time_left >= timedelta(0)
        assert item.budget_left is None or item.budget_left >= timedelta(0)
        assert item.allowed or item.time_left == timedelta(0)
    camera = decision.subjects[0]
    if camera.allowed and camera.time_left is not None:
        stop = now + camera.time_left
        assert (
            evaluate(rules, projected(usage, now, stop, tz), stop, tz).subjects[0].allowed is False
        )
        last = stop - ONE_MICROSECOND
        assert evaluate(rules, projected(usage, now, last, tz), last, tz).subjects[0].allowed


@PROPERTY_SETTINGS
@given(situations(), st.data())
def test_an_exception_never_shortens_allowed_time(situation, data):
    rules, usage, now, tz = situation
    today = now.astimezone(tz).date()
    extra = data.draw(
        day_exceptions(st.dates(today - timedelta(days=1), today + timedelta(days=2)))
    )
    with_extra = Rules(
        rules.camera, rules.microphone_follows_camera, rules.apps, (*rules.exceptions, extra)
    )
    before = evaluate(rules, usage, now, tz)
    after = evaluate(with_extra, usage, now, tz)
    for old, new in zip(before.subjects, after.subjects, strict=True):
        assert new.allowed or not old.allowed
        if old.time_left is None:
            assert new.time_left is None
        elif new.time_left is not None:
            assert new.time_left >= old.time_left
