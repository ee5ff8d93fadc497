"""Samples become sessions: the heartbeat merge, as a pure function over immutable values.

A sighting extends the open session with the same key when it comes within the
pulse time of that session's last sighting (ActivityWatch's pulsetime idea);
otherwise the old session ends and a new one starts. A covered kind that is absent
from a sample ends its sessions. A jump of the wall clock against the monotonic
clock (suspend/resume, clock change) ends every open session at its last sighting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from familywatch.core.model import EndReason, Kind, Sample, Session, Sighting

SessionKey = tuple[str, int | None, str]


def pulse_for(interval_seconds: float) -> float:
    """Pulse time for a probe sampled every `interval_seconds`, absorbing jitter."""
    return max(1.5 * interval_seconds, interval_seconds + 1.0)


@dataclass(frozen=True, slots=True)
class TrackerConfig:
    pulse_seconds: Mapping[Kind, float]
    # A wall clock that moves this much more (or less) than the monotonic clock
    # between two samples means a suspend or a clock change, not use.
    clock_jump_seconds: float = 5.0

    def pulse(self, kind: Kind) -> timedelta:
        return timedelta(seconds=self.pulse_seconds[kind])


@dataclass(frozen=True, slots=True)
class Started:
    session: Session


@dataclass(frozen=True, slots=True)
class Extended:
    session: Session


@dataclass(frozen=True, slots=True)
class Ended:
    session: Session


Change = Started | Extended | Ended


@dataclass(frozen=True, slots=True)
class TrackerState:
    open_sessions: tuple[Session, ...] = ()
    next_serial: int = 1
    last_wall: datetime | None = None
    last_monotonic: float | None = None
    clock_jumps: int = 0
    # When a jump was seen: (last wall time before it, first wall time after it).
    last_jump: tuple[datetime, datetime] | None = field(default=None)


def _start(sighting: Sighting, at: datetime, serial: int, host: str | None) -> Session:
    return Session(
        serial=serial,
        kind=sighting.kind,
        pid=sighting.pid,
        process=sighting.process,
        started_at=at,
        last_seen=at,
        exe=sighting.exe,
        user=sighting.user,
        device=sighting.device,
        app=sighting.app,
        via=sighting.via,
        host=host,
    )


def _end(session: Session, at: datetime, reason: EndReason) -> Session:
    return replace(session, ended_at=max(at, session.started_at), ended_by=reason)


def _merge_by_key(sightings: tuple[Sighting, ...]) -> dict[SessionKey, Sighting]:
    """One sighting per key; several devices held by one process are listed together."""
    merged: dict[SessionKey, Sighting] = {}
    for sighting in sightings:
        earlier = merged.get(sighting.key)
        if earlier is None:
            merged[sighting.key] = sighting
        elif sighting.device and earlier.device and sighting.device not in earlier.device:
            devices = sorted({*earlier.device.split(", "), sighting.device})
            merged[sighting.key] = replace(earlier, device=", ".join(devices))
    return merged


def _is_clock_jump(state: TrackerState, sample: Sample, config: TrackerConfig) -> bool:
    if state.last_wall is None or state.last_monotonic is None:
        return False
    wall = (sample.at - state.last_wall).total_seconds()
    mono = sample.monotonic - state.last_monotonic
    return abs(wall - mono) > config.clock_jump_seconds


def observe(
    state: TrackerState, sample: Sample, config: TrackerConfig, host: str | None = None
) -> tuple[TrackerState, tuple[Change, ...]]:
    """Fold one sample into the state; return the new state and what changed."""
    if sample.at.tzinfo is None:
        raise ValueError("sample times must be timezone-aware")
    changes: list[Change] = []
    still_open: list[Session] = []
    jumped = _is_clock_jump(state, sample, config)
    seen = _merge_by_key(sample.sightings)
    serial = state.next_serial

    for session in state.open_sessions:
        if jumped:
            changes.append(Ended(_end(session, session.last_seen, EndReason.CLOCK_JUMP)))
            continue
        if session.kind not in sample.kinds:
            still_open.append(session)
            continue
        within_pulse = sample.at - session.last_seen <= config.pulse(session.kind)
        key = (session.kind.value, session.pid, session.process)
        if key in seen and within_pulse:
            sighting = seen.pop(key)
            extended = replace(session, last_seen=max(sample.at, session.last_seen))
            if sighting.device and sighting.device != session.device:
                extended = replace(extended, device=sighting.device)
            still_open.append(extended)
            changes.append(Extended(extended))
        elif within_pulse:
            # Absent now, present at most one pulse ago: it ended in between; the
            # sample time is the closest bound we have (event-driven scans make it tight).
            changes.append(Ended(_end(session, sample.at, EndReason.CLOSED)))
        else:
            changes.append(Ended(_end(session, session.last_seen, EndReason.GAP)))

    for sighting in seen.values():
        if sighting.kind not in sample.kinds:
            continue
        started = _start(sighting, sample.at, serial, host)
        serial += 1
        still_open.append(started)
        changes.append(Started(started))

    new_state = TrackerState(
        open_sessions=tuple(still_open),
        next_serial=serial,
        last_wall=sample.at,
        last_monotonic=sample.monotonic,
        clock_jumps=state.clock_jumps + (1 if jumped else 0),
        last_jump=(state.last_wall, sample.at) if jumped and state.last_wall else state.last_jump,
    )
    return new_state, tuple(changes)


def close_all(
    state: TrackerState, at: datetime, reason: EndReason, config: TrackerConfig
) -> tuple[TrackerState, tuple[Change, ...]]:
    """End every open session at `at` (e.g. the monitor stops), but never later than a
    pulse after its last sighting: beyond that we did not see it."""
    ended = tuple(
        Ended(_end(s, min(max(at, s.last_seen), s.last_seen + config.pulse(s.kind)), reason))
        for s in state.open_sessions
    )
    return replace(state, open_sessions=()), ended


def cut_all(state: TrackerState, reason: EndReason) -> tuple[TrackerState, tuple[Change, ...]]:
    """End every open session at its last sighting: what is known when the monitor could
    not look for a while (it was frozen) and cannot say whether use went on."""
    ended = tuple(Ended(_end(s, s.last_seen, reason)) for s in state.open_sessions)
    return replace(state, open_sessions=()), ended
