"""Camera and microphone in use on macOS: the SightingProbe.

Camera: any CoreMediaIO device (virtual cameras are devices of their own) that "is
running somewhere". macOS does not say which process holds a camera, so the
sighting is the device with process "unknown app" and pid None.

Microphone: on macOS 14.2+ the Core Audio process objects name each process
recording, which is what is reported (Bluetooth inputs may not even say they are
running). Before 14.2, or when no process owns up to a running input-only device,
each running input device is reported with "unknown app". A device that also plays
sound (a headset) "runs" while it only plays, so it counts only through processes
on 14.2+, and is reported as possibly playback before.
"""

from __future__ import annotations

from collections.abc import Sized

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock
from familywatch.probes.macos.framework import (
    PROCESS_OBJECTS_SINCE,
    MediaDevice,
    MediaFramework,
    version_text,
)
from familywatch.probes.process_cache import ProcessLister

UNKNOWN_APP = "unknown app"
CAMERA_BACKEND, AUDIO_BACKEND, PROCESS_BACKEND = "coremediaio", "coreaudio", "coreaudio-process"


class MacDeviceProbe:
    def __init__(self, framework: MediaFramework, processes: ProcessLister,
                 catalogue: Catalogue, clock: Clock) -> None:
        self._framework = framework
        self._processes = processes
        self._catalogue = catalogue
        self._clock = clock
        self._devices: list[MediaDevice] | None = None
        self._problem: str | None = None

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset({Kind.CAMERA, Kind.MICROPHONE})

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        try:
            devices = self._list()
            running = [d for d in devices if (d.is_camera or d.is_microphone)
                       and self._framework.is_running_somewhere(d)]
            pids = (self._framework.input_process_pids()
                    if self._framework.supports_process_objects else None)
        except OSError as exc:
            self._problem = f"reading the media devices failed: {exc}"
            return Sample(at=at, monotonic=monotonic, kinds=self.kinds)
        self._problem = None
        sightings = [self._unknown(Kind.CAMERA, d) for d in running if d.is_camera]
        sightings.extend(self._microphone(running, pids))
        return Sample(at=at, monotonic=monotonic, kinds=self.kinds, sightings=tuple(sightings))

    def statuses(self) -> tuple[BackendStatus, ...]:
        try:
            devices = self._devices if self._devices is not None else self._list()
        except OSError as exc:
            why = f"reading the media devices failed: {exc}"
            return (BackendStatus("camera", CAMERA_BACKEND, False, why),
                    BackendStatus("microphone", AUDIO_BACKEND, False, why))
        return (self._camera_status(devices), self._microphone_status(devices),
                self._process_status())

    # --- inside -------------------------------------------------------------------

    def _list(self) -> list[MediaDevice]:
        self._devices = self._framework.devices()
        return self._devices

    def _microphone(self, running: list[MediaDevice], pids: list[int] | None) -> list[Sighting]:
        inputs = [d for d in running if d.is_microphone]
        if pids:
            label = ", ".join(d.name for d in inputs) or "microphone"
            return [self._process_sighting(pid, label) for pid in pids]
        if pids is not None:  # 14.2+ and nobody records: only input-only devices are sure
            inputs = [d for d in inputs if not d.also_output]
        return [self._unknown(Kind.MICROPHONE, d) for d in inputs]

    def _unknown(self, kind: Kind, device: MediaDevice) -> Sighting:
        return Sighting(kind=kind, pid=None, process=UNKNOWN_APP, device=device.name)

    def _process_sighting(self, pid: int, device: str) -> Sighting:
        info = self._processes.inspect(pid)
        if info is None or not info.readable:
            return Sighting(kind=Kind.MICROPHONE, pid=pid, process=f"pid {pid}", device=device)
        return Sighting(
            kind=Kind.MICROPHONE,
            pid=pid,
            process=info.name,
            exe=info.exe,
            user=self._processes.username(pid),
            device=device,
            app=self._catalogue.match(info.name, info.exe, "macos"),
        )

    def _camera_status(self, devices: list[MediaDevice]) -> BackendStatus:
        cameras = [d.name for d in devices if d.is_camera]
        if self._problem is not None:
            return BackendStatus("camera", CAMERA_BACKEND, False, self._problem)
        if not cameras:
            return BackendStatus("camera", CAMERA_BACKEND, False,
                                 "no camera found; one plugged in later is picked up")
        return BackendStatus(
            "camera", CAMERA_BACKEND, True,
            f"{_count(cameras, 'camera')} ({', '.join(cameras)}): use is seen, but macOS "
            f"does not say which app uses a camera (shown as {UNKNOWN_APP!r})",
        )

    def _microphone_status(self, devices: list[MediaDevice]) -> BackendStatus:
        inputs = [d for d in devices if d.is_microphone]
        if self._problem is not None:
            return BackendStatus("microphone", AUDIO_BACKEND, False, self._problem)
        if not inputs:
            return BackendStatus("microphone", AUDIO_BACKEND, False,
                                 "no microphone found; one plugged in later is picked up")
        detail = f"{_count(inputs, 'input device')} ({', '.join(d.name for d in inputs)})"
        both = [d.name for d in inputs if d.also_output]
        if both and not self._framework.supports_process_objects:
            detail += (f"; {', '.join(both)} also play sound and count as in use while "
                       "they play (this macOS cannot tell recording from playing)")
        return BackendStatus("microphone", AUDIO_BACKEND, True, detail)

    def _process_status(self) -> BackendStatus:
        version = version_text(self._framework.os_version)
        if self._framework.supports_process_objects:
            return BackendStatus("microphone", PROCESS_BACKEND, True,
                                 f"Core Audio process objects name the app recording "
                                 f"(macOS {version})")
        return BackendStatus(
            "microphone", PROCESS_BACKEND, False,
            f"not available here: macOS {version_text(PROCESS_OBJECTS_SINCE)}+ needed to name "
            f"the app using the microphone (this is {version}); shown as {UNKNOWN_APP!r}",
        )


def _count(items: Sized, noun: str) -> str:
    return f"1 {noun}" if len(items) == 1 else f"{len(items)} {noun}s"
