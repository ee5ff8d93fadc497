"""The command line as the parser itself describes it, for fuzzing every subcommand.

`commands()` walks `build_parser()`: a subcommand added later is fuzzed without
anyone listing it here. `run()` calls `familywatch.cli.main` in-process (fast) with
a parent PIN on standard input, and `assert_plain_outcome()` is the contract every
call must keep: exit 0, 1 or 2, and a failure told in one plain line, never a
traceback or the catch-all's "unexpected error".
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

from familywatch.cli import build_parser, main
from familywatch.cli_support import input_path, output_path
from tests.security.keyring_backends import ENABLE, MemoryKeyring

PIN = "2468"
# These run until stopped (a signal, or the tray's Quit): not something to fuzz in-process.
RUNS_UNTIL_STOPPED = {"cmd_monitor", "cmd_default", "cmd_tray"}
_USAGE_ERROR = re.compile(r"familywatch[\w -]*: error: \S")


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]
    parser: argparse.ArgumentParser

    @property
    def options(self) -> list[argparse.Action]:
        return [a for a in self.parser._actions if a.option_strings
                and not isinstance(a, argparse._HelpAction | argparse._VersionAction)
                and "--debug" not in a.option_strings]  # --debug shows tracebacks on purpose

    @property
    def positionals(self) -> list[argparse.Action]:
        return [a for a in self.parser._actions if not a.option_strings
                and not isinstance(a, argparse._SubParsersAction)]

    def __str__(self) -> str:
        return " ".join(self.words)


def commands(parser: argparse.ArgumentParser | None = None,
             words: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every subcommand, nested ones included, except those that run until stopped."""
    parser = parser or build_parser()
    handler = parser.get_default("handler")
    if words and getattr(handler, "__name__", "") not in RUNS_UNTIL_STOPPED:
        yield Command(words, parser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*words, name))


@contextmanager
def family_house(root: Path, **env: str) -> Iterator[None]:
    """A data folder in `root` with a parent PIN in a memory keyring, `root` as the
    working folder, `env` set; all put back afterwards."""
    # Taken before the test backends are enabled: with them enabled, a keyring that
    # chooses its backend now would choose one, and later tests would inherit it.
    before = keyring.get_keyring()
    patch = pytest.MonkeyPatch()
    for name, value in {ENABLE: "1", "FAMILYWATCH_DATA_DIR": str(root / "data"),
                        **env}.items():
        patch.setenv(name, value)
    patch.chdir(root)
    keyring.set_keyring(MemoryKeyring())
    patch.setattr(sys, "stdin", io.StringIO(f"{PIN}\n"))
    try:
        assert main(["pin", "set"]) == 0
        yield
    finally:
        keyring.set_keyring(before)
        patch.undo()


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`familywatch ARGV` in this process, the right PIN on stdin (a few times over)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PIN}\n" * 3))
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse: --help (0) and usage errors (2)
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_plain_outcome(argv: list[str], code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err, (argv, err)
    assert "unexpected error" not in err, (argv, err)
    lines = err.splitlines()
    if code == 1:  # one line; or none when the answer is on stdout (verify --json)
        assert (len(lines) == 1 and lines[0].strip()) or (not lines and out), (argv, err)
    elif code == 2:  # argparse's usage synopsis, then the one line saying what is wrong
        problems = [line for line in lines if _USAGE_ERROR.match(line)]
        assert len(problems) == 1 and lines[-1] == problems[0], (argv, err)
        assert lines[0].startswith("usage: ") and all(
            line.startswith(" ") for line in lines[1:-1]), (argv, err)


# -- valid values, so that one bad value at a time reaches the command itself -------------
FILE_TYPES = (input_path, output_path)
_PLAUSIBLE = ("sun 18:00", "2026-03-02", "30", "21:30", "1")


def plausible_value(action: argparse.Action) -> str:
    """A value the argument's own type accepts: its first choice, an existing schedule
    file, or the first of a few usual values that its type converts."""
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is input_path:
        return "schedule.toml"
    if action.type is output_path:
        return "out.txt"
    for value in _PLAUSIBLE:
        try:
            if action.type is not None:
                action.type(value)  # type: ignore[operator]
        except (argparse.ArgumentTypeError, TypeError, ValueError):
            continue
        return value
    raise AssertionError(f"no usual value suits {action.dest}: add one to _PLAUSIBLE")


def required(command: Command) -> list[argparse.Action]:
    """What the command cannot run without: required options, the first member of each
    required either-or group, and the positionals that need a value."""
    needed = [a for a in command.options if a.required]
    needed += [group._group_actions[0] for group in command.parser._mutually_exclusive_groups
               if group.required]
    return needed + [a for a in command.positionals if a.nargs not in ("?", "*")]


def excludes(command: Command, one: argparse.Action, other: argparse.Action) -> bool:
    """True when the two are alternatives in one either-or group."""
    return one is not other and any(
        one in group._group_actions and other in group._group_actions
        for group in command.parser._mutually_exclusive_groups)


def argv_for(command: Command, chosen: dict[argparse.Action, list[str]]) -> list[str]:
    """The words of `command` with these arguments; positionals (in the order given)
    last, after `--`, so that a value starting with '-' stays a value."""
    argv, tail = list(command.words), []
    for action, given in chosen.items():
        if action.nargs == 0:
            argv.append(action.option_strings[0])
        elif action.option_strings:
            for value in given:
                argv += [action.option_strings[0], value]
        else:
            tail += given
    return argv + (["--", *tail] if tail else [])


def argv_with(command: Command, target: argparse.Action, value: str) -> list[str]:
    """`command` with what it requires (valid values) and `value` for `target`."""
    chosen = {a: [plausible_value(a)] for a in required(command)
              if not excludes(command, a, target)}
    chosen[target] = [value]
    order = command.parser._actions.index
    return argv_for(command, dict(sorted(chosen.items(), key=lambda item: order(item[0]))))
