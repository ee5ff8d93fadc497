"""Reading a PIN: one line from a pipe, hidden typing at a terminal."""

from __future__ import annotations

import io
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from familywatch.security import NoPinGiven, read_pin

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "pin"),
    [("2580\n", "2580"), ("2580\r\n", "2580"), ("my pass phrase\nsecond line\n", "my pass phrase"),
     ("2580", "2580")],
)  # fmt: skip
def test_a_script_gives_one_line(given: str, pin: str) -> None:
    out = io.StringIO()
    assert read_pin("PIN: ", io.StringIO(given), out) == pin
    assert out.getvalue() == ""  # no prompt in the middle of a script's output


def test_nothing_on_stdin_is_an_error() -> None:
    with pytest.raises(NoPinGiven, match="no PIN was given on standard input"):
        read_pin("PIN: ", io.StringIO(""), io.StringIO())


def read_until(fd: int, text: bytes, timeout: float = 10) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen


def stop(pid: int, fd: int) -> None:
    """Close the terminal (the child gets SIGHUP) and reap the child, killing it if stuck."""
    os.close(fd)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_at_a_terminal_the_pin_is_not_echoed() -> None:
    code = (
        "import sys; from familywatch.security import read_pin; "
        "print('got=' + read_pin('Parent PIN: ', sys.stdin, sys.stderr), flush=True)"
    )
    pid, fd = pty.fork()
    if pid == 0:  # the child, with the pty as its controlling terminal
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(sys.executable, [sys.executable, "-c", code])
    try:
        assert b"Parent PIN: " in read_until(fd, b"Parent PIN: ")
        os.write(fd, b"7531\n")
        rest = read_until(fd, b"got=7531")
    finally:
        stop(pid, fd)
    assert b"got=7531" in rest
    assert rest.count(b"7531") == 1  # the typed digits were not echoed
