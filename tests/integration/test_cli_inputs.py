"""Inputs at the edges, through the real `python -m familywatch`: dates datetime can't
hold around, numbers SQLite can't store, bytes that are not UTF-8, files that are not
files. Each is one clear line and exit 1 or 2, nothing is stored or changed, and
nothing waits forever (every call has a timeout)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from familywatch.config import resources_dir
from tests.integration.conftest import Sandbox
from tests.support.parent import Parent, enable_parent_env

SCHEDULE = (resources_dir() / "schedule.example.toml").read_text(encoding="utf-8")
NOT_UTF8 = "a\udcffb"  # how `$(printf 'a\xffb')` reaches Python: a surrogate escape
FORTY_DIGITS = "1234567890" * 4


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    return Parent(sandbox)


def usage_error(done: subprocess.CompletedProcess[str]) -> str:
    """The one line saying what is wrong, after argparse's usage synopsis (exit 2)."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    *synopsis, problem = done.stderr.splitlines()
    assert synopsis[0].startswith("usage: familywatch ")
    assert all(line.startswith(" ") for line in synopsis[1:]), done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    return problem


def failure(done: subprocess.CompletedProcess[str]) -> str:
    """The one line of a failure (exit 1)."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    [line] = done.stderr.splitlines()
    assert "unexpected error" not in line
    return line


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(("option", "day"), [("--day", "9999-12-31"), ("--week", "0001-01-03"),
                                             ("--day", "0001-01-01")])
def test_a_day_whose_period_datetime_cannot_hold_is_refused(sandbox: Sandbox, option: str,
                                                            day: str) -> None:
    sandbox.env["TZ"] = "Asia/Tokyo"  # east of UTC: year 1's first midnight is in year 0
    out = sandbox.root / "review.html"
    done = sandbox.familywatch("report", option, day, "--format", "html", "-o", str(out),
                               check=False)
    assert usage_error(done) == (
        f"familywatch report: error: argument {option}: {day} is outside the days "
        "FamilyWatch can show (0002-01-01 to 9998-12-31)")
    assert not out.exists()


@pytest.mark.parametrize("tz", ["Asia/Tokyo", "America/Los_Angeles", "UTC"])
@pytest.mark.parametrize(("option", "day"), [("--day", "0002-01-01"), ("--week", "0002-01-01"),
                                             ("--day", "9998-12-31"), ("--week", "9998-12-31")])
def test_the_first_and_last_days_that_can_be_shown_are_shown(sandbox: Sandbox, tz: str,
                                                             option: str, day: str) -> None:
    """In every format, the review's HTML included (it also reads the week before)."""
    sandbox.env["TZ"] = tz
    for fmt in ("text", "json", "csv", "html"):
        done = sandbox.familywatch("report", option, day, "--format", fmt, check=False)
        assert done.returncode == 0 and done.stdout, (fmt, done.stderr)


def test_a_note_on_a_week_past_the_last_day_is_refused(sandbox: Sandbox) -> None:
    done = sandbox.familywatch("note", "add", "--week", "9999-12-31", "hello", check=False)
    assert usage_error(done).endswith("argument --week: 9999-12-31 is outside the days "
                                      "FamilyWatch can show (0002-01-01 to 9998-12-31)")
    assert sandbox.json("note", "list", "--json")["notes"] == []


# -- numbers ------------------------------------------------------------------------------
def test_a_session_id_too_big_for_sqlite_is_refused(sandbox: Sandbox) -> None:
    done = sandbox.familywatch("note", "add", "--session", FORTY_DIGITS, "that was school",
                               check=False)
    assert usage_error(done) == (
        f"familywatch note add: error: argument --session: '{FORTY_DIGITS}' is not a "
        "session number (a whole number from 1 to 9223372036854775807)")
    assert sandbox.json("note", "list", "--json")["notes"] == []


def test_a_request_number_too_big_is_refused_before_the_pin(parent: Parent) -> None:
    parent.set_pin()
    done = parent.with_pin("grant", FORTY_DIGITS)
    assert usage_error(done) == (
        f"familywatch grant: error: argument ID: '{FORTY_DIGITS}' is not a request number "
        "(a whole number from 1 to 9223372036854775807)")
    assert parent.actions() == ["pin-set"]


# -- text that is not UTF-8 ----------------------------------------------------------------
def test_a_reason_that_is_not_utf8_is_refused_and_nothing_is_asked(sandbox: Sandbox) -> None:
    done = sandbox.familywatch("ask", "--minutes", "15", "--reason", NOT_UTF8, check=False)
    assert usage_error(done) == (
        "familywatch ask: error: argument --reason: 'a\\xffb' is not UTF-8 text (it holds "
        "bytes of another encoding); set the terminal to UTF-8 and type it again")
    assert sandbox.json("requests", "--json")["requests"] == []


def test_a_note_that_is_not_utf8_is_refused_and_nothing_is_noted(sandbox: Sandbox) -> None:
    done = sandbox.familywatch("note", "add", "caf\udce9", "time", check=False)
    assert usage_error(done).startswith(
        "familywatch note add: error: argument TEXT: 'caf\\xe9' is not UTF-8 text")
    assert sandbox.json("note", "list", "--json")["notes"] == []


@pytest.mark.parametrize(("args", "named"), [
    ((NOT_UTF8, "--process", "bigolive"), "argument NAME: 'a\\xffb'"),
    (("Bigo Live", "--process", NOT_UTF8), "argument --process: 'a\\xffb'")])
def test_an_app_name_that_is_not_utf8_is_refused_before_the_pin(
        parent: Parent, args: tuple[str, ...], named: str) -> None:
    parent.set_pin()
    done = parent.with_pin("apps", "add", "--category", "streaming", *args)
    assert f"familywatch apps add: error: {named} is not UTF-8 text" in usage_error(done)
    assert not (Path(parent.sandbox.env["FAMILYWATCH_DATA_DIR"]) / "catalogue.toml").exists()
    assert parent.actions() == ["pin-set"]  # no PIN try spent, no change audited


def test_a_note_with_control_characters_is_refused(sandbox: Sandbox) -> None:
    """A newline or an escape sequence would forge lines in `note list` and reports."""
    done = sandbox.familywatch("note", "add", "fine\n   1  week of 2026-03-02  parent on the "
                               "week: \x1b[2Jall good", check=False)
    assert "holds a control character (\\n); use plain text" in usage_error(done)
    assert sandbox.json("note", "list", "--json")["notes"] == []


def test_a_file_name_that_is_not_utf8_works_and_is_shown_escaped(sandbox: Sandbox) -> None:
    """File names may hold any bytes. Where stdout is strict UTF-8 (a desktop's
    en_GB.UTF-8; here PYTHONIOENCODING) printing the name used to crash."""
    name = Path(os.fsdecode(bytes(sandbox.root) + b"/sch\xe9ma.toml"))
    name.write_text(SCHEDULE, encoding="utf-8")
    sandbox.env["PYTHONIOENCODING"] = "utf-8:strict"
    done = sandbox.familywatch("schedule", "check", str(name), check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{sandbox.root}/sch\\udce9ma.toml is a valid schedule")


# -- files that are not small regular files -------------------------------------------------
def _special(root: Path, kind: str) -> Path:
    if kind == "/dev/zero":
        return Path("/dev/zero")
    path = root / f"{kind}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "sparse 8 GB":
        with path.open("wb") as handle:
            handle.truncate(8 << 30)
    elif kind == "nested":
        path.write_text("version = 1\ncamera.hours.mon = " + "[" * 5000 + "\n")
    return path


EXPECTED = {
    "/dev/zero": "cannot read /dev/zero: it is a device, not a regular file",
    "fifo": "cannot read {path}: it is a pipe (FIFO), not a regular file",
    "folder": "cannot read {path}: it is a folder, not a regular file",
    "sparse 8 GB": "cannot read {path}: it is 8,589,934,592 bytes, more than the 1,000,000 "
                   "bytes FamilyWatch reads from a file",
    "nested": "{path} line 2: not valid TOML: arrays or tables are nested too deeply ('[' or "
              "'{{' inside one another hundreds of times)",
}


@pytest.mark.parametrize("kind", EXPECTED)
def test_schedule_check_refuses_what_is_not_a_small_file_at_once(sandbox: Sandbox,
                                                                 kind: str) -> None:
    path = _special(sandbox.root, kind)
    done = sandbox.familywatch("schedule", "check", str(path), check=False, timeout=30)
    assert failure(done) == "familywatch: " + EXPECTED[kind].format(path=path)


@pytest.mark.parametrize("kind", EXPECTED)
def test_schedule_import_refuses_it_before_the_pin_and_keeps_the_schedule(
        parent: Parent, kind: str) -> None:
    parent.set_pin()
    parent.import_schedule(SCHEDULE)
    before = parent.exported()
    path = _special(parent.sandbox.root, kind)
    done = parent.with_pin("schedule", "import", str(path))
    assert failure(done) == "familywatch: " + EXPECTED[kind].format(path=path)
    assert parent.exported() == before
    assert parent.actions() == ["pin-set", "schedule-changed"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "/dev/zero", "sparse 8 GB"])
def test_the_app_list_in_the_data_folder_is_refused_when_it_is_not_a_small_file(
        sandbox: Sandbox, kind: str) -> None:
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    data.mkdir()
    special = _special(sandbox.root, kind)
    target = data / "catalogue.toml"
    if kind in ("fifo", "folder"):
        special.rename(target)
    else:
        target.symlink_to(special)
    done = sandbox.familywatch("apps", "--json", check=False, timeout=30)
    # Listed as a mistake in the family's file, like any other (never waited on or read whole).
    assert done.returncode == 0, done.stderr
    [problem] = json.loads(done.stdout)["problems"]
    assert problem.startswith(f"cannot read {target}: it is "), problem


def test_a_fifo_in_place_of_the_monitor_lock_is_refused(sandbox: Sandbox) -> None:
    from familywatch.runtime_folder import make_private, runtime_folder

    folder = runtime_folder(Path(sandbox.env["FAMILYWATCH_DATA_DIR"]), sandbox.env)
    make_private(folder)
    os.mkfifo(folder / "monitor.lock")
    for command in ("status", "monitor"):
        done = sandbox.familywatch(command, check=False, timeout=30)
        assert failure(done) == (f"familywatch: cannot read {folder / 'monitor.lock'}: it is "
                                 "a pipe (FIFO), not a regular file")


def test_a_fifo_in_place_of_the_pin_lockout_record_counts_as_tampering(parent: Parent) -> None:
    """Read as a full round of wrong PINs (as a garbled record is), never waited on."""
    parent.set_pin()
    record = Path(parent.sandbox.env["FAMILYWATCH_DATA_DIR"]) / "pin-lockout.json"
    record.unlink()
    os.mkfifo(record)
    done = parent.with_pin("pause", "--minutes", "5", pin="0000")
    assert failure(done).startswith("familywatch: wrong PIN: 5 wrong in a row, so no PIN is "
                                    "accepted until ")
    assert json.loads(record.read_text())["failures"] == 5
