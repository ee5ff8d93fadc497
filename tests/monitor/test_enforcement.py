"""The enforcement state machine, driven by a ManualClock: every notice once, every close
announced first, the same in every time zone and across clock changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.model import EndReason, Kind, Session
from familywatch.core.rules_eval import local_date
from tests.monitor.conftest import HOST, MINUTE, OBS, Rig

MakeRig = Callable[..., Rig]
NEW_YORK = ZoneInfo("America/New_York")

BUDGET_30_REMIND = """
version = 1
[camera]
action = "remind"
daily_minutes = 30
"""

# Instants a few minutes before clock changes, and an ordinary one.
AROUND_CLOCK_CHANGES = [
    pytest.param(UTC, datetime(2024, 6, 5, 13, 0, tzinfo=UTC), id="utc"),
    pytest.param(NEW_YORK, datetime(2024, 3, 10, 6, 50, tzinfo=UTC), id="new-york-spring"),
    pytest.param(NEW_YORK, datetime(2024, 11, 3, 5, 50, tzinfo=UTC), id="new-york-fall"),
    pytest.param(ZoneInfo("Europe/London"), datetime(2024, 3, 31, 0, 50, tzinfo=UTC),
                 id="london-spring"),
    pytest.param(ZoneInfo("Australia/Lord_Howe"), datetime(2024, 4, 6, 14, 50, tzinfo=UTC),
                 id="lord-howe-half-hour"),
]


def close_schedule(hours: str, grace: int = 60) -> str:
    return f"""
version = 1
[camera]
action = "close"
grace_seconds = {grace}
hours = {{ everyday = ["{hours}"] }}
"""


@pytest.mark.parametrize(("tz", "start"), AROUND_CLOCK_CHANGES)
def test_a_budget_reminds_before_two_minutes_before_and_at_the_limit_in_real_minutes(
        make_rig: MakeRig, tz: tzinfo, start: datetime) -> None:
    rig = make_rig(start, tz)
    rig.schedule(BUDGET_30_REMIND)
    rig.open()
    first_wake = rig.check()
    assert first_wake == start + 20 * MINUTE  # the warning is the next thing that can happen

    rig.run(20 * 60 - 10)
    assert rig.notices.messages == []
    rig.run(10)
    assert rig.notices.messages == ["Camera time ends in 10 minutes."]
    rig.run(8 * 60 - 10)
    assert len(rig.notices.sent) == 1  # no repeat every tick: no alert fatigue
    rig.run(10)
    assert rig.notices.messages[1:] == ["Camera time ends in 2 minutes."]
    rig.run(2 * 60 - 10)
    assert len(rig.notices.sent) == 2
    rig.run(10)
    assert rig.notices.messages[2:] == ["Camera time is over for today."]
    rig.run(20 * 60)
    assert len(rig.notices.sent) == 3
    assert rig.events() == ["camera:reminder", "camera:reminder", "camera:violation",
                            "camera:reminder"]
    assert rig.closings.calls == []


@pytest.mark.parametrize(("tz", "start"), AROUND_CLOCK_CHANGES)
def test_close_announces_a_countdown_then_closes_after_the_grace_period(
        make_rig: MakeRig, tz: tzinfo, start: datetime) -> None:
    rig = make_rig(start, tz)
    shown = start.astimezone(tz)
    later = (shown + timedelta(hours=6)).strftime("%H:00")
    rig.schedule(close_schedule(f"{later}-{(shown + timedelta(hours=7)).strftime('%H:00')}"))
    holder = rig.open()

    wake = rig.check()
    assert wake == start + 60 * timedelta(seconds=1)  # the end of the countdown
    [(title, message, countdown)] = rig.notices.sent
    assert title == "FamilyWatch" and countdown == 60  # the seconds travel as data ...
    assert message.startswith("Camera time is over")
    assert message.endswith(". Zoom will be closed when the countdown ends.")
    assert "60" not in message  # ... so no fixed number can disagree with a live counter
    [warning] = rig.store.rule_events()[1:]
    assert warning.detail["countdown_seconds"] == 60  # the record, read later, names them
    assert str(warning.detail["message"]).endswith(
        "Zoom will be closed when the countdown ends. The countdown ends in 60 seconds.")
    rig.run(50)
    assert rig.closings.calls == []
    rig.run(10)
    assert rig.closings.calls == [[holder]]
    assert rig.notices.messages[-1].startswith("Zoom was closed: camera time is over")
    rig.run(60)  # the tracker hasn't seen it go yet: no second countdown, no second close
    assert len(rig.closings.calls) == 1
    assert rig.events() == ["camera:violation", "camera:warning", "camera:closed"]
    closed = rig.store.rule_events()[-1]
    assert (closed.app_id, closed.pid, closed.host, closed.detail["how"]) == \
        ("zoom", 4321, HOST, "terminated")


def test_a_window_that_ends_across_spring_forward_is_enforced_in_real_time(
        make_rig: MakeRig) -> None:
    # New York, 10 March 2024: 02:00 EST jumps to 03:00 EDT. 00:00-03:30 ends at 07:30 UTC.
    rig = make_rig(datetime(2024, 3, 10, 6, 50, tzinfo=UTC), NEW_YORK)
    rig.schedule(close_schedule("00:00-03:30", grace=30).replace(
        'action = "close"', 'action = "close"\nwarn_before_minutes = 10'))
    rig.open()
    rig.check()
    rig.run(29 * 60 + 50)
    assert rig.notices.messages == []
    rig.run(10)  # 07:20 UTC = 03:20 EDT
    assert rig.notices.messages == [
        "Camera time ends in 10 minutes. Then Zoom will be closed after a 30-second countdown."]
    rig.run(10 * 60)  # 07:30 UTC
    assert rig.notices.sent[-1][2] == 30
    assert rig.closings.calls == []
    rig.run(30)
    assert len(rig.closings.calls) == 1
    assert rig.clock.now() == datetime(2024, 3, 10, 7, 30, 30, tzinfo=UTC)


def test_an_exception_during_the_countdown_cancels_the_close_and_says_so(
        make_rig: MakeRig) -> None:
    start = datetime(2025, 5, 6, 21, 0, tzinfo=UTC)
    rig = make_rig(start)
    rig.schedule(close_schedule("16:00-20:00"))
    rig.open()
    rig.check()
    rig.run(20)
    today = local_date(start, UTC).isoformat()
    rig.settings(granted=f'[{{"date": "{today}", "extra_minutes": 0, "from": 0, '
                         f'"until": 1380, "reason": "class call"}}]')
    rig.run(120)
    assert rig.closings.calls == []
    assert rig.notices.messages[-1] == \
        "Camera time is allowed again until 23:00. Zoom will not be closed."
    assert rig.events() == ["camera:violation", "camera:warning", "camera:allowed-again"]


def test_record_only_writes_one_violation_per_session_and_says_nothing(
        make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 21, 0, tzinfo=UTC))
    rig.schedule(close_schedule("16:00-20:00").replace('"close"', '"record"'))
    rig.open()
    rig.run(300)
    rig.open(pid=999)
    rig.run(300)
    assert rig.notices.sent == [] and rig.closings.calls == []
    assert rig.events() == ["camera:violation", "camera:violation"]


def test_remind_says_it_once_per_stretch_but_records_each_new_session(
        make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 21, 0, tzinfo=UTC))
    rig.schedule(close_schedule("16:00-20:00").replace('"close"', '"remind"'))
    rig.open()
    rig.run(60)
    rig.sessions.clear()
    rig.run(60)
    rig.open(pid=999)
    rig.run(60)
    assert rig.notices.messages == ["Camera time is over for today."]  # 21:00: no more hours
    assert rig.events() == ["camera:violation", "camera:reminder", "camera:violation"]


def test_close_announces_again_for_each_new_app(make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 21, 0, tzinfo=UTC))
    rig.schedule(close_schedule("16:00-20:00", grace=10))
    first = rig.open()
    rig.run(20)
    rig.sessions.remove(first)  # it was closed
    rig.run(20)
    rig.open(pid=999, process="discord")
    rig.check()
    countdowns = [sent for sent in rig.notices.sent if sent[2] is not None]
    assert len(countdowns) == 2
    rig.run(10)
    assert [[s.pid for s in call] for call in rig.closings.calls] == [[4321], [999]]


def test_a_category_rule_closes_the_apps_of_that_category(make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 12, 0, tzinfo=UTC))
    rig.schedule("""
version = 1
[apps.streaming]
action = "close"
grace_seconds = 5
hours = { everyday = ["17:00-19:00"] }
""")
    obs = rig.open(Kind.APP, OBS, pid=777, process="obs")
    rig.open(Kind.APP)  # Zoom is video chat: no rule for it
    rig.check()
    assert rig.notices.sent == [
        ("FamilyWatch", "Time for live-streaming apps is over until 17:00. OBS Studio will be "
                        "closed when the countdown ends.", 5)]
    rig.run(5)
    assert rig.closings.calls == [[obs]]
    assert rig.events() == ["streaming:violation", "streaming:warning", "streaming:closed"]


def test_todays_use_counts_this_computers_ended_sessions_from_the_store(
        make_rig: MakeRig) -> None:
    start = datetime(2025, 5, 6, 12, 0, tzinfo=UTC)
    rig = make_rig(start)
    rig.schedule(BUDGET_30_REMIND)

    def ended(begin: datetime, minutes: int, host: str | None) -> None:
        rig.store.add_session(Session(0, Kind.CAMERA, 1, "zoom", begin, begin, host=host,
                                      ended_at=begin + minutes * MINUTE,
                                      ended_by=EndReason.CLOSED), None)

    ended(start - 3 * 60 * MINUTE, 20, HOST)  # today, here: counts
    ended(start - 2 * 60 * MINUTE, 5, "other-pc")  # another computer: doesn't
    ended(datetime(2025, 5, 5, 23, 50, tzinfo=UTC), 20, HOST)  # 10 of its minutes today
    rig.open()
    rig.check()
    decision = rig.enforcement.last_decision
    assert decision is not None
    camera = decision.get(Kind.CAMERA)
    assert camera is not None and camera.budget_left == timedelta(0)
    assert camera.allowed is False
    assert rig.notices.messages == ["Camera time is over for today."]


def test_a_pause_stops_enforcement_until_it_ends(make_rig: MakeRig) -> None:
    start = datetime(2025, 5, 6, 21, 0, tzinfo=UTC)
    rig = make_rig(start)
    rig.schedule(close_schedule("16:00-20:00", grace=5))
    rig.settings(paused_until=(start + 10 * MINUTE).isoformat())
    rig.open()
    assert rig.check() == start + 10 * MINUTE
    rig.run(9 * 60)
    assert rig.notices.sent == [] and rig.events() == []
    rig.run(70)
    assert len(rig.closings.calls) == 1


def test_a_jump_of_the_wall_clock_is_noticed(make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 12, 0, tzinfo=UTC))
    rig.check()
    rig.clock.advance(2)
    rig.check()
    assert rig.enforcement.clock_jumped is False
    rig.clock.jump(3600)  # a suspend: wall time moved, monotonic did not
    rig.check()
    assert rig.enforcement.clock_jumped is True


def test_no_schedule_means_no_notices_and_the_next_wake_is_midnight(make_rig: MakeRig) -> None:
    rig = make_rig(datetime(2025, 5, 6, 12, 0, tzinfo=UTC), NEW_YORK)
    rig.open()
    assert rig.check() == datetime(2025, 5, 7, 4, 0, tzinfo=UTC)  # midnight EDT
    rig.run(600)
    assert rig.notices.sent == [] and rig.events() == []


def test_a_damaged_stored_schedule_enforces_nothing_and_is_logged(
        make_rig: MakeRig, caplog: pytest.LogCaptureFixture) -> None:
    rig = make_rig(datetime(2025, 5, 6, 12, 0, tzinfo=UTC))
    rig.schedule("version = 1\n[camera]\nacton = 'close'\n")
    rig.open()
    rig.check()
    assert rig.notices.sent == []
    assert "the stored schedule line 3" in caplog.text
