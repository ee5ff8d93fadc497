"""Immutable values shared by every layer: what a probe sees and what the record keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    CAMERA = "camera"
    MICROPHONE = "microphone"
    APP = "app"


class Category(StrEnum):
    """Catalogue categories; the wording shown to people lives in resources/."""

    STREAMING = "streaming"  # live-streaming and broadcasting apps
    VIDEO_CHAT = "video-chat"
    VIRTUAL_CAMERA = "virtual-camera"
    BROWSER = "browser"
    OTHER = "other"


class EndReason(StrEnum):
    """How a session ended. Stored as text; values are part of the JSON contract."""

    CLOSED = "closed"  # the app let go of the device / quit
    MONITOR_STOPPED = "monitor-stopped"  # FamilyWatch was stopped while it was open
    RECOVERED = "recovered"  # left open by a crash, closed at its last sighting on restart
    GAP = "gap"  # not seen for longer than the pulse time: we cannot say it went on
    CLOCK_JUMP = "clock-jump"  # the wall clock jumped (suspend/resume, clock change)


@dataclass(frozen=True, slots=True)
class AppInfo:
    """A catalogue entry resolved for one process."""

    app_id: str
    name: str
    category: Category


@dataclass(frozen=True, slots=True)
class Sighting:
    """One thing seen in one probe sample.

    For the camera and microphone `device` is the node held; for apps it is None.
    `via` names a media server (pipewire, pulseaudio) when the holder was the server
    and the real client could not be named.
    """

    kind: Kind
    pid: int | None
    process: str
    exe: str | None = None
    user: str | None = None
    device: str | None = None
    app: AppInfo | None = None
    via: str | None = None

    @property
    def key(self) -> tuple[str, int | None, str]:
        """Identity that merges consecutive sightings into one session.

        The device is not part of it: a process holding two nodes of one camera
        (capture + metadata) is one camera session, so sessions of one kind and
        pid never overlap.
        """
        return (self.kind.value, self.pid, self.process)


@dataclass(frozen=True, slots=True)
class Sample:
    """What one probe saw at one moment, for the kinds it covers.

    `unreadable` counts processes whose details could not be read (other users,
    hidepid); they are reported, never guessed.
    """

    at: datetime  # UTC, timezone-aware
    monotonic: float
    kinds: frozenset[Kind]
    sightings: tuple[Sighting, ...] = ()
    unreadable: int = 0


@dataclass(frozen=True, slots=True)
class Session:
    """A stretch of continuous use of one thing by one process. Times are UTC."""

    serial: int  # unique within one tracker run; the store keeps its own row id
    kind: Kind
    pid: int | None
    process: str
    started_at: datetime
    last_seen: datetime
    exe: str | None = None
    user: str | None = None
    device: str | None = None
    app: AppInfo | None = None
    via: str | None = None
    host: str | None = None
    ended_at: datetime | None = None
    ended_by: EndReason | None = None
    # Seconds of use the schedule did not allow (set by enforcement; read from the store).
    outside_schedule_seconds: float = 0.0

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def seconds(self, now: datetime | None = None) -> float:
        end = self.ended_at or now or self.last_seen
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass(frozen=True, slots=True)
class MonitorRun:
    """One run of the monitor; the time between runs is a gap in monitoring.

    A run ended because the clock was set back keeps in `last_alive` the (earlier) time
    the clock showed right after: [last_alive, ended_at) is the stretch that came twice.
    """

    started_at: datetime
    last_alive: datetime
    ended_at: datetime | None = None
    ended_how: str | None = None  # "stopped", "crashed", ...
    pid: int | None = None
    host: str | None = None


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """Whether one sensing backend works here, and if not, why - in words."""

    probe: str  # "camera", "microphone", "apps", "watch", ...
    backend: str  # "linux-proc", "inotify", "pipewire", ...
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Gap:
    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """Everything the probes see right now (for `familywatch probe`)."""

    at: datetime
    camera: tuple[Sighting, ...] = ()
    microphone: tuple[Sighting, ...] = ()
    apps: tuple[Sighting, ...] = ()
    backends: tuple[BackendStatus, ...] = ()
    unreadable: int = 0
    notes: tuple[str, ...] = field(default=())
