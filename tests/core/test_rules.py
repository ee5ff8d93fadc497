"""Rule evaluation on concrete days: windows, budgets, exceptions, warnings, midnight, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.model import Category, Kind
from familywatch.core.rules import (
    Action,
    AppRule,
    CameraRule,
    DailyBudget,
    DayException,
    Reason,
    Rules,
    Usage,
    WeekHours,
    Window,
)
from familywatch.core.rules_eval import day_start, evaluate, local_date, wall_to_instant

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
MINUTE = timedelta(minutes=1)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def window(text: str) -> Window:
    start, end = (hm(part) for part in text.split("-"))
    return Window(start, end if end > start else end + 1440)


def every_day(*texts: str) -> WeekHours:
    return WeekHours(tuple(tuple(window(text) for text in texts) for _ in range(7)))


def local(tz: ZoneInfo, *parts: int, fold: int = 0) -> datetime:
    return datetime(*parts, tzinfo=tz, fold=fold).astimezone(UTC)  # type: ignore[misc]


def camera(rules: Rules, now: datetime, tz: ZoneInfo = LONDON, **usage: object):
    return evaluate(rules, Usage(**usage), now, tz).get(Kind.CAMERA)  # type: ignore[arg-type]


SCHOOL_DAYS = Rules(
    camera=CameraRule(
        hours=WeekHours(
            (
                *[(window("16:00-20:00"),)] * 4,
                (window("16:00-20:00"), window("22:00-01:00")),  # Friday, into Saturday
                (window("09:00-20:30"),),
                (),  # no camera on Sundays
            )
        ),
        budget=DailyBudget((60, 60, 60, 60, 60, 120, None)),
        action=Action.CLOSE,
        warn_before_minutes=5,  # pinned: the cases below count from it
        grace_seconds=60,
    )
)
FRIDAY = date(2024, 6, 7)


def test_inside_a_window_with_budget_left():
    decision = camera(SCHOOL_DAYS, local(LONDON, 2024, 6, 7, 17, 0), camera_today=20 * MINUTE)
    assert (decision.allowed, decision.reason, decision.action) == (
        True,
        Reason.WITHIN_HOURS,
        Action.CLOSE,
    )
    assert decision.window_end == local(LONDON, 2024, 6, 7, 20, 0)
    assert decision.budget_minutes == 60
    assert decision.budget_left == 40 * MINUTE
    assert decision.time_left == 40 * MINUTE  # the budget ends before the window
    assert not decision.in_use


def test_outside_hours_says_when_use_is_allowed_again():
    decision = camera(SCHOOL_DAYS, local(LONDON, 2024, 6, 7, 21, 0))
    assert (decision.allowed, decision.reason) == (False, Reason.OUTSIDE_HOURS)
    assert decision.time_left == timedelta(0)
    assert decision.allowed_again_at == local(LONDON, 2024, 6, 7, 22, 0)


def test_a_window_crossing_midnight_belongs_to_the_day_it_starts():
    after_midnight = local(LONDON, 2024, 6, 8, 0, 30)  # Saturday
    decision = camera(SCHOOL_DAYS, after_midnight, camera_active=True)
    assert (decision.allowed, decision.reason) == (True, Reason.WITHIN_HOURS)
    assert decision.window_end == local(LONDON, 2024, 6, 8, 1, 0)
    assert decision.time_left == 30 * MINUTE
    assert decision.budget_minutes == 120  # Saturday's budget, counted from Saturday 00:00
    thursday_night = camera(SCHOOL_DAYS, local(LONDON, 2024, 6, 7, 0, 30))  # Friday 00:30
    assert (thursday_night.allowed, thursday_night.reason) == (False, Reason.OUTSIDE_HOURS)


def test_a_sunday_window_runs_into_monday():
    rules = Rules(camera=CameraRule(hours=WeekHours((*[None] * 6, (window("23:00-01:00"),)))))
    monday = camera(rules, local(LONDON, 2024, 6, 10, 0, 59))
    assert (monday.allowed, monday.reason) == (True, Reason.WITHIN_HOURS)
    # Monday has no hours limit, so use may go on past the window's end.
    assert camera(rules, local(LONDON, 2024, 6, 10, 1, 0)).reason == Reason.NO_LIMIT_TODAY


def test_an_empty_day_means_no_camera_that_day():
    decision = camera(SCHOOL_DAYS, local(LONDON, 2024, 6, 9, 12, 0))
    assert (decision.allowed, decision.reason) == (False, Reason.OUTSIDE_HOURS)
    assert decision.allowed_again_at == local(LONDON, 2024, 6, 10, 16, 0)


def test_budget_used_up_and_time_left_never_negative():
    decision = camera(SCHOOL_DAYS, local(LONDON, 2024, 6, 7, 17, 0), camera_today=75 * MINUTE)
    assert (decision.allowed, decision.reason) == (False, Reason.BUDGET_USED_UP)
    assert decision.budget_left == timedelta(0)
    assert decision.time_left == timedelta(0)
    # Not at Friday's 22:00 window - Friday's budget is gone - but at midnight, when
    # that window has run into Saturday and Saturday's budget starts.
    assert decision.allowed_again_at == local(LONDON, 2024, 6, 8, 0, 0)


def test_the_budget_runs_out_while_in_use_and_comes_back_at_midnight():
    def at(hour: int, minute: int, used: timedelta, day: int = 7):
        now = local(LONDON, 2024, 6, day, hour, minute)
        decision = evaluate(SCHOOL_DAYS, Usage(camera_today=used, camera_active=True), now, LONDON)
        return decision.get(Kind.CAMERA), decision.next_change

    item, change = at(22, 0, 50 * MINUTE)
    assert item is not None and (item.time_left, item.warning) == (10 * MINUTE, False)
    assert change == local(LONDON, 2024, 6, 7, 22, 5)  # warn_before_minutes = 5
    item, change = at(22, 5, 55 * MINUTE)
    assert item is not None and item.warning
    assert change == local(LONDON, 2024, 6, 7, 22, 10)
    item, change = at(22, 10, 60 * MINUTE)
    assert item is not None and (item.allowed, item.reason) == (False, Reason.BUDGET_USED_UP)
    assert change == local(LONDON, 2024, 6, 8, 0, 0)
    item, _ = at(0, 0, timedelta(0), day=8)
    assert item is not None and (item.allowed, item.reason) == (True, Reason.WITHIN_HOURS)
    assert item.time_left == timedelta(hours=1)


def test_warning_starts_warn_before_minutes_before_the_limit():
    rules = Rules(camera=CameraRule(hours=every_day("16:00-20:00"), action=Action.REMIND,
                                    warn_before_minutes=5))
    early = evaluate(rules, Usage(camera_active=True), local(LONDON, 2024, 6, 7, 19, 50), LONDON)
    assert early.get(Kind.CAMERA).warning is False  # type: ignore[union-attr]
    assert early.next_change == local(LONDON, 2024, 6, 7, 19, 55)
    late = evaluate(rules, Usage(camera_active=True), local(LONDON, 2024, 6, 7, 19, 55), LONDON)
    assert late.get(Kind.CAMERA).warning is True  # type: ignore[union-attr]
    assert late.next_change == local(LONDON, 2024, 6, 7, 20, 0)
    idle = evaluate(rules, Usage(), local(LONDON, 2024, 6, 7, 19, 55), LONDON)
    assert idle.get(Kind.CAMERA).warning is False  # type: ignore[union-attr]
    record_only = Rules(camera=CameraRule(hours=every_day("16:00-20:00")))
    quiet = evaluate(
        record_only, Usage(camera_active=True), local(LONDON, 2024, 6, 7, 19, 58), LONDON
    )
    assert quiet.get(Kind.CAMERA).warning is False  # type: ignore[union-attr]


def test_next_change_is_the_moment_the_budget_runs_out():
    rules = Rules(camera=CameraRule(budget=DailyBudget((30,) * 7), warn_before_minutes=0))
    now = local(LONDON, 2024, 6, 7, 10, 0)
    decision = evaluate(rules, Usage(camera_today=10 * MINUTE, camera_active=True), now, LONDON)
    assert decision.next_change == now + 20 * MINUTE
    idle = evaluate(rules, Usage(camera_today=10 * MINUTE), now, LONDON)
    assert idle.get(Kind.CAMERA).time_left == 20 * MINUTE  # type: ignore[union-attr]
    assert idle.next_change is None  # nothing changes while the camera is off


def test_extra_minutes_raise_that_dates_budget_only():
    rules = Rules(camera=SCHOOL_DAYS.camera, exceptions=(DayException(FRIDAY, extra_minutes=30),))
    friday = camera(rules, local(LONDON, 2024, 6, 7, 17, 0), camera_today=70 * MINUTE)
    assert (friday.allowed, friday.budget_minutes, friday.budget_left) == (True, 90, 20 * MINUTE)
    thursday = camera(rules, local(LONDON, 2024, 6, 6, 17, 0), camera_today=70 * MINUTE)
    assert thursday.reason == Reason.BUDGET_USED_UP


def test_allowed_until_overrides_hours_and_budget_until_it_ends():
    grant = DayException(FRIDAY, allowed_from=hm("20:00"), allowed_until=hm("21:30"))
    rules = Rules(camera=SCHOOL_DAYS.camera, exceptions=(grant,))
    now = local(LONDON, 2024, 6, 7, 20, 30)
    decision = camera(rules, now, camera_today=90 * MINUTE, camera_active=True)
    assert (decision.allowed, decision.reason) == (True, Reason.EXCEPTION)
    assert decision.exception_until == local(LONDON, 2024, 6, 7, 21, 30)
    assert decision.time_left == timedelta(hours=1)
    before = camera(rules, local(LONDON, 2024, 6, 7, 19, 59), camera_today=90 * MINUTE)
    assert before.reason == Reason.BUDGET_USED_UP


def test_microphone_follows_the_camera_only_when_asked():
    rules = Rules(camera=CameraRule(hours=every_day("16:00-20:00")))
    now = local(LONDON, 2024, 6, 7, 21, 0)
    free = evaluate(rules, Usage(microphone_active=True), now, LONDON).get(Kind.MICROPHONE)
    assert free is not None and (free.allowed, free.reason) == (True, Reason.NO_RULE)
    following = Rules(camera=rules.camera, microphone_follows_camera=True)
    decision = evaluate(following, Usage(microphone_active=True), now, LONDON)
    microphone = decision.get(Kind.MICROPHONE)
    assert microphone is not None and microphone.reason == Reason.OUTSIDE_HOURS
    assert decision.violations == (microphone,)


def test_app_category_hours_apply_only_to_categories_in_use():
    rules = Rules(
        apps=(AppRule(Category.STREAMING, every_day("17:00-19:00"), action=Action.CLOSE),)
    )
    now = local(LONDON, 2024, 6, 7, 16, 0)
    streaming = Usage(active_categories=frozenset({Category.STREAMING, Category.BROWSER}))
    decision = evaluate(rules, streaming, now, LONDON)
    assert [item.subject for item in decision.subjects] == [
        Kind.CAMERA,
        Kind.MICROPHONE,
        Category.STREAMING,
        Category.BROWSER,
    ]
    item = decision.get(Category.STREAMING)
    assert item is not None and (item.allowed, item.action) == (False, Action.CLOSE)
    assert item.allowed_again_at == local(LONDON, 2024, 6, 7, 17, 0)
    assert decision.next_change == local(LONDON, 2024, 6, 7, 17, 0)
    assert decision.get(Category.BROWSER).reason == Reason.NO_RULE  # type: ignore[union-attr]
    assert evaluate(rules, Usage(), now, LONDON).get(Category.STREAMING) is None


def test_no_rules_limit_nothing_and_never_change():
    decision = evaluate(Rules(), Usage(camera_active=True), local(LONDON, 2024, 6, 7, 3, 0), LONDON)
    assert all(item.allowed and item.reason == Reason.NO_RULE for item in decision.subjects)
    assert decision.next_change is None


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        evaluate(Rules(), Usage(), datetime(2024, 6, 7, 12, 0), LONDON)


# --- DST: a wall time means the first instant the clock shows that time or later ---

SPRING_AND_FALL = [
    # zone, spring-forward date, a skipped time, its instant;
    # fall-back date, a repeated time, its first instant
    (LONDON, date(2024, 3, 31), "01:30", datetime(2024, 3, 31, 1, 0, tzinfo=UTC),
     date(2024, 10, 27), "01:30", datetime(2024, 10, 27, 0, 30, tzinfo=UTC)),
    (NEW_YORK, date(2024, 3, 10), "02:30", datetime(2024, 3, 10, 7, 0, tzinfo=UTC),
     date(2024, 11, 3), "01:30", datetime(2024, 11, 3, 5, 30, tzinfo=UTC)),
    (SYDNEY, date(2024, 10, 6), "02:30", datetime(2024, 10, 5, 16, 0, tzinfo=UTC),
     date(2024, 4, 7), "02:30", datetime(2024, 4, 6, 15, 30, tzinfo=UTC)),
]  # fmt: skip
DST_FIELDS = ("tz", "spring", "skipped", "after_gap", "fall", "repeated", "first")


@pytest.mark.parametrize(DST_FIELDS, SPRING_AND_FALL)
def test_skipped_times_move_to_the_end_of_the_gap_and_repeated_times_take_the_first(
    tz, spring, skipped, after_gap, fall, repeated, first
):
    assert wall_to_instant(spring, hm(skipped), tz) == after_gap
    assert wall_to_instant(fall, hm(repeated), tz) == first


@pytest.mark.parametrize(DST_FIELDS, SPRING_AND_FALL)
def test_windows_on_dst_days(tz, spring, skipped, after_gap, fall, repeated, first):
    weekday = spring.weekday()
    days = [None] * 7
    days[weekday] = (Window(hm(skipped), hm(skipped) + 120),)
    rules = Rules(camera=CameraRule(hours=WeekHours(tuple(days)), action=Action.REMIND))
    just_before = after_gap - timedelta(seconds=1)
    waiting = evaluate(rules, Usage(), just_before, tz)
    assert waiting.get(Kind.CAMERA).allowed is False  # type: ignore[union-attr]
    assert waiting.next_change == after_gap  # the window opens when the clock jumps past it
    assert evaluate(rules, Usage(), after_gap, tz).get(Kind.CAMERA).allowed  # type: ignore[union-attr]

    days = [None] * 7
    days[fall.weekday()] = (Window(0, hm(repeated)),)
    rules = Rules(camera=CameraRule(hours=WeekHours(tuple(days))))
    open_window = evaluate(rules, Usage(), first - MINUTE, tz).get(Kind.CAMERA)
    assert open_window is not None and open_window.window_end == first
    # The second time the clock shows the same wall time, the window has ended.
    second_pass = first + timedelta(hours=1) - MINUTE
    assert evaluate(rules, Usage(), second_pass, tz).get(Kind.CAMERA).allowed is False  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (LONDON, date(2024, 3, 31), 23),
        (LONDON, date(2024, 10, 27), 25),
        (NEW_YORK, date(2024, 3, 10), 23),
        (NEW_YORK, date(2024, 11, 3), 25),
        (SYDNEY, date(2024, 10, 6), 23),
        (SYDNEY, date(2024, 4, 7), 25),
        (SYDNEY, date(2024, 6, 1), 24),
    ],
)
def test_a_local_date_lasts_23_24_or_25_hours_and_the_budget_counts_per_date(tz, day, hours):
    start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
    assert end - start == timedelta(hours=hours)
    assert local_date(start, tz) == day
    assert local_date(end - timedelta(microseconds=1), tz) == day
    # A whole-day budget (1440 minutes) with the camera on since midnight runs out
    # 24 hours after midnight: at 23:00 on a 25-hour day, never on a 23-hour day.
    rules = Rules(camera=CameraRule(budget=DailyBudget((1440,) * 7)))
    now = start + timedelta(hours=20)
    item = camera(rules, now, tz, camera_today=timedelta(hours=20), camera_active=True)
    assert item is not None and item.allowed
    if hours == 25:
        assert item.time_left == timedelta(hours=4)
    else:
        assert item.reason == Reason.WITHIN_BUDGET
        assert item.time_left is None  # the next date has the same budget: no stop ahead


def test_budget_resets_at_local_midnight_on_a_dst_eve():
    rules = Rules(camera=CameraRule(budget=DailyBudget((60,) * 7)))
    eve = local(NEW_YORK, 2024, 3, 9, 23, 30)
    decision = evaluate(rules, Usage(camera_today=60 * MINUTE), eve, NEW_YORK)
    assert decision.get(Kind.CAMERA).reason == Reason.BUDGET_USED_UP  # type: ignore[union-attr]
    assert decision.next_change == day_start(date(2024, 3, 10), NEW_YORK)
    assert decision.get(Kind.CAMERA).allowed_again_at == decision.next_change  # type: ignore[union-attr]
