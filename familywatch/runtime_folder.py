"""Where a running monitor keeps its lock and its state file: the runtime folder.

Not the data folder, which may be full, read-only or unplugged while the monitor must go
on watching (and saying so). The runtime folder is this user's tmpfs-backed folder on
Linux (/run/user/UID, which is what XDG_RUNTIME_DIR normally names), else a private
folder in the temporary directory. It is chosen from the user id, not from environment
variables, so a monitor started from the desktop and a command typed over SSH find the
same lock; FAMILYWATCH_RUNTIME_DIR overrides it. One subfolder per data folder, so two
data folders can each have their monitor.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

LOCK_FILE_NAME = "monitor.lock"
STATE_FILE_NAME = "monitor-state.json"  # monitor/state_file.py


def runtime_base(environ: Mapping[str, str]) -> Path:
    override = environ.get("FAMILYWATCH_RUNTIME_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        run_user = Path(f"/run/user/{os.getuid()}")
        if run_user.is_dir() and os.access(run_user, os.W_OK | os.X_OK):
            return run_user / "familywatch"
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"familywatch-{user}"


def runtime_folder(data_dir: Path, environ: Mapping[str, str]) -> Path:
    """The runtime subfolder for one data folder (the same in every process)."""
    resolved = str(data_dir.expanduser().absolute())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return runtime_base(environ) / digest


def make_private(folder: Path) -> None:
    """Create `folder` (and its parent) for this user only; refuse one that another user
    owns or that is a symbolic link (in a shared /tmp someone could have made it first).
    OSError as it comes."""
    for path in (folder.parent, folder):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode):
            raise NotADirectoryError(f"{path} is not a folder")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise PermissionError(f"{path} belongs to another user")
        if hasattr(os, "getuid") and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, 0o700)
