"""Details of the few processes that matter (holders, their parents, media-server clients).

Also the attribution rule: Chromium, Chrome and Electron apps (Discord, Teams, Slack...)
open the camera in a child process. The child is credited to the app's top-level
process by walking up the parents, but only while

  * the process is a browser/Electron child: its command line has `--type=...`
    (Chromium and Electron always pass it to children; `--utility-sub-type=` comes
    with `--type=utility`) or `-contentproc` (Firefox's children), and
  * its parent runs the same executable.

Both conditions, because "same executable" alone is not enough: a Python program
started from another Python program (the test runner!) shares its exe without being
part of it. The walk stops at the first process that is not such a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import psutil

MEDIA_SERVERS = frozenset(
    {"pipewire", "pipewire-pulse", "wireplumber", "pipewire-media-session", "pulseaudio"}
)
_MAX_WALK = 32  # the deepest real chain is browser > zygote > zygote > renderer


@dataclass(frozen=True, slots=True)
class ProcessDetails:
    pid: int
    name: str
    exe: str | None  # None when unreadable (another user's process)
    user: str | None
    ppid: int | None = None


def is_browser_child(cmdline: Sequence[str]) -> bool:
    """A Chromium/Electron (`--type=`) or Firefox (`-contentproc`) child process."""
    return any(arg.startswith("--type=") or arg == "-contentproc" for arg in cmdline[1:])


def _exe(proc: psutil.Process) -> str | None:
    try:
        return proc.exe() or None
    except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return None


def details_of(proc: psutil.Process) -> ProcessDetails | None:
    """Name, exe, user and parent of a process; None if it is gone."""
    try:
        with proc.oneshot():
            name = proc.name()
            ppid: int | None = proc.ppid()
            try:
                user: str | None = proc.username()
            except (psutil.AccessDenied, KeyError):
                user = None
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:
        name, ppid, user = f"pid {proc.pid}", None, None
    return ProcessDetails(pid=proc.pid, name=name, exe=_exe(proc), user=user, ppid=ppid)


def details(pid: int) -> ProcessDetails | None:
    try:
        return details_of(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:
        return ProcessDetails(pid=pid, name=f"pid {pid}", exe=None, user=None)


def top_level(pid: int) -> ProcessDetails | None:
    """The process to credit for `pid`: itself, or the app's top process (see module doc)."""
    try:
        proc = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:
        return details(pid)
    for _ in range(_MAX_WALK):
        parent = _same_app_parent(proc)
        if parent is None:
            break
        proc = parent
    return details_of(proc) or details(pid)


def _same_app_parent(proc: psutil.Process) -> psutil.Process | None:
    try:
        if not is_browser_child(proc.cmdline()):
            return None
        parent = proc.parent()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None
    if parent is None:
        return None
    exe = _exe(proc)
    if exe is None or _exe(parent) != exe:
        return None
    return parent
