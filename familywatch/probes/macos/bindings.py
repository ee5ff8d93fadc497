"""ctypes bindings for the few CoreAudio, CoreMediaIO and CoreFoundation calls we make.

The frameworks are loaded by path with ctypes.cdll.LoadLibrary, and only when
`load_frameworks()` is called on macOS: this module imports anywhere. CoreAudio and
CoreMediaIO share one object model (an object id and a property address of selector,
scope and element) but their GetPropertyData differ in one argument, which
`PropertyApi` hides.
"""

from __future__ import annotations

import ctypes
import struct
import sys
from dataclasses import dataclass
from typing import Any

from familywatch.probes.macos.framework import FrameworkUnavailable

FRAMEWORKS = "/System/Library/Frameworks"
COREAUDIO_PATH = f"{FRAMEWORKS}/CoreAudio.framework/CoreAudio"
COREMEDIAIO_PATH = f"{FRAMEWORKS}/CoreMediaIO.framework/CoreMediaIO"
COREFOUNDATION_PATH = f"{FRAMEWORKS}/CoreFoundation.framework/CoreFoundation"


def fourcc(code: str) -> int:
    """A four-character code as the UInt32 the headers define ('gone' -> 0x676F6E65)."""
    value: int = struct.unpack(">I", code.encode("ascii"))[0]
    return value


SYSTEM_OBJECT = 1  # kAudioObjectSystemObject, kCMIOObjectSystemObject
ELEMENT_MAIN = 0  # kAudioObjectPropertyElementMain, kCMIOObjectPropertyElementMain
SCOPE_GLOBAL = fourcc("glob")
SCOPE_INPUT = fourcc("inpt")
SCOPE_OUTPUT = fourcc("outp")
HARDWARE_DEVICES = fourcc("dev#")  # kAudioHardwarePropertyDevices, kCMIOHardwarePropertyDevices
HARDWARE_RUN_LOOP = fourcc("rnlp")  # kAudioHardwarePropertyRunLoop
HARDWARE_PROCESS_OBJECTS = fourcc("prs#")  # kAudioHardwarePropertyProcessObjectList (14.2)
OBJECT_NAME = fourcc("lnam")  # kAudioObjectPropertyName, kCMIOObjectPropertyName
DEVICE_UID = fourcc("uid ")  # kAudioDevicePropertyDeviceUID, kCMIODevicePropertyDeviceUID
DEVICE_STREAMS = fourcc("stm#")  # kAudioDevicePropertyStreams (scope input: it records)
DEVICE_IS_RUNNING_SOMEWHERE = fourcc("gone")  # ...DevicePropertyDeviceIsRunningSomewhere
PROCESS_PID = fourcc("ppid")  # kAudioProcessPropertyPID
PROCESS_IS_RUNNING_INPUT = fourcc("piri")  # kAudioProcessPropertyIsRunningInput
CF_STRING_ENCODING_UTF8 = 0x08000100
NO_ERR = 0


class PropertyAddress(ctypes.Structure):
    """AudioObjectPropertyAddress / CMIOObjectPropertyAddress: three UInt32."""

    _fields_ = (("selector", ctypes.c_uint32), ("scope", ctypes.c_uint32),
                ("element", ctypes.c_uint32))


# OSStatus (*)(ObjectID, UInt32 count, const PropertyAddress addresses[], void* clientData)
ListenerProc = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_uint32, ctypes.c_uint32,
                                ctypes.POINTER(PropertyAddress), ctypes.c_void_p)


def address(selector: int, scope: int = SCOPE_GLOBAL) -> PropertyAddress:
    return PropertyAddress(selector, scope, ELEMENT_MAIN)


class PropertyApi:
    """Get/listen on properties of one framework's objects (CoreAudio or CoreMediaIO)."""

    def __init__(self, lib: Any, prefix: str, cf: Any) -> None:
        self._cf = cf
        self._cmio = prefix == "CMIOObject"
        self._has = getattr(lib, f"{prefix}HasProperty")
        self._size = getattr(lib, f"{prefix}GetPropertyDataSize")
        self._get = getattr(lib, f"{prefix}GetPropertyData")
        self._add = getattr(lib, f"{prefix}AddPropertyListener")
        self._remove = getattr(lib, f"{prefix}RemovePropertyListener")
        self._set = getattr(lib, f"{prefix}SetPropertyData")
        u32, ptr, addr = ctypes.c_uint32, ctypes.c_void_p, ctypes.POINTER(PropertyAddress)
        self._has.argtypes, self._has.restype = [u32, addr], ctypes.c_bool
        self._size.argtypes = [u32, addr, u32, ptr, ctypes.POINTER(u32)]
        if self._cmio:  # (..., UInt32 dataSize, UInt32* dataUsed, void* data)
            self._get.argtypes = [u32, addr, u32, ptr, u32, ctypes.POINTER(u32), ptr]
        else:  # (..., UInt32* ioDataSize, void* outData)
            self._get.argtypes = [u32, addr, u32, ptr, ctypes.POINTER(u32), ptr]
        self._set.argtypes = [u32, addr, u32, ptr, u32, ptr]
        for function in (self._add, self._remove):
            function.argtypes = [u32, addr, ListenerProc, ptr]
        for function in (self._size, self._get, self._add, self._remove, self._set):
            function.restype = ctypes.c_int32

    def has(self, object_id: int, where: PropertyAddress) -> bool:
        return bool(self._has(object_id, ctypes.byref(where)))

    def read(self, object_id: int, where: PropertyAddress, buffer: Any) -> int | None:
        """Fill `buffer` (a ctypes object); the bytes written, or None on an error status."""
        size = ctypes.c_uint32(ctypes.sizeof(buffer))
        if self._cmio:
            used = ctypes.c_uint32(0)
            status = self._get(object_id, ctypes.byref(where), 0, None, size,
                               ctypes.byref(used), ctypes.byref(buffer))
            return used.value if status == NO_ERR else None
        status = self._get(object_id, ctypes.byref(where), 0, None, ctypes.byref(size),
                           ctypes.byref(buffer))
        return size.value if status == NO_ERR else None

    def u32(self, object_id: int, selector: int) -> int | None:
        value = ctypes.c_uint32(0)
        return value.value if self.read(object_id, address(selector), value) else None

    def ids(self, object_id: int, selector: int, scope: int = SCOPE_GLOBAL) -> list[int]:
        where = address(selector, scope)
        size = ctypes.c_uint32(0)
        if self._size(object_id, ctypes.byref(where), 0, None, ctypes.byref(size)) != NO_ERR:
            return []
        count = size.value // ctypes.sizeof(ctypes.c_uint32)
        if count == 0:
            return []
        buffer = (ctypes.c_uint32 * count)()
        written = self.read(object_id, where, buffer)
        return list(buffer[: (written or 0) // 4])

    def string(self, object_id: int, selector: int) -> str | None:
        """A CFString property (the caller owns it: released here)."""
        ref = ctypes.c_void_p(None)
        if not self.read(object_id, address(selector), ref) or not ref.value:
            return None
        try:
            return cf_string(self._cf, ref.value)
        finally:
            self._cf.CFRelease(ref)

    def add_listener(self, object_id: int, where: PropertyAddress, proc: Any) -> bool:
        return bool(self._add(object_id, ctypes.byref(where), proc, None) == NO_ERR)

    def remove_listener(self, object_id: int, where: PropertyAddress, proc: Any) -> None:
        self._remove(object_id, ctypes.byref(where), proc, None)

    def set_pointer(self, object_id: int, selector: int, value: int | None) -> bool:
        data = ctypes.c_void_p(value)
        where = address(selector)
        status = self._set(object_id, ctypes.byref(where), 0, None,
                           ctypes.sizeof(data), ctypes.byref(data))
        return bool(status == NO_ERR)


def cf_string(cf: Any, ref: int) -> str | None:
    length = cf.CFStringGetLength(ref)
    size = cf.CFStringGetMaximumSizeForEncoding(length, CF_STRING_ENCODING_UTF8) + 1
    buffer = ctypes.create_string_buffer(size)
    if not cf.CFStringGetCString(ref, buffer, size, CF_STRING_ENCODING_UTF8):
        return None
    return buffer.value.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Frameworks:
    audio: PropertyApi
    cmio: PropertyApi


def load_frameworks() -> Frameworks:
    """CoreAudio and CoreMediaIO, loaded by path; FrameworkUnavailable elsewhere."""
    if sys.platform != "darwin":
        raise FrameworkUnavailable(
            f"CoreMediaIO and CoreAudio exist only on macOS (this is {sys.platform})"
        )
    try:
        cf = ctypes.cdll.LoadLibrary(COREFOUNDATION_PATH)
        audio = ctypes.cdll.LoadLibrary(COREAUDIO_PATH)
        cmio = ctypes.cdll.LoadLibrary(COREMEDIAIO_PATH)
    except OSError as exc:
        raise FrameworkUnavailable(f"cannot load a media framework: {exc}") from exc
    cf.CFStringGetLength.argtypes, cf.CFStringGetLength.restype = [ctypes.c_void_p], ctypes.c_long
    cf.CFStringGetMaximumSizeForEncoding.argtypes = [ctypes.c_long, ctypes.c_uint32]
    cf.CFStringGetMaximumSizeForEncoding.restype = ctypes.c_long
    cf.CFStringGetCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long,
                                      ctypes.c_uint32]
    cf.CFStringGetCString.restype = ctypes.c_bool
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    try:
        return Frameworks(audio=PropertyApi(audio, "AudioObject", cf),
                          cmio=PropertyApi(cmio, "CMIOObject", cf))
    except AttributeError as exc:  # a symbol missing from this macOS
        raise FrameworkUnavailable(f"a media framework lacks a function: {exc}") from exc
