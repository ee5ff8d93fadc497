"""Start at login, on every system: the parent settings' checkbox.

- Linux and BSD: the XDG autostart entry ~/.config/autostart/familywatch.desktop
  (XDG_CONFIG_HOME honoured), a copy of packaging/linux's (autostart_xdg.py).
- Windows: the value "FamilyWatch" under HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\
  CurrentVersion\\Run, the same value the installer's "autostart" task writes
  (autostart_windows.py; registry calls in autostart_winreg.py).
- macOS: the LaunchAgent ~/Library/LaunchAgents/io.github.familywatch.FamilyWatch.plist,
  the same agent as packaging/macos's (autostart_macos.py).

Every one is listed where the system shows what starts at login: FamilyWatch is never
hidden. On means "starts this installation"; an entry left by an old location counts
as off and is rewritten when turned on. Failures raise OSError with one plain line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from familywatch.ui.autostart_macos import LaunchAgent
from familywatch.ui.autostart_windows import RunKey
from familywatch.ui.autostart_xdg import XdgAutostart

Location = Path | str  # a file, or in words a registry value (Windows)


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...

    def set_enabled(self, enabled: bool) -> Location: ...

    def describe(self) -> str: ...


def backend(platform: str | None = None) -> Autostart:
    """The start-at-login mechanism of `platform` (default: this system's)."""
    name = sys.platform if platform is None else platform
    if name == "win32":
        return RunKey()
    if name == "darwin":
        return LaunchAgent()
    return XdgAutostart()


def is_enabled(platform: str | None = None) -> bool:
    """Does this installation start when this account logs in?"""
    return backend(platform).is_enabled()


def set_enabled(enabled: bool, platform: str | None = None) -> Location:
    """Add or remove the entry; returns where it is (a Path, or a str for Windows)."""
    return backend(platform).set_enabled(enabled)


def describe(platform: str | None = None) -> str:
    """Where the entry lives, in words for the settings window."""
    return backend(platform).describe()
