"""Argument fuzz across every subcommand the parser has (derived from it, not listed):
surrogate-escaped bytes (how non-UTF-8 bytes in argv reach Python), huge numbers,
dates at the edges of what datetime holds, empty strings, control characters. Only
exit 0/1/2 and one plain line, never a traceback or "unexpected error"."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familywatch.config import resources_dir
from tests.fuzz.cli_surface import (
    FILE_TYPES,
    Command,
    argv_for,
    argv_with,
    assert_plain_outcome,
    commands,
    excludes,
    family_house,
    plausible_value,
    required,
    run,
)

COMMANDS = list(commands())
BAD = ["a\udcffb", "9" * 40, "-" + "9" * 40, "9" * 5000, "9999-12-31", "0001-01-01", "",
       "\x1b[2J\nx"]
NASTY = [
    *BAD, " ", "\t", "\n", "\r", "\x7f", "\u202e", "\ufeff", "\u00a0",
    "\udcff", "caf\udce9", "\udcc3\udc28",  # more bytes that are not UTF-8
    "9" * 19, "9223372036854775808", "0", "-1", "1e9", "0x10", "1_000", "²", "١٢", "٣٠:٠٠",
    "0001-01-03", "9999-12-26", "0002-01-01", "9998-12-31", "2026-02-29", "24:00", "23:60",
    "sun 24:00", "mon 99:99", "-", "--", "-x", "--nope", "ü", "💥", "%s%n", "{}", "'", '"',
]
# Any character argv can carry (no NUL; no '/', so random text never names a path
# outside the test's folder), and the lone surrogates that stand for undecodable bytes.
ARGV_TEXT = st.text(st.one_of(
    st.characters(blacklist_characters="\0/", blacklist_categories=("Cs",)),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)), max_size=12)
FILE_NAMES = ["schedule.toml", "out.txt", "", "-", "\udcff.toml", "missing/x", "."]


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data folder with a parent PIN, shared by the examples (as a family's grows)."""
    root = tmp_path_factory.mktemp("argfuzz")
    shutil.copy(resources_dir() / "schedule.example.toml", root / "schedule.toml")
    with family_house(root, TZ="Asia/Tokyo"):  # east of UTC: year 1 began in year 0 here
        yield root


def values(action: argparse.Action) -> st.SearchStrategy[str]:
    if action.type in FILE_TYPES:  # what files hold is tests/fuzz/test_file_inputs.py's
        return st.sampled_from(FILE_NAMES)
    usual = [str(c) for c in action.choices or ()] or [plausible_value(action)]
    return st.one_of(st.sampled_from(usual), st.sampled_from(NASTY), ARGV_TEXT)


@st.composite
def invocation(draw: st.DrawFn) -> list[str]:
    """A command with what it needs, some of it spoiled, and a few more options."""
    command: Command = draw(st.sampled_from(COMMANDS))
    extra = draw(st.lists(st.sampled_from(command.options), unique_by=id, max_size=3)
                 if command.options else st.just([]))
    needed = [a for a in required(command) if not any(excludes(command, a, b) for b in extra)]
    chosen: dict[argparse.Action, list[str]] = {}
    for action in sorted({*needed, *extra}, key=command.parser._actions.index):
        count = {"?": draw(st.integers(0, 1)), "+": draw(st.integers(1, 3)),
                 "*": draw(st.integers(0, 2)), "0": 0}.get(str(action.nargs), 1)
        chosen[action] = [draw(values(action)) for _ in range(count)]
    return argv_for(command, chosen)


def test_every_subcommand_is_fuzzed() -> None:
    """The walk finds nested commands too (a walk that found nothing would pass)."""
    names = {str(c) for c in COMMANDS}
    assert {"report", "note add", "apps add", "schedule check", "review reminder",
            "grant", "delete-records", "pin change"} <= names
    assert "monitor" not in names and len(names) >= 30


@settings(max_examples=600, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=invocation())
def test_no_argument_reaches_the_catch_all(house: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str],
                                           argv: list[str]) -> None:
    code, out, err = run(argv, monkeypatch, capsys)
    assert_plain_outcome(argv, code, out, err)


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_each_argument_with_each_kind_of_bad_value(house: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str],
                                                   command: Command) -> None:
    """Each argument of each subcommand gets every kind of bad value once while the
    others are valid: random search alone might never pair a bad name with a valid
    category, and the bad name would never reach the command."""
    for target in [*command.options, *command.positionals]:
        if target.nargs == 0 or target.type in FILE_TYPES:
            continue
        for value in BAD:
            argv = argv_with(command, target, value)
            code, out, err = run(argv, monkeypatch, capsys)
            assert_plain_outcome(argv, code, out, err)
