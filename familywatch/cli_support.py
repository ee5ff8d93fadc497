"""What the parent, review and family commands share: the wiring of ParentControls,
one-line errors, reading the PIN, and argument types.

The PIN is read from the terminal without echo, or as one line from standard input
when that is not a terminal (for scripts). The keyring and the store are imported
only when a command uses them (~0.2 s), so commands that need no PIN start fast.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from familywatch.config import Config, local_timezone

if TYPE_CHECKING:  # imported when used: the keyring and the store cost ~0.2 s to import
    from familywatch.monitor.parent import ParentControls
    from familywatch.store import SqlStore

Handler = Callable[[argparse.Namespace, Config], int]
_HHMM = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")


# -- wiring -----------------------------------------------------------------------
def _controls(config: Config, store: SqlStore | None = None) -> ParentControls:
    """Parent controls on `store` (the tray app shares its monitor's), else a new one."""
    from familywatch.cli import _open_store
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.parent import ParentControls
    from familywatch.security import PinVault
    from familywatch.security.lockout import LockoutPolicy

    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        os_user = "unknown"
    clock, policy = SystemClock(), LockoutPolicy()
    store = store or _open_store(config)
    return ParentControls(store, PinVault(config.data_dir, clock, policy=policy),
                          policy, clock, local_timezone(), config.host, os_user,
                          seal=lambda: _seal(store))


def _seal(store: object) -> int:
    from familywatch.monitor.integrity import Sealer

    return Sealer(store).seal()


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Everything a parent command can refuse with becomes one line on stderr, exit 1."""
    from familywatch.cli import CliError
    from familywatch.core.schedule_file import ScheduleError
    from familywatch.monitor.parent import Refused
    from familywatch.security import (
        DamagedPinRecord,
        KeyringUnavailable,
        NoPinGiven,
        PinAlreadySet,
        PinNotSet,
        WeakPin,
    )
    from familywatch.store import StoreError

    try:
        yield
    except (Refused, ScheduleError, KeyringUnavailable, PinNotSet, WeakPin, DamagedPinRecord,
            NoPinGiven, StoreError) as error:
        raise CliError(str(error)) from error
    except PinAlreadySet as error:
        raise CliError("a parent PIN is already set; to change it use "
                       "'familywatch pin change'") from error


def _pin(prompt: str = "Parent PIN: ") -> str:
    from familywatch.security import read_pin

    return read_pin(prompt, sys.stdin, sys.stderr)


def _new_pin() -> str:
    new = _pin("New parent PIN: ")
    if sys.stdin.isatty() and _pin("The same PIN again: ") != new:
        from familywatch.cli import CliError

        raise CliError("the two PINs differ; nothing was changed")
    return new


def _read_file(name: str) -> str:
    from familywatch.cli import CliError

    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot read {name}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise CliError(f"{name} is not UTF-8 text") from error


def _say(message: str) -> None:
    print(f"familywatch: {message}", file=sys.stderr)


# -- argument types -------------------------------------------------------------
def _minute_of_day(text: str) -> int:
    match = _HHMM.fullmatch(text)
    if match is None or (match.group(1) == "24" and match.group(2) != "00"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (use HH:MM, e.g. 21:30)")
    return int(match.group(1)) * 60 + int(match.group(2))


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit} "
                                             f"({low}-{high})")
        return int(text)
    return parse
