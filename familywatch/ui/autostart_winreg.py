"""The few `winreg` calls start-at-login needs, behind a Protocol tests can fake.

`winreg` itself satisfies `Winreg`; it is imported only by `load_winreg()`, on Windows,
so this module imports everywhere. The constants are the Windows values (winreg's own),
so a fake and the real module take the same arguments.
"""

from __future__ import annotations

import importlib
from types import TracebackType
from typing import Any, Protocol, cast

HKEY_CURRENT_USER = 0x80000001
HKEY_LOCAL_MACHINE = 0x80000002
KEY_READ = 0x20019
KEY_SET_VALUE = 0x0002
KEY_WOW64_64KEY = 0x0100  # the 64-bit view of HKLM, where the 64-bit installer writes
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3

HIVE_NAMES = {HKEY_CURRENT_USER: "HKEY_CURRENT_USER", HKEY_LOCAL_MACHINE: "HKEY_LOCAL_MACHINE"}


class KeyHandle(Protocol):
    def __enter__(self) -> KeyHandle: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> bool | None: ...


class Winreg(Protocol):
    """winreg's own names. Missing keys and values raise FileNotFoundError, refusals
    PermissionError."""

    def OpenKey(self, key: int, sub_key: str, reserved: int = 0,
                access: int = KEY_READ) -> KeyHandle: ...

    def CreateKeyEx(self, key: int, sub_key: str, reserved: int = 0,
                    access: int = KEY_SET_VALUE) -> KeyHandle: ...

    def QueryValueEx(self, key: KeyHandle, name: str) -> tuple[Any, int]: ...

    def SetValueEx(self, key: KeyHandle, name: str, reserved: int, kind: int,
                   value: Any) -> None: ...

    def DeleteValue(self, key: KeyHandle, name: str) -> None: ...


def load_winreg() -> Winreg:
    try:
        return cast(Winreg, importlib.import_module("winreg"))
    except ImportError as error:  # not Windows
        raise OSError("The Windows registry is not available on this system.") from error


def read_value(registry: Winreg, hive: int, path: str, name: str) -> tuple[Any, int] | None:
    """(data, type) of a value, or None when the key or the value does not exist."""
    access = KEY_READ | (KEY_WOW64_64KEY if hive == HKEY_LOCAL_MACHINE else 0)
    try:
        with registry.OpenKey(hive, path, 0, access) as key:
            return registry.QueryValueEx(key, name)
    except FileNotFoundError:
        return None


def write_string(registry: Winreg, hive: int, path: str, name: str, text: str) -> None:
    with registry.CreateKeyEx(hive, path, 0, KEY_SET_VALUE) as key:
        registry.SetValueEx(key, name, 0, REG_SZ, text)


def delete_value(registry: Winreg, hive: int, path: str, name: str) -> None:
    """Delete a value; a missing key or value is already what was wanted."""
    try:
        with registry.OpenKey(hive, path, 0, KEY_SET_VALUE) as key:
            registry.DeleteValue(key, name)
    except FileNotFoundError:
        pass
