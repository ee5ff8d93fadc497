"""Suspend/resume and clock changes: the run ends at the last sample before the jump and a
new one begins after it, so the time between is a gap named `suspend` or `clock-change`."""

from __future__ import annotations

from datetime import timedelta

from familywatch.core.model import EndReason, Kind
from familywatch.core.summary import day_period, summarize
from familywatch.monitor.sleep_watch import CLOCK_CHANGE, SUSPEND, Jump, classify

from .conftest import EPOCH_UTC, T0, Rig, camera_on


def test_suspend_ends_sessions_and_run_and_the_gap_is_named(rig: Rig) -> None:
    rig.camera.held = [camera_on()]
    rig.start()
    for _ in range(15):
        rig.tick(2)  # camera seen until T0+30 s, then the lid closes for an hour
    rig.tick(0, jump=3600)
    for _ in range(5):
        rig.tick(2)
    rig.monitor.stop()

    cams = [s for s in rig.store.sessions_between(T0, T0 + timedelta(days=1))
            if s.kind is Kind.CAMERA]
    assert [(s.started_at - T0, s.ended_at and s.ended_at - T0, s.ended_by) for s in cams] == [
        (timedelta(0), timedelta(seconds=30), EndReason.CLOCK_JUMP),
        (timedelta(seconds=3630), timedelta(seconds=3640), EndReason.MONITOR_STOPPED),
    ]
    runs = rig.store.runs_between(EPOCH_UTC, T0 + timedelta(days=1))
    assert [(r.started_at - T0, r.ended_at and r.ended_at - T0, r.ended_how) for r in runs] == [
        (timedelta(0), timedelta(seconds=30), "suspend"),
        (timedelta(seconds=3630), timedelta(seconds=3640), "stopped"),
    ]
    summary = summarize(rig.store.sessions_between(T0, T0 + timedelta(days=1)), runs,
                        day_period(T0.date(), T0.tzinfo), T0 + timedelta(hours=2), T0.tzinfo)
    [gap, stopped] = summary.gaps
    assert (gap.start - T0, gap.end - T0, gap.reason) == (
        timedelta(seconds=30), timedelta(seconds=3630), "suspend")
    assert stopped.reason == "monitor-stopped"
    # Camera time is what was seen, not the hour asleep.
    assert summary.totals.camera_seconds == 40


def test_clock_set_back_is_a_clock_change(rig: Rig) -> None:
    rig.camera.held = [camera_on()]
    rig.start()
    for _ in range(5):
        rig.tick(2)
    rig.tick(0, jump=-600)
    rig.tick(2)
    rig.monitor.stop()
    runs = {r.ended_how: r for r in rig.store.runs_between(EPOCH_UTC, T0 + timedelta(days=1))}
    assert set(runs) == {"clock-change", "stopped"}
    assert runs["clock-change"].ended_at == T0 + timedelta(seconds=10)
    assert runs["stopped"].started_at == T0 + timedelta(seconds=10 - 600)


def test_rules_are_evaluated_again_after_resume(rig: Rig) -> None:
    rig.start()
    evaluations: list[object] = []
    enforcement = rig.monitor.enforcement
    assert enforcement is not None
    real_check = enforcement.check

    def counting(open_sessions):  # type: ignore[no-untyped-def]
        evaluations.append(rig.clock.now())
        return real_check(open_sessions)

    enforcement.check = counting  # type: ignore[method-assign]
    rig.clock.jump(7200)
    rig.monitor._run_guarded(rig.monitor._heartbeat)  # no sample yet: the vouch is idle
    rig.monitor._run_guarded(rig.monitor._sample_apps)  # sees the jump
    assert rig.monitor.recorder.state.clock_jumps == 1
    assert evaluations == [T0 + timedelta(seconds=7200)]
    assert enforcement.clock_jumped


def test_classify_uses_time_asleep_when_known() -> None:
    def jump(wall: float, mono: float, slept: float | None) -> Jump:
        return Jump(T0, T0 + timedelta(seconds=wall), mono, slept)

    assert classify(jump(3600, 0.5, None)) == SUSPEND  # Linux without boottime: forward
    assert classify(jump(3600, 0.5, 3599.0)) == SUSPEND
    assert classify(jump(3600, 0.5, 0.0)) == CLOCK_CHANGE  # set forward by a person
    assert classify(jump(-600, 0.5, None)) == CLOCK_CHANGE
    assert classify(jump(-600, 0.5, 0.0)) == CLOCK_CHANGE
