"""Which icon and which words the tray shows, decided from plain values (no Qt).

The order of the states is the order of importance: a problem hides nothing (its
tooltip still says what is in use), and "outside the camera hours" beats "camera on".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from familywatch.core.model import Kind, Session
from familywatch.core.timefmt import clock_time
from familywatch.ui.wording import Wording


class TrayState(StrEnum):
    """Each value names its icon: resources/icons/tray-<value>.svg."""

    IDLE = "idle"
    CAMERA_ON = "camera-on"
    CAMERA_OUTSIDE_SCHEDULE = "camera-outside-schedule"
    MICROPHONE_ON = "microphone-on"
    PAUSED = "paused"
    PROBLEM = "problem"

    @property
    def icon_name(self) -> str:
        return f"tray-{self.value}"


@dataclass(frozen=True, slots=True)
class TrayInputs:
    """Everything the tray's look depends on.

    `paused`, `outside_schedule` and `time_left_seconds` come from the monitor's
    enforcement (ui/schedule_state.py) on each change, through TrayApp.
    """

    open_sessions: tuple[Session, ...] = ()
    problem: str | None = None
    paused: bool = False
    outside_schedule: bool = False
    time_left_seconds: float | None = None  # camera time left today (a schedule applies)


@dataclass(frozen=True, slots=True)
class TrayLook:
    state: TrayState
    headline: str  # one short line (the status window shows it big)
    tooltip: str  # what is happening, in words


def app_name(session: Session, words: Wording) -> str:
    if session.app is not None:
        return session.app.name
    return session.process or words("tray.unknown_app")


def in_use_sentence(kind: Kind, sessions: Sequence[Session], tz: tzinfo, words: Wording
                    ) -> str | None:
    """'Camera in use by Zoom since 19:02', or None when nothing holds that device."""
    holders = sorted((s for s in sessions if s.kind is kind), key=lambda s: s.started_at)
    if not holders:
        return None
    names = list(dict.fromkeys(app_name(s, words) for s in holders))  # unique, in order
    return words("tray.in_use", kind=words(f"kind.{kind.value}"),
                 apps=words("tray.and").join(names),
                 since=clock_time(holders[0].started_at, tz))


def decide_state(inputs: TrayInputs) -> TrayState:
    kinds = {s.kind for s in inputs.open_sessions}
    if inputs.problem:
        return TrayState.PROBLEM
    if inputs.paused:
        return TrayState.PAUSED
    if Kind.CAMERA in kinds:
        return TrayState.CAMERA_OUTSIDE_SCHEDULE if inputs.outside_schedule \
            else TrayState.CAMERA_ON
    if Kind.MICROPHONE in kinds:
        return TrayState.MICROPHONE_ON
    return TrayState.IDLE


def tray_look(inputs: TrayInputs, tz: tzinfo, words: Wording) -> TrayLook:
    state = decide_state(inputs)
    camera = in_use_sentence(Kind.CAMERA, inputs.open_sessions, tz, words)
    microphone = in_use_sentence(Kind.MICROPHONE, inputs.open_sessions, tz, words)
    lines: list[str] = []
    if inputs.problem:
        lines.append(words("tray.problem", problem=inputs.problem))
    if camera:
        if inputs.time_left_seconds is not None and not inputs.outside_schedule:
            camera = words("tray.time_left", sentence=camera,
                           left=words.duration(inputs.time_left_seconds))
        lines.append(camera)
        if inputs.outside_schedule:
            lines.append(words("tray.outside_schedule"))
    if microphone:
        lines.append(microphone)
    if inputs.paused:
        lines.append(words("tray.paused"))
    else:
        lines.append(words("tray.recording") if camera else
                     f"{words('tray.recording')} {words('tray.camera_not_in_use')}")
    return TrayLook(state, words(f"tray.headline.{state.value}"), "\n".join(lines))
