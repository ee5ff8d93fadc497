"""One monitor per data directory, enforced with an OS file lock.

A lock held by a dead process is released by the OS, so a crash never leaves a
stale lock behind (unlike a pid file alone).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from familywatch.input_file import regular_or_absent
from familywatch.runtime_folder import make_private


class AlreadyRunning(RuntimeError):
    def __init__(self, path: Path, pid: int | None) -> None:
        who = f" (pid {pid})" if pid else ""
        super().__init__(
            f"FamilyWatch is already monitoring this data directory{who}; "
            f"lock file: {path}. Stop it first, or set FAMILYWATCH_DATA_DIR to another folder."
        )
        self.pid = pid


def _try_lock(handle: IO[str], exclusive: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        make_private(self.path.parent)
        regular_or_absent(self.path)  # InputFileError: a FIFO here would block the open
        handle = open(self.path, "a+", encoding="ascii")  # noqa: SIM115 - held until release
        if not _try_lock(handle, exclusive=True):
            handle.close()
            raise AlreadyRunning(self.path, _read_pid(self.path))
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def running_monitor_pid(path: Path) -> int | None:
    """The pid of the monitor holding the lock, or None when no monitor runs."""
    if not regular_or_absent(path):
        return None
    with open(path, encoding="ascii") as handle:
        if _try_lock(handle, exclusive=False):
            return None
    return _read_pid(path) or -1
