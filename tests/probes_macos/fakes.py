"""A MediaFramework fed with recorded CoreMediaIO / CoreAudio state, and a process table."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from familywatch.probes.macos.framework import (
    DeviceClass,
    MediaDevice,
    ProcessObjectsUnsupported,
    parse_version,
    process_objects_available,
    version_text,
)
from familywatch.probes.process_cache import ProcessInfo

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


class FakeMediaFramework:
    """Devices, their running state and the recording processes, as recorded; editable."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._version = parse_version(data["os_version"])
        self._lock = threading.Lock()
        self.device_list = [
            MediaDevice(d["object_id"], DeviceClass(d["class"]), d["name"], d["uid"],
                        d.get("input", True), d.get("output", False))
            for d in data["devices"]
        ]
        self.running = {d["uid"] for d in data["devices"] if d["running"]}
        processes = data["audio_processes"]
        self.recording = (None if processes is None
                          else [p["pid"] for p in processes if p["running_input"]])
        self.callback: Callable[[], None] | None = None
        self.listen_calls = 0
        self.reads = 0
        self.fail: OSError | None = None

    @classmethod
    def from_fixture(cls, name: str) -> FakeMediaFramework:
        return cls(load(name))

    @property
    def os_version(self) -> tuple[int, ...]:
        return self._version

    @property
    def supports_process_objects(self) -> bool:
        return process_objects_available(self._version)

    def devices(self) -> list[MediaDevice]:
        with self._lock:
            if self.fail is not None:
                raise self.fail
            self.reads += 1
            return list(self.device_list)

    def is_running_somewhere(self, device: MediaDevice) -> bool:
        with self._lock:
            return device.uid in self.running

    def input_process_pids(self) -> list[int]:
        if not self.supports_process_objects or self.recording is None:
            raise ProcessObjectsUnsupported(
                f"macOS 14.2+ needed (this is {version_text(self._version)})")
        with self._lock:
            return sorted(self.recording)

    def listen(self, callback: Callable[[], None]) -> None:
        self.listen_calls += 1
        self.callback = callback

    def stop_listening(self) -> None:
        self.callback = None

    # --- what a test does to the "hardware" ---------------------------------------

    def set_running(self, uid: str, running: bool, notify: bool = True) -> None:
        with self._lock:
            (self.running.add if running else self.running.discard)(uid)
        if notify and self.callback is not None:
            self.callback()  # as the framework's listener thread would

    def set_recording(self, pids: list[int]) -> None:
        with self._lock:
            self.recording = list(pids)

    def plug(self, device: MediaDevice) -> None:
        with self._lock:
            self.device_list.append(device)
        if self.callback is not None:
            self.callback()


class RecordedProcesses:
    """A ProcessLister over the fixture's processes."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.table = {p["pid"]: ProcessInfo(p["pid"], p["name"], p["exe"], p["ppid"],
                                            p["create_time"]) for p in data["processes"]}
        self.user = data["user"]

    def pids(self) -> set[int]:
        return set(self.table)

    def inspect(self, pid: int) -> ProcessInfo | None:
        return self.table.get(pid)

    def create_time(self, pid: int) -> float | None:
        info = self.table.get(pid)
        return None if info is None else info.create_time

    def username(self, pid: int) -> str | None:
        return self.user if pid in self.table else None
