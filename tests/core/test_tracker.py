"""The heartbeat tracker: unit cases and hypothesis properties."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from familywatch.core.model import AppInfo, Category, EndReason, Kind, Sample, Sighting
from familywatch.core.tracker import (
    Ended,
    Extended,
    Started,
    TrackerConfig,
    TrackerState,
    close_all,
    observe,
    pulse_for,
)

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
CONFIG = TrackerConfig({Kind.CAMERA: 10.0, Kind.MICROPHONE: 10.0, Kind.APP: 4.0})
DEVICES = frozenset({Kind.CAMERA, Kind.MICROPHONE})
APPS = frozenset({Kind.APP})
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)


def cam(pid: int = 100, process: str = "zoom", device: str = "/dev/video0") -> Sighting:
    return Sighting(Kind.CAMERA, pid, process, device=device, app=ZOOM)


def app(pid: int = 100, process: str = "zoom") -> Sighting:
    return Sighting(Kind.APP, pid, process, app=ZOOM)


def sample(
    seconds: float, *sightings: Sighting, kinds: frozenset[Kind] = DEVICES,
    mono: float | None = None,
) -> Sample:
    return Sample(
        at=T0 + timedelta(seconds=seconds),
        monotonic=1000.0 + (seconds if mono is None else mono),
        kinds=kinds,
        sightings=sightings,
    )


def run(*samples: Sample) -> tuple[TrackerState, list[object]]:
    state = TrackerState()
    changes: list[object] = []
    for s in samples:
        state, new = observe(state, s, CONFIG, host="family-pc")
        changes.extend(new)
    return state, changes


def test_first_sighting_starts_a_session_with_everything_known() -> None:
    state, changes = run(sample(0, cam()))
    assert [type(c) for c in changes] == [Started]
    session = state.open_sessions[0]
    assert (session.kind, session.pid, session.process, session.device) == (
        Kind.CAMERA, 100, "zoom", "/dev/video0")
    assert session.app == ZOOM and session.host == "family-pc"
    assert session.started_at == session.last_seen == T0 and session.is_open


def test_sightings_within_the_pulse_extend_one_session() -> None:
    state, changes = run(sample(0, cam()), sample(5, cam()), sample(14, cam()))
    assert [type(c) for c in changes] == [Started, Extended, Extended]
    assert len(state.open_sessions) == 1
    assert state.open_sessions[0].last_seen == T0 + timedelta(seconds=14)


def test_absence_ends_the_session_at_the_sample_that_missed_it() -> None:
    state, changes = run(sample(0, cam()), sample(6, cam()), sample(8))
    ended = changes[-1]
    assert isinstance(ended, Ended)
    assert ended.session.ended_at == T0 + timedelta(seconds=8)
    assert ended.session.ended_by is EndReason.CLOSED
    assert state.open_sessions == ()


def test_a_sighting_after_a_long_silence_is_a_new_session() -> None:
    state, changes = run(sample(0, cam()), sample(30, cam()))
    ended = [c for c in changes if isinstance(c, Ended)]
    assert len(ended) == 1 and ended[0].session.ended_by is EndReason.GAP
    assert ended[0].session.ended_at == T0  # never beyond what was seen
    assert state.open_sessions[0].started_at == T0 + timedelta(seconds=30)
    assert state.open_sessions[0].serial == 2


def test_a_probe_covering_other_kinds_leaves_sessions_alone() -> None:
    state, changes = run(sample(0, cam()), sample(1, app(), kinds=APPS))
    assert {s.kind for s in state.open_sessions} == {Kind.CAMERA, Kind.APP}
    assert [type(c) for c in changes] == [Started, Started]


def test_wall_clock_jump_ends_everything_at_the_last_sighting() -> None:
    # 6 s of monotonic time but 2 hours of wall time: the machine slept.
    state, changes = run(sample(0, cam()), sample(7200, cam(), mono=6))
    ended = [c.session for c in changes if isinstance(c, Ended)]
    assert [(s.ended_at, s.ended_by) for s in ended] == [(T0, EndReason.CLOCK_JUMP)]
    assert state.open_sessions[0].started_at == T0 + timedelta(seconds=7200)
    assert state.clock_jumps == 1
    assert state.last_jump == (T0, T0 + timedelta(seconds=7200))


def test_backward_clock_change_is_a_jump_too() -> None:
    _state, changes = run(sample(0, cam()), sample(-3600, cam(), mono=5))
    assert any(isinstance(c, Ended) and c.session.ended_by is EndReason.CLOCK_JUMP
               for c in changes)
    # the ended session never ends before it started
    assert all(c.session.ended_at >= c.session.started_at
               for c in changes if isinstance(c, Ended) and c.session.ended_at)


def test_two_devices_held_by_one_process_are_one_session() -> None:
    state, _ = run(sample(0, cam(device="/dev/video0"), cam(device="/dev/video1")))
    assert len(state.open_sessions) == 1
    assert state.open_sessions[0].device == "/dev/video0, /dev/video1"


def test_close_all_never_reaches_past_a_pulse_after_the_last_sighting() -> None:
    state, _ = run(sample(0, cam()), sample(5, app(), kinds=APPS))
    closed, changes = close_all(state, T0 + timedelta(hours=1), EndReason.MONITOR_STOPPED, CONFIG)
    ends = {c.session.kind: c.session.ended_at for c in changes if isinstance(c, Ended)}
    assert ends == {Kind.CAMERA: T0 + timedelta(seconds=10),
                    Kind.APP: T0 + timedelta(seconds=9)}
    assert closed.open_sessions == ()


def test_naive_times_are_refused() -> None:
    naive = Sample(at=datetime(2026, 1, 1), monotonic=0.0, kinds=DEVICES)
    try:
        observe(TrackerState(), naive, CONFIG)
    except ValueError as error:
        assert "timezone" in str(error)
    else:
        raise AssertionError("a naive sample time was accepted")


def test_pulse_rule_absorbs_jitter() -> None:
    assert pulse_for(2.0) == 3.0
    assert pulse_for(30.0) == 45.0
    assert pulse_for(0.5) == 1.5


# --- properties -------------------------------------------------------------

PIDS = st.sampled_from([101, 102, 103])
STEP = st.floats(min_value=0.05, max_value=25.0, allow_nan=False)


@st.composite
def sample_streams(draw: st.DrawFn, backward: bool = True) -> list[Sample]:
    """Random device samples: irregular steps, holders coming and going, rare jumps.

    A backward clock change makes later sessions overlap earlier ones in wall time
    (the clock really showed those times twice), so some properties exclude it.
    """
    jumps = [-3600.0, 600.0, 7200.0] if backward else [600.0, 7200.0]
    samples: list[Sample] = []
    wall = mono = 0.0
    for _ in range(draw(st.integers(min_value=1, max_value=40))):
        step = draw(STEP)
        mono += step
        wall += step
        if draw(st.integers(min_value=0, max_value=19)) == 0:
            wall += draw(st.sampled_from(jumps))
        holders = draw(st.frozensets(PIDS, max_size=3))
        samples.append(sample(wall, *(cam(pid, f"proc{pid}") for pid in sorted(holders)),
                              mono=mono))
    return samples


def all_sessions(samples: list[Sample]) -> list:  # type: ignore[type-arg]
    state = TrackerState()
    finished = []
    for s in samples:
        state, changes = observe(state, s, CONFIG)
        finished.extend(c.session for c in changes if isinstance(c, Ended))
    return finished + list(state.open_sessions)


@given(sample_streams(backward=False))
@settings(max_examples=300, deadline=None)
def test_sessions_of_one_kind_and_pid_never_overlap(samples: list[Sample]) -> None:
    sessions = all_sessions(samples)
    by_pid: dict[int | None, list] = {}  # type: ignore[type-arg]
    for s in sessions:
        by_pid.setdefault(s.pid, []).append(s)
    for group in by_pid.values():
        group.sort(key=lambda s: s.serial)  # serial order is start order within a run
        for earlier, later in itertools.pairwise(group):
            assert earlier.ended_at is not None
            assert earlier.ended_at <= later.started_at


@given(sample_streams())
@settings(max_examples=300, deadline=None)
def test_sessions_lie_within_their_sightings_and_pulse(samples: list[Sample]) -> None:
    seen_at: dict[int, list[datetime]] = {}
    for s in samples:
        for sighting in s.sightings:
            assert sighting.pid is not None
            seen_at.setdefault(sighting.pid, []).append(s.at)
    pulse = CONFIG.pulse(Kind.CAMERA)
    for session in all_sessions(samples):
        assert session.pid is not None
        sightings = seen_at[session.pid]
        assert session.started_at in sightings  # starts at a real sighting
        assert session.last_seen in sightings
        end = session.ended_at or session.last_seen
        assert session.started_at <= end <= session.last_seen + pulse


@given(sample_streams())
@settings(max_examples=300, deadline=None)
def test_recorded_time_per_pid_never_exceeds_wall_time(samples: list[Sample]) -> None:
    if any(b.at < a.at for a, b in itertools.pairwise(samples)):
        return  # a backward clock change makes "wall time" meaningless for this check
    span = (samples[-1].at - samples[0].at).total_seconds() + CONFIG.pulse_seconds[Kind.CAMERA]
    totals: dict[int | None, float] = {}
    for session in all_sessions(samples):
        totals[session.pid] = totals.get(session.pid, 0.0) + session.seconds()
    assert all(total <= span + 1e-6 for total in totals.values())
