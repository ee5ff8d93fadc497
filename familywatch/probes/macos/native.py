"""The real MediaFramework: CoreMediaIO for cameras, CoreAudio for microphones (ctypes).

Nothing is opened: only device state is read ("is running somewhere"), which needs
no camera or microphone permission. Listener callbacks arrive on a framework thread
(CoreAudio, once its run loop property is set to NULL) or through the main thread's
run loop (CoreMediaIO): the tray app runs one; the headless monitor relies on the
watcher's periodic re-read. Callbacks only poke the watcher; it does the reading.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from familywatch.probes.macos.bindings import (
    DEVICE_IS_RUNNING_SOMEWHERE,
    DEVICE_STREAMS,
    DEVICE_UID,
    HARDWARE_DEVICES,
    HARDWARE_PROCESS_OBJECTS,
    HARDWARE_RUN_LOOP,
    OBJECT_NAME,
    PROCESS_IS_RUNNING_INPUT,
    PROCESS_PID,
    SCOPE_INPUT,
    SCOPE_OUTPUT,
    SYSTEM_OBJECT,
    Frameworks,
    ListenerProc,
    PropertyAddress,
    PropertyApi,
    address,
    load_frameworks,
)
from familywatch.probes.macos.framework import (
    PROCESS_OBJECTS_SINCE,
    DeviceClass,
    MediaDevice,
    ProcessObjectsUnsupported,
    macos_version,
    process_objects_available,
    version_text,
)


class NativeMediaFramework:
    def __init__(self, frameworks: Frameworks | None = None,
                 version: tuple[int, ...] | None = None) -> None:
        self._fw = frameworks or load_frameworks()
        self._version = macos_version() if version is None else version
        self._lock = threading.Lock()
        self._callback: Callable[[], None] | None = None
        self._listening: list[tuple[PropertyApi, int, PropertyAddress]] = []
        # One C callback for every listener; kept referenced or ctypes frees it.
        self._proc: Any = ListenerProc(self._on_property_changed)
        # Ask CoreAudio to deliver notifications on its own thread, not the main run loop.
        self._fw.audio.set_pointer(SYSTEM_OBJECT, HARDWARE_RUN_LOOP, None)
        self._process_objects = process_objects_available(self._version) and self._fw.audio.has(
            SYSTEM_OBJECT, address(HARDWARE_PROCESS_OBJECTS))

    @property
    def os_version(self) -> tuple[int, ...]:
        return self._version

    @property
    def supports_process_objects(self) -> bool:
        return self._process_objects

    def devices(self) -> list[MediaDevice]:
        cameras = [self._device(self._fw.cmio, object_id, DeviceClass.CAMERA, True)
                   for object_id in self._fw.cmio.ids(SYSTEM_OBJECT, HARDWARE_DEVICES)]
        audio = []
        for object_id in self._fw.audio.ids(SYSTEM_OBJECT, HARDWARE_DEVICES):
            device = self._device(self._fw.audio, object_id, DeviceClass.AUDIO,
                                  bool(self._fw.audio.ids(object_id, DEVICE_STREAMS, SCOPE_INPUT)))
            plays = bool(self._fw.audio.ids(object_id, DEVICE_STREAMS, SCOPE_OUTPUT))
            audio.append(replace(device, also_output=plays))
        return cameras + audio

    def is_running_somewhere(self, device: MediaDevice) -> bool:
        api = self._fw.cmio if device.is_camera else self._fw.audio
        return bool(api.u32(device.object_id, DEVICE_IS_RUNNING_SOMEWHERE))

    def input_process_pids(self) -> list[int]:
        if not self._process_objects:
            raise ProcessObjectsUnsupported(
                f"macOS {version_text(PROCESS_OBJECTS_SINCE)}+ needed to name the app using "
                f"the microphone (this is {version_text(self._version)})"
            )
        audio = self._fw.audio
        pids = []
        for process in audio.ids(SYSTEM_OBJECT, HARDWARE_PROCESS_OBJECTS):
            if audio.u32(process, PROCESS_IS_RUNNING_INPUT):
                pid = audio.u32(process, PROCESS_PID)
                if pid:
                    pids.append(ctypes.c_int32(pid).value)  # pid_t is signed
        return sorted(set(pids))

    def listen(self, callback: Callable[[], None]) -> None:
        self.stop_listening()
        with self._lock:
            self._callback = callback
            wanted = [
                (self._fw.cmio, SYSTEM_OBJECT, HARDWARE_DEVICES),
                (self._fw.audio, SYSTEM_OBJECT, HARDWARE_DEVICES),
            ]
            if self._process_objects:
                wanted.append((self._fw.audio, SYSTEM_OBJECT, HARDWARE_PROCESS_OBJECTS))
            for device in self.devices():
                if device.is_camera or device.is_microphone:
                    api = self._fw.cmio if device.is_camera else self._fw.audio
                    wanted.append((api, device.object_id, DEVICE_IS_RUNNING_SOMEWHERE))
            for api, object_id, selector in wanted:
                where = address(selector)
                if api.add_listener(object_id, where, self._proc):
                    self._listening.append((api, object_id, where))

    def stop_listening(self) -> None:
        with self._lock:
            for api, object_id, where in self._listening:
                api.remove_listener(object_id, where, self._proc)
            self._listening.clear()
            self._callback = None

    @property
    def listeners(self) -> int:
        return len(self._listening)

    def _device(self, api: PropertyApi, object_id: int, device_class: DeviceClass,
                is_input: bool) -> MediaDevice:
        name = api.string(object_id, OBJECT_NAME) or f"{device_class.value} {object_id}"
        uid = api.string(object_id, DEVICE_UID) or str(object_id)
        return MediaDevice(object_id, device_class, name, uid, is_input)

    def _on_property_changed(self, _object_id: int, _count: int, _addresses: Any,
                             _client: Any) -> int:
        callback = self._callback
        if callback is not None:
            try:
                callback()
            except Exception:  # never let an exception unwind into the framework
                return 0
        return 0
