"""What the macOS probes need from CoreMediaIO and CoreAudio, as one small interface.

`MediaFramework` lists cameras and audio devices, says whether one "is running
somewhere" (used by any process), names the processes recording from an input
(Core Audio process objects, macOS 14.2+) and calls back when any of that may have
changed. `NativeMediaFramework` (native.py) is the real one over ctypes; tests use a
fake fed with recorded device lists.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

PROCESS_OBJECTS_SINCE = (14, 2)  # kAudioHardwarePropertyProcessObjectList


class DeviceClass(StrEnum):
    CAMERA = "camera"  # a CoreMediaIO device (virtual cameras too)
    AUDIO = "audio"  # a CoreAudio device; `is_input` says whether it can record


@dataclass(frozen=True, slots=True)
class MediaDevice:
    object_id: int  # CMIOObjectID / AudioObjectID: valid while the device is there
    device_class: DeviceClass
    name: str
    uid: str  # persistent across boots
    is_input: bool = True  # cameras always; audio devices when they have input streams
    also_output: bool = False  # an audio device that plays sound too (a headset)

    @property
    def is_camera(self) -> bool:
        return self.device_class is DeviceClass.CAMERA

    @property
    def is_microphone(self) -> bool:
        return self.device_class is DeviceClass.AUDIO and self.is_input


class FrameworkUnavailable(OSError):
    """CoreMediaIO / CoreAudio cannot be used here; the message says why."""


class ProcessObjectsUnsupported(FrameworkUnavailable):
    """Core Audio process objects need macOS 14.2 or later."""


class MediaFramework(Protocol):
    @property
    def os_version(self) -> tuple[int, ...]: ...

    @property
    def supports_process_objects(self) -> bool:
        """Whether input_process_pids() can name the processes recording (macOS 14.2+)."""
        ...

    def devices(self) -> list[MediaDevice]:
        """Every camera and audio device now (hot-plugged ones included)."""
        ...

    def is_running_somewhere(self, device: MediaDevice) -> bool:
        """kCMIODevicePropertyDeviceIsRunningSomewhere / kAudioDevicePropertyDevice...: in use."""
        ...

    def input_process_pids(self) -> list[int]:
        """Pids of processes recording from an input now; ProcessObjectsUnsupported before 14.2."""
        ...

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from any thread) when devices come or go or start/stop running.

        Called again after the device list changed, to cover new devices; replaces
        the listeners of the previous call.
        """
        ...

    def stop_listening(self) -> None: ...


def parse_version(text: str) -> tuple[int, ...]:
    """'14.2.1' -> (14, 2, 1); anything unreadable -> ()."""
    if not re.fullmatch(r"\d+(\.\d+)*", text.strip()):
        return ()
    return tuple(int(part) for part in text.strip().split("."))


def macos_version() -> tuple[int, ...]:
    """This Mac's version from platform.mac_ver(), () when not on macOS."""
    return parse_version(platform.mac_ver()[0])


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version) or "unknown"


def process_objects_available(version: tuple[int, ...]) -> bool:
    return bool(version) and version >= PROCESS_OBJECTS_SINCE
