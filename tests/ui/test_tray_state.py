"""The tray's state machine: which icon and which words for what is in use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtGui import QIcon

from familywatch.core.model import AppInfo, Category, Kind, Session
from familywatch.ui.tray import state_icon
from familywatch.ui.tray_state import TrayInputs, TrayState, decide_state, tray_look
from familywatch.ui.wording import Wording, icon_file
from tests.ui.sample_data import LONDON

T0 = datetime(2024, 6, 5, 18, 2, tzinfo=UTC)  # 19:02 in London
ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)
OBS = AppInfo("obs-studio", "OBS Studio", Category.STREAMING)


def holding(kind: Kind, app: AppInfo | None, process: str = "zoom", minutes: int = 0,
            pid: int = 4321) -> Session:
    start = T0 + timedelta(minutes=minutes)
    return Session(serial=pid + minutes, kind=kind, pid=pid, process=process, started_at=start,
                   last_seen=start, app=app)


def look(words: Wording, *sessions: Session, **flags: object):  # type: ignore[no-untyped-def]
    return tray_look(TrayInputs(tuple(sessions), **flags), LONDON, words)  # type: ignore[arg-type]


def test_idle_says_it_is_recording_and_the_camera_is_free(words: Wording) -> None:
    shown = look(words)
    assert shown.state is TrayState.IDLE
    assert shown.tooltip == "FamilyWatch is recording. Camera not in use."


def test_camera_on_names_the_app_and_the_local_start_time(words: Wording) -> None:
    shown = look(words, holding(Kind.CAMERA, ZOOM))
    assert shown.state is TrayState.CAMERA_ON
    assert shown.tooltip.splitlines() == ["Camera in use by Zoom since 19:02",
                                          "FamilyWatch is recording."]


def test_two_holders_are_both_named_from_the_first_start(words: Wording) -> None:
    shown = look(words, holding(Kind.CAMERA, OBS, "obs", minutes=5, pid=7),
                 holding(Kind.CAMERA, ZOOM))
    assert shown.tooltip.splitlines()[0] == "Camera in use by Zoom and OBS Studio since 19:02"


def test_an_unknown_program_is_named_by_its_process(words: Wording) -> None:
    shown = look(words, holding(Kind.CAMERA, None, process="cheese"))
    assert shown.tooltip.startswith("Camera in use by cheese since 19:02")


def test_microphone_alone_has_its_own_state(words: Wording) -> None:
    shown = look(words, holding(Kind.MICROPHONE, ZOOM))
    assert shown.state is TrayState.MICROPHONE_ON
    assert shown.tooltip.splitlines() == ["Microphone in use by Zoom since 19:02",
                                          "FamilyWatch is recording. Camera not in use."]


def test_an_open_app_alone_leaves_the_tray_idle(words: Wording) -> None:
    assert look(words, holding(Kind.APP, ZOOM)).state is TrayState.IDLE


def test_outside_the_camera_hours_is_its_own_state_and_said_in_words(words: Wording) -> None:
    shown = look(words, holding(Kind.CAMERA, ZOOM), outside_schedule=True)
    assert shown.state is TrayState.CAMERA_OUTSIDE_SCHEDULE
    assert "This is outside the camera hours." in shown.tooltip
    # Outside the hours only matters while the camera is on.
    assert look(words, outside_schedule=True).state is TrayState.IDLE


def test_paused_and_problem_win_but_hide_nothing(words: Wording) -> None:
    assert look(words, paused=True).state is TrayState.PAUSED
    assert "Recording is paused" in look(words, paused=True).tooltip
    shown = look(words, holding(Kind.CAMERA, ZOOM), problem="sample devices: disk full",
                 paused=True)
    assert shown.state is TrayState.PROBLEM
    assert "disk full" in shown.tooltip
    assert "Camera in use by Zoom since 19:02" in shown.tooltip


@pytest.mark.parametrize("state", list(TrayState))
def test_every_state_has_an_icon_and_a_headline(state: TrayState, words: Wording,
                                                qapp: object) -> None:
    assert icon_file(state.icon_name).is_file()
    icon = state_icon(state)
    assert isinstance(icon, QIcon) and not icon.pixmap(22, 22).isNull()
    assert words(f"tray.headline.{state.value}")


def test_states_follow_the_order_of_importance() -> None:
    camera = (holding(Kind.CAMERA, ZOOM),)
    assert decide_state(TrayInputs(camera)) is TrayState.CAMERA_ON
    assert decide_state(TrayInputs(camera, paused=True)) is TrayState.PAUSED
    assert decide_state(TrayInputs(camera, problem="x", paused=True)) is TrayState.PROBLEM
