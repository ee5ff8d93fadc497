"""Reading a PIN from a person (hidden typing) or from a script (one line on stdin)."""

from __future__ import annotations

import getpass
from typing import TextIO


class NoPinGiven(ValueError):
    pass


def read_pin(prompt: str, stream_in: TextIO, stream_out: TextIO) -> str:
    """Ask at a terminal without echoing; otherwise read one line (for scripts).

    Only the line ending is removed, so the PIN is exactly what was typed.
    """
    if stream_in.isatty():
        return getpass.getpass(prompt, stream=stream_out)
    line = stream_in.readline()
    if not line:
        raise NoPinGiven("no PIN was given on standard input")
    return line.removesuffix("\n").removesuffix("\r")
