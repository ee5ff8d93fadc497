"""Highlights from constructed weeks: exactly the expected ones, DST weeks included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from familywatch.core.highlights import HighlightKind as H
from familywatch.core.highlights import Settings, highlights
from familywatch.core.model import AppInfo, Category, Kind, MonitorRun, Session
from familywatch.core.rules import CameraRule, Rules, Usage, WeekHours, Window
from familywatch.core.rules_eval import evaluate
from familywatch.core.summary import Summary, summarize, week_period

LONDON = ZoneInfo("Europe/London")
OBS = AppInfo("obs-studio", "OBS Studio", Category.STREAMING)
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)
SERIALS = count(1)


def at(y: int, m: int, d: int, hh: int, mm: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON, fold=fold).astimezone(UTC)


def use(kind: Kind, app: AppInfo, start: datetime, minutes: float) -> Session:
    end = start + timedelta(minutes=minutes)
    return Session(next(SERIALS), kind, 100, app.app_id, start, end, app=app, ended_at=end)


def week(day: date, sessions: list[Session], runs: list[MonitorRun] | None = None) -> Summary:
    period = week_period(day, LONDON)
    if runs is None:  # monitored all week
        runs = [MonitorRun(period.start, period.end, period.end, "stopped")]
    return summarize(sessions, runs, period, period.end + timedelta(days=1), LONDON)


def kinds(found: tuple) -> list[H]:
    return [h.kind for h in found]


def test_empty_week_has_no_highlights() -> None:
    assert highlights(week(date(2026, 3, 25), [], runs=[])) == ()


def test_dst_weeks_are_167_and_169_hours() -> None:
    spring, autumn = week_period(date(2026, 3, 25), LONDON), week_period(date(2026, 10, 21), LONDON)
    assert spring.end - spring.start == timedelta(hours=167)
    assert autumn.end - autumn.start == timedelta(hours=169)


def test_spring_week_late_camera_uses_local_time() -> None:
    # Sunday 29 March 2026 21:30 BST is 20:30 UTC: late locally, not in UTC.
    sunday = use(Kind.CAMERA, ZOOM, at(2026, 3, 29, 21, 30), 20)
    saturday = use(Kind.CAMERA, ZOOM, at(2026, 3, 28, 20, 30), 20)  # 20:30 GMT: not late
    found = highlights(week(date(2026, 3, 25), [sunday, saturday]))
    assert kinds(found) == [H.LATE_CAMERA, H.NO_GAPS]
    late = found[0]
    assert late.values["count"] == 1 and late.values["minutes"] == 20
    assert late.values["days"] == "Sun 29 Mar" and late.values["late"] == "21:00"
    assert late.evidence == (sunday,)


def test_autumn_week_repeated_hour_and_schedule() -> None:
    # 01:30 on 25 October 2026 happens twice; the second (GMT) one is still the night
    # of Saturday 24th. Camera hours Sun 09:00-20:30: 20:00-21:00 GMT is 30 min outside.
    night = use(Kind.CAMERA, ZOOM, at(2026, 10, 25, 1, 30, fold=1), 10)
    sunday = use(Kind.CAMERA, ZOOM, at(2026, 10, 25, 20, 0), 60)
    hours = WeekHours(tuple((Window(16 * 60, 20 * 60),) for _ in range(5)) +
                      ((Window(9 * 60, 20 * 60 + 30),),) * 2)
    rules = Rules(camera=CameraRule(hours=hours))
    found = highlights(week(date(2026, 10, 21), [night, sunday]), rules=rules)
    assert kinds(found) == [H.LATE_CAMERA, H.OUTSIDE_SCHEDULE, H.LONG_SESSION, H.NO_GAPS]
    late, outside, long = found[0], found[1], found[2]
    assert late.values["days"] == "Sat 24 Oct" and late.values["count"] == 1
    assert outside.values["minutes"] == 40  # 10 at night + 30 after 20:30
    assert set(outside.evidence) == {night, sunday}
    assert long.values["time"] == "1 h 00 min"
    # agrees with the rule engine at the edges
    def allowed(moment: datetime) -> bool:
        return evaluate(rules, Usage(camera_active=True), moment, LONDON).subjects[0].allowed
    assert allowed(at(2026, 10, 25, 20, 29)) and not allowed(at(2026, 10, 25, 20, 31))


def test_streaming_first_seen_with_camera_and_change_and_gaps() -> None:
    monday = date(2026, 6, 8)
    app = use(Kind.APP, OBS, at(2026, 6, 10, 17, 0), 90)
    camera = use(Kind.CAMERA, OBS, at(2026, 6, 10, 17, 30), 45)
    period = week_period(monday, LONDON)
    runs = [MonitorRun(period.start, at(2026, 6, 9, 8), at(2026, 6, 9, 8), "stopped"),
            MonitorRun(at(2026, 6, 9, 10), period.end, period.end, "stopped")]
    this = week(monday, [app, camera], runs)
    last = week(monday - timedelta(days=7), [use(Kind.CAMERA, ZOOM, at(2026, 6, 2, 17), 5)])
    found = highlights(this, last, seen_before={"zoom"})
    assert kinds(found) == [H.CAMERA_WITH_STREAMING, H.NEW_STREAMING_APP, H.BIG_CHANGE,
                            H.MONITORING_GAPS]
    together, new, change, gaps = found
    assert together.values == {"app": "OBS Studio", "minutes": 45, "time": "45 min"}
    assert set(together.evidence) == {app, camera}
    assert new.values["app"] == "OBS Studio" and new.values["day"] == "Wed 10 Jun"
    assert change.variant == "up" and change.values["difference"] == "40 min"
    assert gaps.values["count"] == 1 and gaps.values["time"] == "2 h 00 min"
    # seen before: no "new app"; a small change is not big
    again = highlights(this, week(monday - timedelta(days=7), [camera_like(30)]),
                       seen_before={"obs-studio"})
    assert kinds(again) == [H.CAMERA_WITH_STREAMING, H.MONITORING_GAPS]


def camera_like(minutes: float) -> Session:
    return use(Kind.CAMERA, ZOOM, at(2026, 6, 2, 17), minutes)


def test_good_news_week() -> None:
    monday = date(2026, 6, 8)
    hours = WeekHours((None,) * 7)
    rules = Rules(camera=CameraRule(hours=WeekHours(((Window(16 * 60, 20 * 60),),) * 7)))
    assert hours.days[0] is None
    this = week(monday, [use(Kind.CAMERA, ZOOM, at(2026, 6, 9, 17), 30)])
    last = week(monday - timedelta(days=7), [use(Kind.CAMERA, ZOOM, at(2026, 6, 2, 21, 30), 25),
                                             use(Kind.CAMERA, ZOOM, at(2026, 6, 3, 22), 10)])
    found = highlights(this, last, rules=rules)
    assert kinds(found) == [H.SCHEDULE_KEPT, H.FEWER_LATE_NIGHTS, H.NO_GAPS]
    assert found[1].values == {"count": 0, "before": 2, "late": "21:00"}
    assert all(h.good_news for h in found)


def test_late_hour_is_a_setting() -> None:
    session = use(Kind.CAMERA, ZOOM, at(2026, 6, 9, 20, 15), 10)
    this = week(date(2026, 6, 8), [session])
    assert kinds(highlights(this)) == [H.NO_GAPS]
    assert kinds(highlights(this, settings=Settings(late_minute=20 * 60))) == \
        [H.LATE_CAMERA, H.NO_GAPS]
