"""What the tray shows about the schedule, read from the monitor's enforcement.

Monitor.enforcement (familywatch.monitor.enforcement.Enforcement) keeps the settings
it read last (`settings`: paused?) and the last `Decision` (`last_decision`): the
camera's time left and whether its use is outside the schedule. Both attributes are
replaced whole by the worker thread, so reading them on the GUI thread is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from familywatch.core.model import Kind
from familywatch.core.rules import Decision

if TYPE_CHECKING:
    from familywatch.monitor.parent_settings import ParentSettings


@dataclass(frozen=True, slots=True)
class ScheduleState:
    known: bool = False  # False: the monitor has no enforcement (a plain store)
    paused: bool = False
    outside_schedule: bool = False
    time_left_seconds: float | None = None  # camera in use and a limit ahead


def schedule_state(monitor: object, now: datetime) -> ScheduleState:
    enforcement = getattr(monitor, "enforcement", None)
    if enforcement is None:
        return ScheduleState()
    settings: ParentSettings | None = getattr(enforcement, "settings", None)
    paused = bool(settings is not None and settings.paused(now))
    decision: Decision | None = getattr(enforcement, "last_decision", None)
    if decision is None or paused:
        return ScheduleState(True, paused)
    camera = decision.get(Kind.CAMERA)
    if camera is None or not camera.in_use:
        return ScheduleState(True, paused)
    if not camera.allowed:
        return ScheduleState(True, paused, outside_schedule=True, time_left_seconds=0.0)
    left = None
    if camera.time_left is not None:
        left = max(0.0, camera.time_left.total_seconds() - (now - decision.at).total_seconds())
    return ScheduleState(True, paused, time_left_seconds=left)
