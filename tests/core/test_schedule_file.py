"""The schedule file: what it means, round trips, and errors that name the line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

from familywatch.core.model import Category
from familywatch.core.rules import (
    Action,
    AppRule,
    CameraRule,
    DailyBudget,
    DayException,
    Rules,
    WeekHours,
    Window,
)
from familywatch.core.schedule_file import ScheduleError, dump_schedule, parse_schedule
from tests.core.test_rules_properties import any_rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "schedule.example.toml"
DOCS = ROOT / "docs" / "schedules.md"


def test_the_example_shows_every_feature_and_means_what_its_comments_say():
    rules = parse_schedule(EXAMPLE.read_text(encoding="utf-8"), "schedule.example.toml")
    camera = rules.camera
    assert camera is not None and camera.hours is not None and camera.budget is not None
    assert camera.action == Action.REMIND
    assert (camera.warn_before_minutes, camera.grace_seconds) == (10, 120)
    assert camera.budget == DailyBudget((60, 60, 60, 60, 60, 120, 120))
    monday, friday, saturday = camera.hours.days[0], camera.hours.days[4], camera.hours.days[5]
    assert monday == (Window(450, 480), Window(960, 1200))  # two intervals
    assert friday == (Window(960, 1200), Window(1320, 1500))  # Friday overrides weekdays
    assert saturday == (Window(540, 1230),)
    assert rules.microphone_follows_camera
    streaming = rules.app_rule(Category.STREAMING)
    assert streaming is not None and streaming.action == Action.CLOSE
    assert streaming.hours.days == ((Window(1020, 1140),),) * 7
    assert rules.app_rule(Category.VIDEO_CHAT) is not None
    assert {e.extra_minutes for e in rules.exceptions} >= {30}
    assert any(e.allowed_from == 1200 and e.allowed_until == 1380 for e in rules.exceptions)


def test_every_toml_example_in_the_docs_parses():
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 3
    for number, block in enumerate(blocks, start=1):
        parse_schedule(block, f"docs/schedules.md example {number}")


def test_round_trip_of_the_example_and_a_stable_dump():
    rules = parse_schedule(EXAMPLE.read_text(encoding="utf-8"))
    text = dump_schedule(rules)
    assert parse_schedule(text) == rules
    assert dump_schedule(parse_schedule(text)) == text


@settings(max_examples=300, deadline=None)
@given(any_rules)
def test_round_trip_of_random_rules(rules):
    assert parse_schedule(dump_schedule(rules), "dumped.toml") == rules


def test_day_groups_and_single_days():
    text = """
[camera.hours]
everyday = ["10:00-11:00"]
weekend = ["12:00-13:00"]
sun = []
"""
    hours = parse_schedule(text).camera.hours  # type: ignore[union-attr]
    assert hours == WeekHours(
        ((Window(600, 660),),) * 5 + ((Window(720, 780),), ())  # Sunday: no camera
    )


def test_days_not_mentioned_have_no_limit_and_00_00_ends_at_midnight():
    hours = parse_schedule('[camera.hours]\nmon = ["22:00-00:00"]\n').camera.hours  # type: ignore[union-attr]
    assert hours == WeekHours(((Window(1320, 1440),), None, None, None, None, None, None))


def test_an_empty_file_limits_nothing():
    assert parse_schedule("") == Rules()
    assert parse_schedule("version = 1\n[camera]\n") == Rules(camera=CameraRule())


def test_exceptions_and_apps_in_a_small_file():
    text = """
[apps.browser]
hours = { everyday = ["08:00-21:00"] }

[[exceptions]]
date = 2025-06-06
extra_minutes = 15
until = "24:00"
"""
    rules = parse_schedule(text)
    assert rules.apps == (AppRule(Category.BROWSER, WeekHours(((Window(480, 1260),),) * 7)),)
    assert rules.exceptions == (DayException(date(2025, 6, 6), 15, 0, 1440),)


GOOD = """\
version = 1

[camera]
action = "close"
daily_minutes = { weekdays = 60, weekend = 120 }

[camera.hours]
weekdays = ["16:00-20:00"]
fri = [
    "16:00-20:00",
    "22:00-01:00",
]
sat = ["09:00-20:30"]

[apps.streaming]
hours = { everyday = ["17:00-19:00"] }

[[exceptions]]
date = 2025-06-06
extra_minutes = 30

[[exceptions]]
date = 2025-06-07
until = "22:00"
"""


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


BAD_SCHEDULES = [
    # (what is wrong, text, line, words the message must contain)
    ("unknown day", broken("sat =", "saturday ="), 13,
     "'saturday' is not a known day in 'camera.hours'"),
    ("hour 25", broken('sat = ["09:00', 'sat = ["25:00'), 13,
     "'camera.hours.sat': '25:00' is not a time (use HH:MM, 00:00–24:00)"),
    ("7:5", broken('"16:00-20:00"]', '"7:5-20:00"]'), 8, "'7:5' is not a time"),
    ("24:00 as a start", broken('sat = ["09:00', 'sat = ["24:00'), 13,
     "'24:00' can only end an interval"),
    ("minute 60", broken('sat = ["09:00', 'sat = ["09:60'), 13, "'09:60' is not a time"),
    ("not an interval", broken('"16:00-20:00"]', '"16:00"]'), 8, "'16:00' is not an interval"),
    ("ends where it starts", broken('"22:00-01:00"', '"22:00-22:00"'), 11,
     "'22:00-22:00' ends where it starts"),
    ("overlap on one day", broken('"22:00-01:00"', '"19:00-21:00"'), 11,
     "'camera.hours.fri': '19:00-21:00' on fri overlaps '16:00-20:00' on fri"),
    ("group overlaps a day", broken('sat = ["09:00-20:30"]', 'weekend = ["00:00-20:30"]'),
     13, "'camera.hours.weekend': '00:00-20:30' on sat overlaps '22:00-01:00' on fri "
     "(from 'camera.hours.fri')"),
    ("overlap across midnight", broken('"22:00-01:00"', '"22:00-09:30"'), 13,
     "'camera.hours.sat': '09:00-20:30' on sat overlaps '22:00-09:30' on fri "
     "(from 'camera.hours.fri')"),
    ("overlap across the week's end", broken("sat =", 'sun = ["23:00-17:00"]\nsat ='), 13,
     "'23:00-17:00' on sun overlaps '16:00-20:00' on mon"),
    ("negative budget", broken("weekend = 120", "weekend = -5"), 5,
     "'camera.daily_minutes.weekend': -5 is not a number of minutes (use a whole number 0–1440)"),
    ("fractional budget", broken("weekdays = 60", "weekdays = 60.5"), 5, "60.5 is not a number"),
    ("budget as text", broken("weekdays = 60", 'weekdays = "60"'), 5, "'60' is not a number"),
    ("budget too big", broken("weekdays = 60", "weekdays = 1441"), 5, "1441 is not a number"),
    ("unknown category", broken("[apps.streaming]", "[apps.gaming]"), 15,
     "'gaming' is not a known app category in 'apps' (use streaming, video-chat"),
    ("unknown action", broken('"close"', '"punish"'), 4,
     "'camera.action': 'punish' is not an action (use record, remind, close)"),
    ("unknown camera key", broken('action = "close"', 'acton = "close"'), 4,
     "'acton' is not a known setting in 'camera' (use action, warn_before_minutes"),
    ("unknown top-level key", "version = 1\n\n[cam]\naction = 'close'\n", 3,
     "'cam' is not a known setting (use version, camera"),
    ("unknown exception key", broken("extra_minutes = 30", "extra_minutes = 30\nnote = 'x'"), 21,
     "'note' is not a known setting in 'exceptions[1]'"),
    ("exception without a date", broken("date = 2025-06-06\n", ""), 18,
     "'exceptions[1]' needs a date like 2025-06-07"),
    ("exception that adds nothing", broken("extra_minutes = 30", "extra_minutes = 0"), 18,
     "needs 'until' or 'extra_minutes'"),
    ("until not a string", broken('until = "22:00"', "until = 22"), 24,
     "'exceptions[2].until': 22 is not a time"),
    ("hours not a list", broken('sat = ["09:00-20:30"]', 'sat = "09:00-20:30"'), 13,
     "'camera.hours.sat' must be a list like ['16:00-20:00']"),
    ("app without hours", broken('hours = { everyday = ["17:00-19:00"] }', 'action = "close"'), 15,
     "'apps.streaming' needs 'hours'"),
    ("microphone without camera", "[microphone]\nsame_as_camera = true\n", 2,
     "'microphone.same_as_camera' needs a [camera] section"),
    ("unknown version", "version = 2\n", 1, "this FamilyWatch reads version 1"),
    ("TOML syntax error", broken('"close"', "close"), 4, "not valid TOML: Invalid value"),
    ("TOML duplicate key", broken('sat = ["09', 'weekdays = []\nsat = ["09'), 13, "not valid TOML"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [case[1:] for case in BAD_SCHEDULES],
    ids=[case[0] for case in BAD_SCHEDULES],
)
def test_malformed_schedules_name_the_source_line_and_problem(text, line, words):
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text, "schedule.toml")
    message = str(caught.value)
    assert message.startswith(f"schedule.toml line {line}: "), message
    assert words in message
    assert (caught.value.source, caught.value.line) == ("schedule.toml", line)


def test_the_good_schedule_used_above_is_good():
    rules = parse_schedule(GOOD)
    assert rules.camera is not None and rules.camera.action == Action.CLOSE
