"""Reading the Windows registry behind a small interface, so that tests can feed it.

`RegistryReader` is all the ConsentStore needs: open a key, list its subkeys, read a
QWORD value. `WinregReader` is the real one; it touches `winreg` only when it is made
and used, so this module imports on every system (tests run on Linux with a fake).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol

REG_QWORD = 11  # winreg.REG_QWORD
REG_BINARY = 3  # some tools write a QWORD as 8 raw bytes


class Hive(StrEnum):
    CURRENT_USER = "HKCU"
    LOCAL_MACHINE = "HKLM"


class RegistryUnavailable(OSError):
    """The registry cannot be read here (not Windows, or winreg is missing)."""


class RegistryKey(Protocol):
    """An open key. Missing children or values are None, never an exception."""

    def subkey_names(self) -> list[str]: ...

    def open_subkey(self, name: str) -> RegistryKey | None: ...

    def qword(self, name: str) -> int | None: ...

    def close(self) -> None: ...


class RegistryReader(Protocol):
    def open_key(self, hive: Hive, path: str) -> RegistryKey | None:
        """The key at `path` under `hive`, or None if it does not exist."""
        ...


def qword_of(value: Any, value_type: int) -> int | None:
    """A QWORD from what winreg returns: an int (REG_QWORD) or 8 little-endian bytes."""
    if value_type == REG_QWORD and isinstance(value, int):
        return value
    if value_type == REG_BINARY and isinstance(value, bytes) and len(value) == 8:
        return int.from_bytes(value, "little")
    return None


class _WinregKey:
    def __init__(self, winreg: Any, handle: Any) -> None:
        self._winreg = winreg
        self._handle = handle

    def subkey_names(self) -> list[str]:
        names: list[str] = []
        index = 0
        while True:
            try:
                names.append(self._winreg.EnumKey(self._handle, index))
            except OSError:  # ERROR_NO_MORE_ITEMS ends the list
                return names
            index += 1

    def open_subkey(self, name: str) -> _WinregKey | None:
        try:
            handle = self._winreg.OpenKey(self._handle, name, 0, _read_access(self._winreg))
        except OSError:  # gone since it was listed, or not readable
            return None
        return _WinregKey(self._winreg, handle)

    def qword(self, name: str) -> int | None:
        try:
            value, value_type = self._winreg.QueryValueEx(self._handle, name)
        except OSError:
            return None
        return qword_of(value, value_type)

    def close(self) -> None:
        self._handle.Close()


def _read_access(winreg: Any) -> int:
    # The 64-bit view even from a 32-bit Python, so HKLM\Software is not redirected.
    return int(winreg.KEY_READ | winreg.KEY_WOW64_64KEY)


class WinregReader:
    """The real registry, through the standard library's winreg (Windows only)."""

    def __init__(self) -> None:
        self._winreg = load_winreg()
        self._roots = {
            Hive.CURRENT_USER: self._winreg.HKEY_CURRENT_USER,
            Hive.LOCAL_MACHINE: self._winreg.HKEY_LOCAL_MACHINE,
        }

    def open_key(self, hive: Hive, path: str) -> RegistryKey | None:
        try:
            handle = self._winreg.OpenKey(self._roots[hive], path, 0, _read_access(self._winreg))
        except OSError:
            return None
        return _WinregKey(self._winreg, handle)


def load_winreg() -> Any:
    """The winreg module, or RegistryUnavailable saying why there is none."""
    if not sys.platform.startswith("win"):
        raise RegistryUnavailable(
            f"the Windows registry exists only on Windows (this is {sys.platform})"
        )
    try:
        import winreg
    except ImportError as exc:  # a Windows Python without it: never seen, still said
        raise RegistryUnavailable(f"Python's winreg module is missing ({exc})") from exc
    return winreg


ReaderFactory = Callable[[], RegistryReader]
