"""`familywatch schedule ...` and `allow`: real processes, real SQLite, a real (file) keyring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.conftest import Sandbox
from tests.support.parent import Parent, enable_parent_env

GOOD = """\
# our school-night rules
version = 1

[camera]
action = "remind"
daily_minutes = 60

[camera.hours]
weekdays = ["16:00-20:00"]
weekend = ["09:00-20:30"]
"""

BAD = {
    "unknown-day": ('version = 1\n[camera]\naction = "remind"\n\n[camera.hours]\n'
                    'weekdays = ["16:00-20:00"]\nfunday = ["10:00-12:00"]\n',
                    7, "'funday' is not a known day in 'camera.hours' (use everyday, weekdays, "
                    "weekend, mon, tue, wed, thu, fri, sat, sun)"),
    "25:00": ('version = 1\n[camera]\naction = "remind"\n\n[camera.hours]\n'
              'weekdays = ["16:00-20:00"]\nmon = ["16:00-25:00"]\n',
              7, "'camera.hours.mon': '25:00' is not a time (use HH:MM, 00:00–24:00)"),
    "overlapping": ('version = 1\n[camera]\n\n[camera.hours]\nfri = ["22:00-01:00"]\n'
                    'sat = ["00:30-12:00"]\n',
                    6, "'camera.hours.sat': '00:30-12:00' on sat overlaps '22:00-01:00' on fri "
                    "(from 'camera.hours.fri')"),
}


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    return Parent(sandbox)


def test_without_a_schedule_show_says_so_and_export_is_an_empty_schedule(parent: Parent) -> None:
    shown = parent.ok("schedule", "show").stdout
    assert "No schedule is set" in shown and "docs/schedules.md" in shown
    assert parent.ok("schedule").stdout == shown  # `schedule` alone shows it
    assert "version = 1" in parent.exported()


def test_check_describes_a_good_file_without_a_pin_and_changes_nothing(parent: Parent) -> None:
    path = parent.write("good.toml", GOOD)
    done = parent.ok("schedule", "check", path)
    assert f"{path} is a valid schedule" in done.stdout
    assert "Camera hours: Mon–Fri 16:00–20:00; Sat–Sun 09:00–20:30." in done.stdout
    assert "Camera time a day: every day 60 min." in done.stdout
    assert "No schedule is set" in parent.ok("schedule", "show").stdout
    assert parent.actions() == []


@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("action", ["check", "import"])
def test_a_malformed_file_names_its_line_and_changes_nothing(parent: Parent, case: str,
                                                            action: str) -> None:
    parent.set_pin()
    parent.import_schedule(GOOD)
    before, actions = parent.exported(), parent.actions()
    text, line, problem = BAD[case]
    path = parent.write("bad.toml", text)

    done = parent.with_pin("schedule", action, path)

    assert done.returncode == 1
    assert done.stderr == f"familywatch: {path} line {line}: {problem}\n"
    assert parent.exported() == before
    assert parent.actions() == actions  # not even a PIN try was spent


def test_import_needs_the_pin_and_is_audited_with_the_file(parent: Parent) -> None:
    parent.set_pin()
    path = parent.write("rules.toml", GOOD)
    done = parent.with_pin("schedule", "import", path)
    assert done.returncode == 0, done.stderr
    assert "it applies now" in done.stderr
    assert parent.exported() == GOOD  # comments and all, as the parent wrote it
    shown = parent.ok("schedule", "show").stdout
    assert "At a camera limit: a reminder 10 min before the limit" in shown
    assert "# our school-night rules" in shown
    [set_pin, changed] = parent.audit()
    assert (set_pin["action"], changed["action"]) == ("pin-set", "schedule-changed")
    detail = changed["detail"]
    assert (detail["file"], detail["schedule"]) == (path, GOOD)
    assert detail["before"] == ["Camera: no limits (only recorded).",
                                "Microphone: only recorded."]
    assert "Camera hours: Mon–Fri 16:00–20:00; Sat–Sun 09:00–20:30." in detail["after"]
    assert "before: Camera: no limits" in parent.ok("audit").stdout


def test_import_with_a_wrong_pin_changes_nothing_and_is_counted(parent: Parent) -> None:
    parent.set_pin()
    done = parent.with_pin("schedule", "import", parent.write("rules.toml", GOOD), pin="1111")
    assert done.returncode == 1
    assert done.stderr == "familywatch: wrong PIN (3 tries left before a 30 s wait)\n"
    assert "No schedule is set" in parent.ok("schedule", "show").stdout
    [_, failed] = parent.audit()
    assert failed["action"] == "pin-failed"
    assert failed["detail"] == {"for": "schedule import", "failures": 1}
    assert failed["words"] == "wrong PIN for schedule import (1 in a row)"  # as in status


def test_import_without_a_pin_set_says_how_to_set_one(parent: Parent) -> None:
    done = parent.with_pin("schedule", "import", parent.write("rules.toml", GOOD))
    assert done.returncode == 1
    assert "no parent PIN is set yet (set one with 'familywatch pin set')" in done.stderr


def test_without_a_keyring_nothing_changes_and_the_message_says_how_to_fix_it(
        parent: Parent) -> None:
    env = parent.sandbox.env | {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = parent.run("schedule", "import", parent.write("rules.toml", GOOD), stdin="2468\n",
                      env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("familywatch: No usable keyring for the parent PIN")
    assert "GNOME Keyring or KWallet" in done.stderr
    assert "No schedule is set" in parent.ok("schedule", "show").stdout
    assert parent.actions() == []


def test_export_writes_a_file_that_imports_back(parent: Parent) -> None:
    parent.set_pin()
    parent.import_schedule(GOOD)
    out = parent.sandbox.root / "copy.toml"
    parent.ok("schedule", "export", str(out))
    assert out.read_text(encoding="utf-8") == GOOD
    assert parent.ok("schedule", "check", str(out)).returncode == 0


def test_allow_grants_today_shows_it_and_audits_the_reason(parent: Parent) -> None:
    parent.set_pin()
    parent.import_schedule(GOOD)
    assert parent.with_pin("allow", "--minutes", "30", "--reason", "class video call"
                           ).returncode == 0
    until = (datetime.now(UTC) + timedelta(minutes=2)).strftime("%H:%M")
    if until > "00:01":  # not across midnight: "until" is a time today
        assert parent.with_pin("allow", "--until", until).returncode == 0
    shown = parent.ok("schedule", "show").stdout
    assert "30 extra minutes" in shown
    granted = [e for e in parent.audit() if e["action"] == "exception-granted"]
    assert granted[0]["detail"]["reason"] == "class video call"
    assert granted[0]["detail"]["date"] == datetime.now(UTC).date().isoformat()
    text = parent.ok("audit").stdout
    assert "exception-granted" in text and "(class video call)" in text
    assert parent.exported() == GOOD  # exceptions granted on the spot don't edit the file


def test_allow_refuses_a_time_already_past_before_asking_for_the_pin(parent: Parent) -> None:
    parent.set_pin()
    done = parent.with_pin("allow", "--until", "00:00")
    assert done.returncode == 1 and "has already passed today" in done.stderr
    assert parent.actions() == ["pin-set"]


@pytest.mark.parametrize("args", [("allow",), ("allow", "--minutes", "0"),
                                  ("allow", "--until", "25:00"), ("schedule", "check"),
                                  ("retention", "0"), ("pin",)])
def test_usage_errors_exit_2(parent: Parent, args: tuple[str, ...]) -> None:
    done = parent.run(*args)
    assert done.returncode == 2 and "usage:" in done.stderr
