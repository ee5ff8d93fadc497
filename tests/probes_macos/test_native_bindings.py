"""The ctypes layer, driven through C function pointers that emulate the frameworks.

macOS frameworks can't load here, so each C function PropertyApi calls is replaced
by a ctypes callback with the same C signature that answers from a table of
properties recorded from a MacBook (object id, selector, scope) -> value. Every
call crosses the real ctypes marshalling: the property address structure, the
output buffers and sizes, CFString references and the listener function pointer.
"""

from __future__ import annotations

import ctypes
import struct
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from familywatch.probes.macos import bindings
from familywatch.probes.macos.bindings import (
    Frameworks,
    ListenerProc,
    PropertyAddress,
    PropertyApi,
    fourcc,
    load_frameworks,
)
from familywatch.probes.macos.framework import (
    DeviceClass,
    FrameworkUnavailable,
    ProcessObjectsUnsupported,
)
from familywatch.probes.macos.native import NativeMediaFramework

UNKNOWN_PROPERTY = struct.unpack(">i", b"who?")[0]  # kAudioHardwareUnknownPropertyError
G, IN, OUT = fourcc("glob"), fourcc("inpt"), fourcc("outp")
ADDRESS = ctypes.POINTER(PropertyAddress)
U32 = ctypes.c_uint32

CAMERAS = {
    (1, fourcc("dev#"), G): [41, 58],
    (41, fourcc("lnam"), G): "FaceTime HD Camera", (41, fourcc("uid "), G): "47B4B64B70674B9C",
    (41, fourcc("gone"), G): 1,
    (58, fourcc("lnam"), G): "OBS Virtual Camera",
    (58, fourcc("uid "), G): "7626645E-4425-469E-9D8B-97E0FA59AC75",
    (58, fourcc("gone"), G): 0,
}
AUDIO = {
    (1, fourcc("dev#"), G): [73, 80],
    (73, fourcc("lnam"), G): "MacBook Pro Microphone",
    (73, fourcc("uid "), G): "BuiltInMicrophoneDevice",
    (73, fourcc("stm#"), IN): [74], (73, fourcc("stm#"), OUT): [], (73, fourcc("gone"), G): 1,
    (80, fourcc("lnam"), G): "MacBook Pro Speakers",
    (80, fourcc("uid "), G): "BuiltInSpeakerDevice",
    (80, fourcc("stm#"), IN): [], (80, fourcc("stm#"), OUT): [81], (80, fourcc("gone"), G): 1,
    (1, fourcc("prs#"), G): [131, 137, 142],
    (131, fourcc("ppid"), G): 2210, (131, fourcc("piri"), G): 1,
    (137, fourcc("ppid"), G): 1873, (137, fourcc("piri"), G): 1,
    (142, fourcc("ppid"), G): 990, (142, fourcc("piri"), G): 0,
}


class EmulatedFramework:
    """C functions of CoreAudio ('AudioObject...') or CoreMediaIO ('CMIOObject...')."""

    def __init__(self, prefix: str, properties: dict[tuple[int, int, int], Any],
                 strings: EmulatedStrings) -> None:
        self.properties = properties
        self.strings = strings
        self.listeners: dict[tuple[int, int], Any] = {}
        self.set_calls: list[tuple[int, int, int | None]] = []
        cmio = prefix == "CMIOObject"
        get_type = (ctypes.CFUNCTYPE(ctypes.c_int32, U32, ADDRESS, U32, ctypes.c_void_p, U32,
                                     ctypes.POINTER(U32), ctypes.c_void_p) if cmio else
                    ctypes.CFUNCTYPE(ctypes.c_int32, U32, ADDRESS, U32, ctypes.c_void_p,
                                     ctypes.POINTER(U32), ctypes.c_void_p))
        listener_type = ctypes.CFUNCTYPE(ctypes.c_int32, U32, ADDRESS, ListenerProc,
                                         ctypes.c_void_p)
        self.lib = SimpleNamespace(**{
            f"{prefix}HasProperty": ctypes.CFUNCTYPE(ctypes.c_bool, U32, ADDRESS)(self._has),
            f"{prefix}GetPropertyDataSize": ctypes.CFUNCTYPE(
                ctypes.c_int32, U32, ADDRESS, U32, ctypes.c_void_p, ctypes.POINTER(U32))(
                self._size),
            f"{prefix}GetPropertyData": get_type(self._get_cmio if cmio else self._get_audio),
            f"{prefix}AddPropertyListener": listener_type(self._add),
            f"{prefix}RemovePropertyListener": listener_type(self._remove),
            f"{prefix}SetPropertyData": ctypes.CFUNCTYPE(
                ctypes.c_int32, U32, ADDRESS, U32, ctypes.c_void_p, U32, ctypes.c_void_p)(
                self._set),
        })

    def _key(self, object_id: int, where: Any) -> tuple[int, int, int]:
        address = where.contents
        assert address.element == 0  # always the main element
        return (object_id, address.selector, address.scope)

    def _encode(self, value: Any) -> bytes:
        if isinstance(value, str):
            return struct.pack("=Q", self.strings.create(value))  # a +1 CFStringRef
        if isinstance(value, list):
            return struct.pack(f"={len(value)}I", *value)
        return struct.pack("=I", value)

    def _has(self, object_id: int, where: Any) -> bool:
        return self._key(object_id, where) in self.properties

    def _size(self, object_id: int, where: Any, _qs: int, _q: Any, out: Any) -> int:
        value = self.properties.get(self._key(object_id, where))
        if value is None:
            return UNKNOWN_PROPERTY
        out[0] = 4 * len(value) if isinstance(value, list) else len(self._encode(value))
        return 0

    def _write(self, object_id: int, where: Any, capacity: int, data: int) -> int | None:
        value = self.properties.get(self._key(object_id, where))
        if value is None:
            return None
        encoded = self._encode(value)[:capacity]
        ctypes.memmove(data, encoded, len(encoded))
        return len(encoded)

    def _get_audio(self, object_id: int, where: Any, _qs: int, _q: Any, io_size: Any,
                   data: int) -> int:
        written = self._write(object_id, where, io_size[0], data)
        if written is None:
            return UNKNOWN_PROPERTY
        io_size[0] = written
        return 0

    def _get_cmio(self, object_id: int, where: Any, _qs: int, _q: Any, size: int, used: Any,
                  data: int) -> int:
        written = self._write(object_id, where, size, data)
        if written is None:
            return UNKNOWN_PROPERTY
        used[0] = written
        return 0

    def _add(self, object_id: int, where: Any, proc: Any, _client: Any) -> int:
        self.listeners[(object_id, where.contents.selector)] = proc
        return 0

    def _remove(self, object_id: int, where: Any, _proc: Any, _client: Any) -> int:
        self.listeners.pop((object_id, where.contents.selector), None)
        return 0

    def _set(self, object_id: int, where: Any, _qs: int, _q: Any, size: int, data: int) -> int:
        value = ctypes.c_void_p.from_address(data).value if size == 8 else None
        self.set_calls.append((object_id, where.contents.selector, value))
        return 0

    def fire(self, object_id: int, selector: int) -> int:
        """What the framework does when the property changes: call the listener proc."""
        changed = PropertyAddress(selector, G, 0)
        result: int = self.listeners[(object_id, selector)](object_id, 1, ctypes.pointer(changed),
                                                             None)
        return result


class EmulatedStrings:
    """CFString references and the CoreFoundation calls that read and release them."""

    def __init__(self) -> None:
        self.live: dict[int, str] = {}
        self._next = 0x6000_0000_1000

    def create(self, text: str) -> int:
        self._next += 16
        self.live[self._next] = text
        return self._next

    def CFStringGetLength(self, ref: int) -> int:
        return len(self.live[ref])

    def CFStringGetMaximumSizeForEncoding(self, length: int, encoding: int) -> int:
        assert encoding == 0x08000100  # kCFStringEncodingUTF8
        return 3 * length

    def CFStringGetCString(self, ref: int, buffer: Any, size: int, encoding: int) -> bool:
        data = self.live[ref].encode() + b"\0"
        if len(data) > size:
            return False
        ctypes.memmove(buffer, data, len(data))
        return True

    def CFRelease(self, ref: Any) -> None:
        del self.live[ref.value if isinstance(ref, ctypes.c_void_p) else ref]


@pytest.fixture
def emulated() -> tuple[Frameworks, EmulatedFramework, EmulatedFramework, EmulatedStrings]:
    strings = EmulatedStrings()
    audio = EmulatedFramework("AudioObject", dict(AUDIO), strings)
    cmio = EmulatedFramework("CMIOObject", dict(CAMERAS), strings)
    frameworks = Frameworks(audio=PropertyApi(audio.lib, "AudioObject", strings),
                            cmio=PropertyApi(cmio.lib, "CMIOObject", strings))
    return frameworks, audio, cmio, strings


def test_four_character_codes_are_the_headers_values():
    assert fourcc("gone") == 0x676F6E65  # ...DevicePropertyDeviceIsRunningSomewhere
    assert fourcc("glob") == 0x676C6F62
    assert fourcc("prs#") == 0x70727323
    assert ctypes.sizeof(PropertyAddress) == 12


def test_devices_are_listed_with_names_uids_and_directions(emulated):
    frameworks, _, _, strings = emulated
    native = NativeMediaFramework(frameworks, version=(14, 5))

    devices = {d.uid: d for d in native.devices()}

    assert devices["47B4B64B70674B9C"].device_class is DeviceClass.CAMERA
    assert devices["47B4B64B70674B9C"].name == "FaceTime HD Camera"
    microphone = devices["BuiltInMicrophoneDevice"]
    assert microphone.is_microphone and not microphone.also_output
    assert microphone.name == "MacBook Pro Microphone" and microphone.object_id == 73
    assert not devices["BuiltInSpeakerDevice"].is_microphone
    assert strings.live == {}  # every CFString released


def test_running_somewhere_and_the_recording_processes(emulated):
    frameworks, _, _, _ = emulated
    native = NativeMediaFramework(frameworks, version=(14, 5))
    running = sorted(d.name for d in native.devices() if native.is_running_somewhere(d))
    assert running == ["FaceTime HD Camera", "MacBook Pro Microphone", "MacBook Pro Speakers"]
    assert native.supports_process_objects
    assert native.input_process_pids() == [1873, 2210]


def test_before_14_2_process_objects_are_refused_with_the_versions(emulated):
    frameworks, audio, _, _ = emulated
    del audio.properties[(1, fourcc("prs#"), G)]
    native = NativeMediaFramework(frameworks, version=(13, 6))
    assert not native.supports_process_objects
    with pytest.raises(ProcessObjectsUnsupported, match=r"14\.2\+ needed .*this is 13\.6"):
        native.input_process_pids()


def test_core_audio_is_asked_to_notify_on_its_own_thread(emulated):
    frameworks, audio, _, _ = emulated
    NativeMediaFramework(frameworks, version=(14, 5))
    assert audio.set_calls == [(1, fourcc("rnlp"), None)]  # kAudioHardwarePropertyRunLoop


def test_listeners_cover_device_lists_devices_and_processes(emulated):
    frameworks, audio, cmio, _ = emulated
    native = NativeMediaFramework(frameworks, version=(14, 5))
    calls: list[int] = []
    native.listen(lambda: calls.append(1))

    assert set(cmio.listeners) == {(1, fourcc("dev#")), (41, fourcc("gone")),
                                   (58, fourcc("gone"))}
    assert set(audio.listeners) == {(1, fourcc("dev#")), (1, fourcc("prs#")),
                                    (73, fourcc("gone"))}  # not the speakers
    assert cmio.fire(41, fourcc("gone")) == 0 and calls == [1]  # through the C pointer
    assert audio.fire(1, fourcc("dev#")) == 0 and calls == [1, 1]

    native.listen(lambda: None)  # again (after hot-plug): replaces, never doubles
    assert native.listeners == 6
    native.stop_listening()
    assert audio.listeners == {} and cmio.listeners == {}


def test_a_failing_callback_never_unwinds_into_the_framework(emulated):
    frameworks, _, cmio, _ = emulated
    native = NativeMediaFramework(frameworks, version=(14, 5))

    def broken() -> None:
        raise RuntimeError("boom")

    native.listen(broken)
    assert cmio.fire(41, fourcc("gone")) == 0


def test_frameworks_load_only_on_macos():
    if sys.platform == "darwin":
        pytest.skip("this is a Mac: the frameworks load")
    with pytest.raises(FrameworkUnavailable, match="only on macOS"):
        load_frameworks()
    assert bindings.COREMEDIAIO_PATH.startswith("/System/Library/Frameworks/")
