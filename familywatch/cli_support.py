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
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from familywatch.config import Config, local_timezone
from familywatch.core.summary import DayOutOfRange, showable_day

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
    from familywatch.input_file import InputFileError, read_text

    try:
        return read_text(name)
    except InputFileError as error:
        raise CliError(str(error)) from error


def _say(message: str) -> None:
    print(f"familywatch: {message}", file=sys.stderr)


# -- argument types -------------------------------------------------------------
def _minute_of_day(text: str) -> int:
    match = _HHMM.fullmatch(text)
    if match is None or (match.group(1) == "24" and match.group(2) != "00"):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a time (use HH:MM, e.g. "
                                         "21:30)")
    return int(match.group(1)) * 60 + int(match.group(2))


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        number = _number(text, low, high)
        if number is None:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a number of {unit} "
                                             f"({low}-{high})")
        return number
    return parse


def _row_id(what: str) -> Callable[[str], int]:
    """A record's number: SQLite's INTEGER holds at most 2**63 - 1."""
    def parse(text: str) -> int:
        number = _number(text, 1, 2**63 - 1)
        if number is None:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a {what} number (a "
                                             f"whole number from 1 to {2**63 - 1})")
        return number
    return parse


def _number(text: str, low: int, high: int) -> int | None:
    # isdigit() alone takes '²'; the length check keeps int() off 5,000 digits.
    if text.isascii() and text.isdigit() and len(text) <= len(str(high)) \
            and low <= int(text) <= high:
        return int(text)
    return None


def _date(text: str) -> date:
    try:
        return showable_day(date.fromisoformat(text))
    except DayOutOfRange as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a date (use YYYY-MM-DD)"
                                         ) from None


def plain_text(value: str) -> str:
    """Words a person typed (a reason, a note, an app's name), kept as they are shown.

    Refused, not stored escaped: a child and a parent read these in the tray, the reports
    and the app list, all UTF-8, and 'caf\\xe9' would be neither readable nor told apart
    from a typed backslash. Bytes that are not UTF-8 come from a terminal set to another
    encoding; typing them again there loses nothing. Control characters (a newline, an
    escape sequence) are invisible and would rewrite what a terminal shows.
    """
    for ch in value:
        kind = unicodedata.category(ch)
        if kind == "Cs":
            raise argparse.ArgumentTypeError(
                f"{_shown(value)} is not UTF-8 text (it holds bytes of another encoding); "
                "set the terminal to UTF-8 and type it again")
        if kind in ("Cc", "Zl", "Zp"):
            raise argparse.ArgumentTypeError(f"{_shown(value)} holds a control character "
                                             f"({_escaped(ch)}); use plain text")
    return value


def _escaped(text: str) -> str:
    """`text` on one line: an undecodable byte as \\xNN, other invisible characters as
    Python escapes (a newline as \\n)."""
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if "\udc80" <= ch <= "\udcff":  # how argv holds a byte that is not UTF-8
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def _shown(text: str) -> str:
    """An argument quoted in a message: one line, and not all of a huge one."""
    one_line = _escaped(text)
    if len(one_line) > 40:
        one_line = f"{one_line[:30]}... ({len(text):,} characters)"
    return f"'{one_line}'"


class Parser(argparse.ArgumentParser):
    """argparse, with the one line saying what is wrong kept to one line."""

    def error(self, message: str) -> NoReturn:
        super().error(_escaped(message))


def input_path(text: str) -> str:
    """A file to read, named with any bytes the system allows (undecodable ones arrive
    as surrogate escapes, which open() turns back into the same bytes)."""
    return text


def output_path(text: str) -> str:
    """A file to write, named with any bytes the system allows."""
    return text
