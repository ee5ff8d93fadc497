"""Being told by Windows that the ConsentStore changed: RegNotifyChangeKeyValue.

A registration fires once: after it fires it must be made again, and the watcher
does that *before* re-reading, so a change made during the read fires again rather
than being lost. `KeyNotifier` is the small interface the watcher drives;
`Win32KeyNotifier` is the real one, through ctypes - `ctypes.windll` is touched only
when it is made, so this module imports anywhere.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any, Protocol

from familywatch.probes.windows.consent_store import CONSENT_STORE, HIVES
from familywatch.probes.windows.registry import Hive, RegistryUnavailable, load_winreg

REG_NOTIFY_CHANGE_NAME = 0x00000001  # a subkey added or deleted (an app's first use)
REG_NOTIFY_CHANGE_LAST_SET = 0x00000004  # a value written (LastUsedTimeStart/Stop)
REG_NOTIFY_THREAD_AGNOSTIC = 0x10000000  # the registration outlives the thread that made it
NOTIFY_FILTER = REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_THREAD_AGNOSTIC
KEY_NOTIFY = 0x0010
WAIT_OBJECT_0, WAIT_TIMEOUT, WAIT_FAILED = 0x0, 0x102, 0xFFFFFFFF
ERROR_SUCCESS = 0


class KeyNotifier(Protocol):
    """One-shot change notifications on a set of registry keys."""

    @property
    def watched(self) -> str:
        """What is watched, in words (for the status line)."""
        ...

    def arm(self) -> None:
        """(Re-)register the notification of every key whose last one has fired."""
        ...

    def wait(self, timeout: float) -> bool:
        """Block until a key changed (True), `timeout` seconds pass or wake() (False)."""
        ...

    def wake(self) -> None:
        """Make a blocked wait() return now (to stop)."""
        ...

    def close(self) -> None: ...


class Win32KeyNotifier:
    """RegNotifyChangeKeyValue on the ConsentStore of each hive, one event each."""

    def __init__(self, hives: Sequence[Hive] = HIVES) -> None:
        winreg = load_winreg()
        windll = getattr(ctypes, "windll", None)
        if windll is None:
            raise RegistryUnavailable("ctypes.windll is missing: not a Windows Python")
        self._advapi32: Any = windll.advapi32
        self._kernel32: Any = windll.kernel32
        self._declare()
        roots = {Hive.CURRENT_USER: winreg.HKEY_CURRENT_USER,
                 Hive.LOCAL_MACHINE: winreg.HKEY_LOCAL_MACHINE}
        access = KEY_NOTIFY | winreg.KEY_WOW64_64KEY
        self._keys: list[Any] = []
        self._hives: list[Hive] = []
        for hive in hives:
            try:
                self._keys.append(winreg.OpenKey(roots[hive], CONSENT_STORE, 0, access))
            except OSError:
                continue  # not there (or not readable): the other hive may still be
            self._hives.append(hive)
        if not self._keys:
            raise RegistryUnavailable(f"no ConsentStore key to watch ({CONSENT_STORE})")
        self._events = [self._event(manual_reset=False) for _ in self._keys]
        self._wake = self._event(manual_reset=True)
        self._unarmed = set(range(len(self._keys)))

    @property
    def watched(self) -> str:
        return " and ".join(f"{hive.value}\\...\\ConsentStore" for hive in self._hives)

    def arm(self) -> None:
        for index in sorted(self._unarmed):
            status = self._advapi32.RegNotifyChangeKeyValue(
                int(self._keys[index]), True, NOTIFY_FILTER, self._events[index], True
            )
            if status != ERROR_SUCCESS:
                raise OSError(status, f"RegNotifyChangeKeyValue failed ({status})")
            self._unarmed.discard(index)

    def wait(self, timeout: float) -> bool:
        handles = (ctypes.c_void_p * (len(self._events) + 1))(*self._events, self._wake)
        milliseconds = max(0, int(timeout * 1000))
        result = self._kernel32.WaitForMultipleObjects(len(handles), handles, False, milliseconds)
        if result == WAIT_FAILED:
            raise OSError(self._kernel32.GetLastError(), "WaitForMultipleObjects failed")
        fired = [i for i, event in enumerate(self._events)
                 if i == result - WAIT_OBJECT_0
                 or self._kernel32.WaitForSingleObject(event, 0) == WAIT_OBJECT_0]
        self._unarmed.update(fired)
        return bool(fired)

    def wake(self) -> None:
        self._kernel32.SetEvent(self._wake)

    def close(self) -> None:
        for handle in (*self._events, self._wake):
            self._kernel32.CloseHandle(handle)
        for key in self._keys:
            key.Close()
        self._keys, self._events = [], []

    def _event(self, manual_reset: bool) -> int:
        handle = self._kernel32.CreateEventW(None, manual_reset, False, None)
        if not handle:
            raise OSError(self._kernel32.GetLastError(), "CreateEventW failed")
        return int(handle)

    def _declare(self) -> None:
        from ctypes import wintypes

        handle, dword, boolean = wintypes.HANDLE, wintypes.DWORD, wintypes.BOOL
        notify = self._advapi32.RegNotifyChangeKeyValue
        notify.argtypes = [handle, boolean, dword, handle, boolean]
        notify.restype = wintypes.LONG
        create = self._kernel32.CreateEventW
        create.argtypes = [ctypes.c_void_p, boolean, boolean, wintypes.LPCWSTR]
        create.restype = handle
        wait_many = self._kernel32.WaitForMultipleObjects
        wait_many.argtypes = [dword, ctypes.POINTER(ctypes.c_void_p), boolean, dword]
        wait_many.restype = dword
        wait_one = self._kernel32.WaitForSingleObject
        wait_one.argtypes = [handle, dword]
        wait_one.restype = dword
        self._kernel32.SetEvent.argtypes = [handle]
        self._kernel32.CloseHandle.argtypes = [handle]
