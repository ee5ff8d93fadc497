"""Writing and removing a start-at-login file, with errors a parent can read."""

from __future__ import annotations

from pathlib import Path

from familywatch.atomic_file import write_atomically


def write_entry(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a half-written entry could start nothing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as error:
        raise OSError(f"Could not write {path}: {reason(error)}.") from error


def remove_entry(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise OSError(f"Could not remove {path}: {reason(error)}.") from error


def reason(error: OSError) -> str:
    """'Permission denied', not "[Errno 13] Permission denied: '/home/…'"."""
    return error.strerror or str(error)
