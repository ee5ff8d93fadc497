r"""Start at login on Windows: the value "FamilyWatch" under HKCU\...\CurrentVersion\Run.

It is the entry the installer's "autostart" task writes (packaging/windows/
familywatch.iss: value name {#AppName}, data "{app}\{#AppExe}"), so the installer and
this checkbox keep one entry, never two. Its data is the quoted command that starts
this installation's tray app: FamilyWatchTray.exe beside the frozen program, or, from a
source install, pythonw.exe (no console window) with `-m familywatch`.

On means Windows will start this installation at sign-in:
- the value points here (one from an old location counts as off, and is rewritten);
- Task Manager > Startup apps has not disabled it (Explorer\StartupApproved\Run, whose
  first byte is odd when disabled; turning on clears that);
- or the installer's all-accounts value in HKLM points here, which only an
  administrator can remove: turning off then says so.
"""

from __future__ import annotations

import ntpath
import sys
from pathlib import PureWindowsPath

from familywatch.ui.autostart_files import reason
from familywatch.ui.autostart_winreg import (
    HIVE_NAMES,
    HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE,
    REG_BINARY,
    REG_EXPAND_SZ,
    REG_SZ,
    Winreg,
    delete_value,
    load_winreg,
    read_value,
    write_string,
)

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
VALUE_NAME = "FamilyWatch"  # the installer's {#AppName}
TRAY_EXE = "FamilyWatchTray.exe"  # the installer's {#AppExe}: the tray app, no console


def tray_command(executable: str | None = None, frozen: bool | None = None) -> str:
    """The Run value's data that starts this installation's tray app."""
    program = PureWindowsPath(sys.executable if executable is None else executable)
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        return f'"{program.with_name(TRAY_EXE)}"'  # also when running as familywatch.exe
    return f'"{program.with_name("pythonw.exe")}" -m familywatch'


def split_command(command: str) -> tuple[str, list[str]]:
    """(program, arguments) the way Windows reads a Run value."""
    text = command.strip()
    if text.startswith('"'):
        program, _, rest = text[1:].partition('"')
    else:
        end = text.lower().find(".exe")
        cut = end + len(".exe") if end >= 0 else len(text.split(" ", 1)[0])
        program, rest = text[:cut], text[cut:]
    return program, rest.split()


def same_command(found: str, wanted: str) -> bool:
    """Same program (Windows paths ignore case) with the same arguments."""
    (found_program, found_args), (wanted_program, wanted_args) = (
        split_command(found), split_command(wanted))
    return (ntpath.normcase(ntpath.normpath(found_program))
            == ntpath.normcase(ntpath.normpath(wanted_program)) and found_args == wanted_args)


def location(hive: int) -> str:
    return f'{HIVE_NAMES[hive]}\\{RUN_KEY}, value "{VALUE_NAME}"'


class RunKey:
    def __init__(self, registry: Winreg | None = None, command: str | None = None) -> None:
        self._registry = registry
        self.command = tray_command() if command is None else command

    @property
    def registry(self) -> Winreg:
        if self._registry is None:
            self._registry = load_winreg()
        return self._registry

    def is_enabled(self) -> bool:
        try:
            return self._starts_here(HKEY_CURRENT_USER) or self._starts_here(HKEY_LOCAL_MACHINE)
        except OSError:  # unreadable: it cannot be shown to be on
            return False

    def set_enabled(self, enabled: bool) -> str:
        registry = self.registry  # loaded first: off Windows, that is the error to show
        try:
            if enabled:
                return self._turn_on(registry)
            delete_value(registry, HKEY_CURRENT_USER, RUN_KEY, VALUE_NAME)
            delete_value(registry, HKEY_CURRENT_USER, APPROVED_KEY, VALUE_NAME)
        except OSError as error:  # refused: PermissionError "Access is denied"
            raise OSError(f"Windows did not let FamilyWatch change {location(HKEY_CURRENT_USER)}"
                          f": {reason(error)}.") from error
        if self._for_everyone():
            raise OSError("FamilyWatch was installed to start for every account "
                          f"({location(HKEY_LOCAL_MACHINE)}); only an administrator can "
                          "turn that off, in Task Manager > Startup apps.")
        return location(HKEY_CURRENT_USER)

    def describe(self) -> str:
        hive = HKEY_LOCAL_MACHINE if self._for_everyone() else HKEY_CURRENT_USER
        return f"{location(hive)} (Task Manager > Startup apps)"

    def _turn_on(self, registry: Winreg) -> str:
        if self._for_everyone():  # a value here too would start it twice
            ours = read_value(registry, HKEY_CURRENT_USER, RUN_KEY, VALUE_NAME)
            if ours is not None and not self._starts_here(HKEY_CURRENT_USER):  # an old one
                delete_value(registry, HKEY_CURRENT_USER, RUN_KEY, VALUE_NAME)
            return location(HKEY_LOCAL_MACHINE)
        write_string(registry, HKEY_CURRENT_USER, RUN_KEY, VALUE_NAME, self.command)
        # Disabled in Task Manager earlier? Without a StartupApproved value it runs.
        delete_value(registry, HKEY_CURRENT_USER, APPROVED_KEY, VALUE_NAME)
        return location(HKEY_CURRENT_USER)

    def _for_everyone(self) -> bool:
        try:
            return self._starts_here(HKEY_LOCAL_MACHINE)
        except OSError:
            return False

    def _starts_here(self, hive: int) -> bool:
        value = read_value(self.registry, hive, RUN_KEY, VALUE_NAME)
        if value is None or value[1] not in (REG_SZ, REG_EXPAND_SZ):
            return False
        return same_command(str(value[0]), self.command) and self._approved(hive)

    def _approved(self, hive: int) -> bool:
        value = read_value(self.registry, hive, APPROVED_KEY, VALUE_NAME)
        if value is None or value[1] != REG_BINARY or not value[0]:
            return True  # never touched by Task Manager: enabled
        return not value[0][0] & 1  # 02 enabled, 03 disabled
