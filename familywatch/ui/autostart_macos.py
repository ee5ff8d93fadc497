"""Start at login on macOS: the LaunchAgent ~/Library/LaunchAgents/<label>.plist.

It is the same agent as packaging/macos/io.github.familywatch.FamilyWatch.plist (same
label, so the two are one entry, never two), starting this installation: the app
bundle's program when frozen, else this Python with `-m familywatch`. macOS lists it
under System Settings > General > Login Items. Writing it takes effect at the next
login; nothing is started now (FamilyWatch is already running).

An agent in /Library/LaunchAgents (installed for every account, owned by root) that
starts this installation counts as on; only an administrator can remove it.
"""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from familywatch.ui.autostart_files import remove_entry, write_entry

LABEL = "io.github.familywatch.FamilyWatch"
SYSTEM_AGENTS = Path("/Library/LaunchAgents")


def program_arguments(executable: str | None = None, frozen: bool | None = None) -> list[str]:
    """How this installation starts the tray app."""
    program = sys.executable if executable is None else executable
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        return [program]  # FamilyWatch.app/Contents/MacOS/familywatch
    return [program, "-m", "familywatch"]


def agent(arguments: list[str]) -> dict[str, Any]:
    """The agent, key for key as in packaging/macos (a test compares the two)."""
    return {
        "Label": LABEL,
        "ProgramArguments": arguments,
        "RunAtLoad": True,
        "KeepAlive": False,  # quitting is a parent action, not a crash to undo
        "LimitLoadToSessionType": "Aqua",
        "ProcessType": "Interactive",
    }


def starts(path: Path, arguments: list[str]) -> bool:
    """Is `path` our agent, starting `arguments` at login? Unreadable counts as no."""
    try:
        with path.open("rb") as file:
            found = plistlib.load(file)
    except (OSError, ValueError, ExpatError):  # InvalidFileException is a ValueError
        return False
    return (isinstance(found, dict) and found.get("Label") == LABEL
            and found.get("ProgramArguments") == arguments
            and found.get("RunAtLoad") is True and found.get("Disabled") is not True)


class LaunchAgent:
    def __init__(self, home: Path | None = None, arguments: list[str] | None = None,
                 system_agents: Path = SYSTEM_AGENTS) -> None:
        base = Path.home() if home is None else home
        self.path = base / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        self.system_path = system_agents / f"{LABEL}.plist"
        self.arguments = program_arguments() if arguments is None else arguments

    def is_enabled(self) -> bool:
        return starts(self.path, self.arguments) or self._for_everyone()

    def set_enabled(self, enabled: bool) -> Path:
        if enabled:
            if self._for_everyone():
                return self.system_path  # a second agent with the same label would fail
            if not starts(self.path, self.arguments):  # missing, or an old location's
                write_entry(self.path, plistlib.dumps(agent(self.arguments)))
            return self.path
        remove_entry(self.path)
        if self._for_everyone():
            raise OSError(f"FamilyWatch starts for every account through {self.system_path}; "
                          "only an administrator can remove that.")
        return self.path

    def describe(self) -> str:
        where = self.system_path if self._for_everyone() else self.path
        return f"the login item {where} (System Settings > General > Login Items)"

    def _for_everyone(self) -> bool:
        return starts(self.system_path, self.arguments)
