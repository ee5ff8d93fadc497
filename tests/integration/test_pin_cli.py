"""`familywatch pin`, wrong PINs, lock-outs, and the audit log everyone can read."""

from __future__ import annotations

import json
import re

import pytest

from tests.integration.conftest import Sandbox
from tests.support.parent import PIN, Parent, enable_parent_env


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    return Parent(sandbox)


def test_set_once_then_only_change(parent: Parent) -> None:
    parent.set_pin()
    again = parent.run("pin", "set", stdin="1357\n")
    assert again.returncode == 1
    assert again.stderr == ("familywatch: a parent PIN is already set; to change it use "
                            "'familywatch pin change'\n")
    record = json.loads((parent.sandbox.root / "keyring.json").read_text(encoding="utf-8"))
    assert PIN not in record["familywatch/parent-pin"]  # only the scrypt hash is kept

    assert parent.run("pin", "change", stdin=f"{PIN}\n1357\n").returncode == 0
    assert parent.with_pin("resume", pin="1357").returncode == 0  # not paused: nothing asked
    assert parent.with_pin("retention", "90", pin="1357").returncode == 0
    assert parent.with_pin("retention", "30", pin=PIN).returncode == 1  # the old PIN is gone
    assert parent.actions() == ["pin-set", "pin-changed", "retention-changed", "pin-failed"]


def test_a_weak_pin_is_refused_and_nothing_is_set(parent: Parent) -> None:
    done = parent.run("pin", "set", stdin="12\n")
    assert done.returncode == 1
    assert done.stderr == "familywatch: a PIN needs at least 4 digits\n"
    assert parent.actions() == []
    assert parent.run("pin", "change", stdin=f"{PIN}\n9753\n").stderr == \
        "familywatch: no parent PIN is set yet (set one with 'familywatch pin set')\n"


def test_a_weak_new_pin_does_not_cost_a_try(parent: Parent) -> None:
    parent.set_pin()
    done = parent.run("pin", "change", stdin="0000\n12\n")
    assert done.returncode == 1 and "at least 4 digits" in done.stderr
    assert parent.actions() == ["pin-set"]


def test_no_pin_on_stdin_is_a_clear_error(parent: Parent) -> None:
    parent.set_pin()
    done = parent.run("pause", stdin="")
    assert done.returncode == 1
    assert done.stderr == "familywatch: no PIN was given on standard input\n"


def test_wrong_pins_count_down_then_lock_out_and_everything_is_audited(parent: Parent) -> None:
    parent.set_pin()
    messages = [parent.with_pin("pause", pin="0000").stderr for _ in range(5)]
    assert messages[:4] == [
        "familywatch: wrong PIN (3 tries left before a 30 s wait)\n",
        "familywatch: wrong PIN (2 tries left before a 30 s wait)\n",
        "familywatch: wrong PIN (1 try left before a 30 s wait)\n",
        "familywatch: wrong PIN (another wrong PIN means a 30 s wait)\n",
    ]
    assert re.fullmatch(r"familywatch: wrong PIN: 5 wrong in a row, so no PIN is accepted "
                        r"until \d\d:\d\d:\d\d\n", messages[4])

    locked = parent.with_pin("pause")  # even the right PIN is not checked now
    assert locked.returncode == 1
    assert re.fullmatch(r"familywatch: too many wrong PINs \(5 in a row\): try again after "
                        r"\d\d:\d\d:\d\d\n", locked.stderr)
    assert "paused" not in parent.actions()

    entries = parent.audit()  # no PIN needed to read it
    assert [e["action"] for e in entries] == ["pin-set"] + ["pin-failed"] * 5 + \
        ["pin-locked-out"]
    assert [e["detail"]["failures"] for e in entries[1:6]] == [1, 2, 3, 4, 5]
    assert entries[-1]["detail"]["until"]
    text = parent.ok("audit").stdout
    assert "pin-locked-out" in text and "no PIN accepted until" in text


def test_pause_resume_and_retention_are_audited_for_everyone(parent: Parent) -> None:
    parent.set_pin()
    assert "monitoring paused until" in parent.with_pin("pause", "--minutes", "30").stderr
    assert "Monitoring is paused until" in parent.ok("schedule", "show").stdout
    assert parent.with_pin("resume").returncode == 0
    assert "not paused" in parent.run("resume").stderr  # no PIN asked, nothing written
    assert parent.with_pin("pause").returncode == 0
    assert parent.with_pin("retention", "90").returncode == 0
    entries = parent.audit()
    assert [e["action"] for e in entries] == ["pin-set", "paused", "resumed", "paused",
                                              "retention-changed"]
    assert entries[1]["detail"]["minutes"] == 30 and entries[3]["detail"]["until"] is None
    assert entries[4]["detail"] == {"from": 180, "to": 90}
    assert all(e["os_user"] and e["host"] for e in entries)
    text = parent.ok("audit").stdout.splitlines()
    assert text[1].endswith("for 30 minutes") and " paused " in text[1]
