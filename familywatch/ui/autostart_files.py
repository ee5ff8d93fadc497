"""Writing and removing a start-at-login file, with errors a parent can read."""

from __future__ import annotations

import contextlib
from pathlib import Path


def write_entry(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a half-written entry could start nothing)."""
    partial = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise OSError(f"Could not write {path}: {reason(error)}.") from error


def remove_entry(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise OSError(f"Could not remove {path}: {reason(error)}.") from error


def reason(error: OSError) -> str:
    """'Permission denied', not "[Errno 13] Permission denied: '/home/…'"."""
    return error.strerror or str(error)
