"""Reading a small text file a person names or edits (a schedule, the family's app list)
without waiting forever on a pipe or a device, and without reading gigabytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 1_000_000  # the example schedule is 2 kB, the built-in app list 14 kB
# Opening a FIFO for reading waits for a writer unless non-blocking; a terminal might
# become the controlling one. Neither flag changes how a regular file reads.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class InputFileError(Exception):
    """A file that cannot be used, in one line naming it; `missing` when it isn't there."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of the regular file at `path`, newlines read as open() reads them
    and without a byte-order mark; InputFileError when it is not there, unreadable, not
    a regular file, over `limit` bytes or not UTF-8."""
    name = str(path)
    try:
        _check(name, os.stat(path), limit)  # before opening: opening a device can act
        handle = os.open(path, _OPEN_FLAGS)
        with os.fdopen(handle, "rb") as stream:
            _check(name, os.fstat(stream.fileno()), limit)  # what was opened, if swapped
            data = stream.read(limit + 1)  # /proc files and growing files: size lies
    except OSError as error:
        raise InputFileError(f"cannot read {name}: {error.strerror or error}",
                             missing=isinstance(error, FileNotFoundError)) from None
    if len(data) > limit:
        raise _too_big(name, limit)
    try:
        text = data.decode("utf-8-sig")  # a BOM (Windows Notepad) is not part of the text
    except UnicodeDecodeError as error:
        raise InputFileError(f"{name} is not UTF-8 text ({error.reason} at byte "
                             f"{error.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def regular_or_absent(path: Path | str) -> bool:
    """True for a regular file, False when nothing is there, InputFileError for anything
    else (open() fails on a folder and waits forever on a pipe without a writer)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from None
    _check(str(path), info, limit=info.st_size)
    return True


def _check(name: str, info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"cannot read {name}: it is {_kind(info.st_mode)}, "
                             "not a regular file")
    if info.st_size > limit:
        raise _too_big(name, limit, info.st_size)


def _too_big(name: str, limit: int, size: int | None = None) -> InputFileError:
    how_big = f"{size:,} bytes, more than" if size is not None else "more than"
    return InputFileError(f"cannot read {name}: it is {how_big} the {limit:,} bytes "
                          "FamilyWatch reads from a file")


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a disk device"),
             (stat.S_ISSOCK, "a socket"))
    return next((words for test, words in kinds if test(mode)), "not a file")
