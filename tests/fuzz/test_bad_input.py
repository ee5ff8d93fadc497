"""Bad input everywhere: only clear errors, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familywatch.cli import main
from familywatch.core.catalogue import parse_catalogue
from familywatch.core.schedule_file import ScheduleError, parse_schedule

TOML_ISH = st.text(alphabet=st.sampled_from(list('[]=."\'#\n abc0123456789:-_,{}mondayrulescamera'
                                                 'hours')), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TOML_ISH, st.text(max_size=200)))
def test_schedule_parser_raises_only_schedule_errors(text: str) -> None:
    try:
        parse_schedule(text)
    except ScheduleError as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TOML_ISH, st.text(max_size=200)))
def test_catalogue_parser_reports_problems_as_text(text: str) -> None:
    entries, problems = parse_catalogue(text, "fuzz.toml")
    assert all(isinstance(p, str) and p for p in problems)
    assert isinstance(entries, list)


# Commands that return (monitor, tray and the bare command run until stopped).
COMMANDS = ["status", "report", "probe", "audit", "schedule", "--version", "-h"]
WORDS = st.sampled_from(["--json", "--day", "--week", "--format", "csv", "pdf", "html", "-o",
                         "2026-02-30", "2026-03-02", "x", "", "--page-size", "A4", "--debug",
                         "show", "--help", "-v", "ü", "--", "-"])
TEXT = st.text(alphabet=st.characters(blacklist_characters="\0"), max_size=8)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(COMMANDS), st.lists(st.one_of(WORDS, TEXT), max_size=4))
def test_cli_never_shows_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str], command: str,
                                     rest: list[str]) -> None:
    monkeypatch.setenv("FAMILYWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    argv = [command, *(w for w in rest if w not in ("--debug",))]
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse: --help/--version (0) and usage errors (2)
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err + out, argv
    assert "unexpected error" not in err, (argv, err)


def test_nul_in_an_output_path_is_a_plain_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAMILYWATCH_DATA_DIR", str(tmp_path / "data"))
    assert main(["report", "-o", "\0"]) == 1
    assert "unexpected error" not in capsys.readouterr().err
