r"""Start at login on Windows, against a fake registry that behaves like winreg.

The fake holds what a real family computer has under ...\CurrentVersion\Run (OneDrive,
Discord, Windows Security) and Task Manager's StartupApproved values; FamilyWatch must
change only its own value. It is the only mock here: winreg does not exist on Linux.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from familywatch.ui import autostart
from familywatch.ui.autostart_windows import (
    APPROVED_KEY,
    RUN_KEY,
    VALUE_NAME,
    RunKey,
    same_command,
    split_command,
    tray_command,
)
from familywatch.ui.autostart_winreg import (
    HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE,
    KEY_READ,
    KEY_SET_VALUE,
    KEY_WOW64_64KEY,
    REG_BINARY,
    REG_EXPAND_SZ,
    REG_SZ,
    KeyHandle,
)

HKCU, HKLM = HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE
KEY_WRITE = 0x20006  # winreg.CreateKeyEx's default access

ISS = Path(__file__).resolve().parents[2] / "packaging" / "windows" / "familywatch.iss"
INSTALLED = r"C:\Program Files\FamilyWatch"
COMMAND = rf'"{INSTALLED}\FamilyWatchTray.exe"'
ONEDRIVE = r'"C:\Program Files\Microsoft OneDrive\OneDrive.exe" /background'
DISCORD = r'"C:\Users\Sam\AppData\Local\Discord\Update.exe" --processStart Discord.exe'
ENABLED = bytes.fromhex("020000000000000000000000")  # Task Manager: enabled
DISABLED = bytes.fromhex("03000000d40d438dc83bd901")  # Task Manager: disabled at a time
WOW64 = "software\\wow6432node\\"


class FakeKey:
    def __init__(self, where: tuple[int, str], access: int) -> None:
        self.where, self.access = where, access

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        return None


def opened(key: KeyHandle, needs: int = 0) -> FakeKey:
    """The fake's handle, opened with the access a call needs (as Windows checks)."""
    if not isinstance(key, FakeKey):
        raise TypeError("not a handle of this registry")
    if key.access & needs != needs:
        raise PermissionError(13, "Access is denied")
    return key


class FakeWinreg:
    """winreg's calls on a dict: names ignore case, missing keys and values raise
    FileNotFoundError, writing needs KEY_SET_VALUE and a hive this account may write.
    Like a 32-bit process, HKLM\\Software without KEY_WOW64_64KEY is the Wow6432Node view."""

    def __init__(self, writable: tuple[int, ...] = (HKCU,)) -> None:
        self.keys: dict[tuple[int, str], dict[str, tuple[str, Any, int]]] = {}
        self.writable = writable

    def put(self, hive: int, path: str, name: str, data: Any, kind: int = REG_SZ) -> None:
        self.keys.setdefault((hive, path.lower()), {})[name.lower()] = (name, data, kind)

    def values(self, hive: int, path: str) -> dict[str, tuple[Any, int]]:
        found = self.keys.get((hive, path.lower()), {})
        return {name: (data, kind) for name, data, kind in found.values()}

    def _where(self, hive: int, sub_key: str, access: int) -> tuple[int, str]:
        path = sub_key.lower()
        if hive == HKLM and path.startswith("software\\") and not access & KEY_WOW64_64KEY:
            path = WOW64 + path.removeprefix("software\\")
        return hive, path

    def _may_write(self, hive: int, access: int) -> None:
        if access & KEY_SET_VALUE and hive not in self.writable:
            raise PermissionError(13, "Access is denied")

    def OpenKey(self, key: int, sub_key: str, reserved: int = 0,
                access: int = KEY_READ) -> FakeKey:
        where = self._where(key, sub_key, access)
        if where not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        self._may_write(key, access)
        return FakeKey(where, access)

    def CreateKeyEx(self, key: int, sub_key: str, reserved: int = 0,
                    access: int = KEY_WRITE) -> FakeKey:
        self._may_write(key, access | KEY_SET_VALUE)
        where = self._where(key, sub_key, access)
        self.keys.setdefault(where, {})
        return FakeKey(where, access)

    def QueryValueEx(self, key: KeyHandle, name: str) -> tuple[Any, int]:
        found = self.keys[opened(key).where].get(name.lower())
        if found is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return found[1], found[2]

    def SetValueEx(self, key: KeyHandle, name: str, reserved: int, kind: int,
                   value: Any) -> None:
        handle = opened(key, KEY_SET_VALUE)
        self.keys[handle.where][name.lower()] = (name, value, kind)

    def DeleteValue(self, key: KeyHandle, name: str) -> None:
        if self.keys[opened(key, KEY_SET_VALUE).where].pop(name.lower(), None) is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")


@pytest.fixture
def registry() -> FakeWinreg:
    """A family computer's start-up entries, before FamilyWatch."""
    fake = FakeWinreg()
    fake.put(HKCU, RUN_KEY, "OneDrive", ONEDRIVE)
    fake.put(HKCU, RUN_KEY, "Discord", DISCORD)
    fake.put(HKCU, APPROVED_KEY, "OneDrive", ENABLED, REG_BINARY)
    fake.put(HKCU, APPROVED_KEY, "Discord", DISABLED, REG_BINARY)
    fake.put(HKLM, RUN_KEY, "SecurityHealth",
             r"%windir%\system32\SecurityHealthSystray.exe", REG_EXPAND_SZ)
    return fake


def others(fake: FakeWinreg) -> dict[tuple[int, str], dict[str, tuple[Any, int]]]:
    """Every value that is not FamilyWatch's."""
    return {where: {name: value for name, value in fake.values(*where).items()
                    if name.lower() != VALUE_NAME.lower()}
            for where in fake.keys}


def test_on_writes_the_installers_value_and_off_removes_only_it(registry: FakeWinreg) -> None:
    before = others(registry)
    run_key = RunKey(registry, COMMAND)
    assert not run_key.is_enabled()
    where = run_key.set_enabled(True)
    assert where == \
        r'HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run, value "FamilyWatch"'
    assert registry.values(HKCU, RUN_KEY)["FamilyWatch"] == (COMMAND, REG_SZ)
    assert run_key.is_enabled()
    assert others(registry) == before
    run_key.set_enabled(False)
    assert "FamilyWatch" not in registry.values(HKCU, RUN_KEY)
    assert not run_key.is_enabled()
    assert others(registry) == before
    run_key.set_enabled(False)  # already off: still fine


def test_the_value_is_the_one_the_installer_writes() -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))
    (line,) = [line for line in text.splitlines() if "Tasks: autostart" in line
               and line.startswith("Root:")]
    fields = dict(re.findall(r'(\w+): ("(?:[^"]|"")*"|\S+?);', line + ";"))
    def inno(field: str) -> str:  # an Inno Setup string: "" is one quote
        value = fields[field][1:-1].replace('""', '"')
        return re.sub(r"\{#(\w+)\}", lambda match: defines[match.group(1)], value)
    assert inno("ValueName") == VALUE_NAME
    installed = inno("ValueData").replace("{app}", INSTALLED)
    assert installed == COMMAND
    # The tray app, whichever of the bundle's programs opened the settings.
    assert tray_command(rf"{INSTALLED}\familywatch.exe", frozen=True) == installed
    assert tray_command(rf"{INSTALLED}\FamilyWatchTray.exe", frozen=True) == installed


def test_a_source_install_starts_pythonw_without_a_console() -> None:
    python = r"C:\Users\Sam\src\familywatch\.venv\Scripts\python.exe"
    assert tray_command(python, frozen=False) == \
        r'"C:\Users\Sam\src\familywatch\.venv\Scripts\pythonw.exe" -m familywatch'


def test_commands_are_read_the_way_windows_reads_them() -> None:
    assert split_command(ONEDRIVE) == \
        (r"C:\Program Files\Microsoft OneDrive\OneDrive.exe", ["/background"])
    assert split_command(r"C:\Program Files\FamilyWatch\FamilyWatchTray.exe") == \
        (r"C:\Program Files\FamilyWatch\FamilyWatchTray.exe", [])
    assert same_command(r'"c:\program files\familywatch\FAMILYWATCHTRAY.EXE"', COMMAND)
    assert same_command(r"C:\Program Files\FamilyWatch\FamilyWatchTray.exe", COMMAND)
    assert not same_command(rf"{COMMAND} --hidden", COMMAND)
    assert not same_command(ONEDRIVE, COMMAND)


def test_a_value_from_an_old_location_is_off_and_rewritten(registry: FakeWinreg) -> None:
    registry.put(HKCU, RUN_KEY, "familywatch", r'"C:\Users\Sam\Downloads\FW\FamilyWatchTray.exe"')
    run_key = RunKey(registry, COMMAND)
    assert not run_key.is_enabled()
    run_key.set_enabled(True)
    assert registry.values(HKCU, RUN_KEY)["FamilyWatch"] == (COMMAND, REG_SZ)
    assert [name for name in registry.values(HKCU, RUN_KEY) if name.lower() == "familywatch"] \
        == ["FamilyWatch"]  # rewritten, not added beside
    assert run_key.is_enabled()


def test_a_value_of_another_type_is_not_a_command(registry: FakeWinreg) -> None:
    registry.put(HKCU, RUN_KEY, VALUE_NAME, 1, kind=4)  # REG_DWORD
    assert not RunKey(registry, COMMAND).is_enabled()


def test_disabled_in_task_manager_is_off_and_turning_on_clears_it(registry: FakeWinreg) -> None:
    registry.put(HKCU, RUN_KEY, VALUE_NAME, COMMAND)
    registry.put(HKCU, APPROVED_KEY, VALUE_NAME, DISABLED, REG_BINARY)
    run_key = RunKey(registry, COMMAND)
    assert not run_key.is_enabled()
    run_key.set_enabled(True)
    assert VALUE_NAME not in registry.values(HKCU, APPROVED_KEY)
    assert registry.values(HKCU, APPROVED_KEY)["Discord"] == (DISABLED, REG_BINARY)
    assert run_key.is_enabled()
    registry.put(HKCU, APPROVED_KEY, VALUE_NAME, ENABLED, REG_BINARY)
    assert run_key.is_enabled()
    run_key.set_enabled(False)
    assert VALUE_NAME not in registry.values(HKCU, APPROVED_KEY)


def test_an_install_for_every_account_counts_and_only_an_admin_removes_it(
        registry: FakeWinreg) -> None:
    registry.put(HKLM, RUN_KEY, VALUE_NAME, COMMAND)
    registry.put(HKCU, RUN_KEY, VALUE_NAME, r'"D:\old\FamilyWatchTray.exe"')
    run_key = RunKey(registry, COMMAND)
    assert run_key.is_enabled()
    assert "HKEY_LOCAL_MACHINE" in run_key.set_enabled(True)
    assert VALUE_NAME not in registry.values(HKCU, RUN_KEY)  # it would start the old one too
    registry.writable = ()  # nothing is written when it already starts
    assert "HKEY_LOCAL_MACHINE" in run_key.set_enabled(True)
    assert VALUE_NAME not in registry.values(HKCU, RUN_KEY)
    assert "HKEY_LOCAL_MACHINE" in run_key.describe()
    registry.writable = (HKCU,)
    with pytest.raises(OSError, match="only an administrator") as raised:
        run_key.set_enabled(False)
    assert "\n" not in str(raised.value)
    assert registry.values(HKLM, RUN_KEY)[VALUE_NAME] == (COMMAND, REG_SZ)
    assert run_key.is_enabled()


def test_an_every_account_install_turned_off_by_an_admin_leaves_this_account_free(
        registry: FakeWinreg) -> None:
    registry.put(HKLM, RUN_KEY, VALUE_NAME, COMMAND)
    registry.put(HKLM, APPROVED_KEY, VALUE_NAME, DISABLED, REG_BINARY)
    registry.put(HKCU, RUN_KEY, VALUE_NAME, r'"D:\old\FamilyWatchTray.exe"')
    run_key = RunKey(registry, COMMAND)
    assert not run_key.is_enabled()
    assert run_key.set_enabled(True).startswith("HKEY_CURRENT_USER")
    assert registry.values(HKCU, RUN_KEY)[VALUE_NAME] == (COMMAND, REG_SZ)
    assert run_key.is_enabled()
    run_key.set_enabled(False)  # HKLM does not start it: no error
    assert not run_key.is_enabled()


def test_the_every_account_value_is_read_from_the_64_bit_view(registry: FakeWinreg) -> None:
    registry.put(HKLM, WOW64 + RUN_KEY.removeprefix("Software\\"), VALUE_NAME,
                 r'"C:\Program Files (x86)\FamilyWatch\FamilyWatchTray.exe"')
    assert not RunKey(registry, COMMAND).is_enabled()  # not where the x64 installer writes
    registry.put(HKLM, RUN_KEY, VALUE_NAME, COMMAND)
    assert RunKey(registry, COMMAND).is_enabled()


def test_a_refusal_is_one_plain_line(registry: FakeWinreg) -> None:
    registry.writable = ()  # e.g. a policy or security tool locks the Run key
    with pytest.raises(OSError) as raised:
        RunKey(registry, COMMAND).set_enabled(True)
    assert str(raised.value) == ("Windows did not let FamilyWatch change HKEY_CURRENT_USER\\"
                                 "Software\\Microsoft\\Windows\\CurrentVersion\\Run, value "
                                 '"FamilyWatch": Access is denied.')
    assert not RunKey(registry, COMMAND).is_enabled()


def test_the_settings_facade_uses_the_registry_on_windows(
        registry: FakeWinreg, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "winreg", registry)  # what `import winreg` finds
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", rf"{INSTALLED}\FamilyWatchTray.exe")
    assert not autostart.is_enabled()
    assert str(autostart.set_enabled(True)).startswith("HKEY_CURRENT_USER")
    assert registry.values(HKCU, RUN_KEY)[VALUE_NAME] == (COMMAND, REG_SZ)
    assert autostart.is_enabled()
    assert "Task Manager > Startup apps" in autostart.describe()


def test_without_a_registry_it_is_off_and_says_why() -> None:
    if sys.platform == "win32":
        pytest.skip("this is Windows: the registry exists")
    run_key = RunKey(command=COMMAND)
    assert not run_key.is_enabled()
    with pytest.raises(OSError, match="The Windows registry is not available"):
        run_key.set_enabled(True)
