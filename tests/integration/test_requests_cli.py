"""`familywatch ask` (no PIN), `grant` / `decline` (PIN) and `requests`, in real processes:
what each says, what it records, and that everyone sees it."""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import Sandbox
from tests.support.parent import Parent, enable_parent_env

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    made = Parent(sandbox)
    made.set_pin()
    return made


def requests(parent: Parent) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = json.loads(
        parent.ok("requests", "--json").stdout)["requests"]
    return listed


def test_ask_then_grant_adds_the_minutes_and_is_audited(parent: Parent) -> None:
    assert parent.ok("requests").stdout == "Nobody has asked for more time yet.\n"
    asked = parent.ok("ask", "--minutes", "20", "--reason", "school project")
    assert "asked for 20 more minutes (request 1)" in asked.stderr
    [waiting] = requests(parent)
    assert (waiting["minutes"], waiting["reason"], waiting["answer"]) == \
        (20, "school project", None)
    assert "waiting for a parent" in parent.ok("requests").stdout
    status = json.loads(parent.ok("status", "--json").stdout)
    assert [r["id"] for r in status["open_requests"]] == [1]

    done = parent.with_pin("grant", "--minutes", "15")
    assert done.returncode == 0, done.stderr
    assert "granted 15 more minutes today" in done.stderr
    [granted] = requests(parent)
    assert (granted["answer"], granted["granted_minutes"]) == ("granted", 15)
    assert parent.actions() == ["pin-set", "time-requested", "exception-granted"]
    assert "Exception on" in parent.ok("schedule", "show").stdout
    report = json.loads(parent.ok("report", "--format", "json").stdout)
    assert [r["answer"] for r in report["requests"]] == ["granted"]
    assert [a["action"] for a in report["audit"]] == \
        ["pin-set", "time-requested", "exception-granted"]


def test_decline_needs_the_right_pin_and_an_open_request(parent: Parent) -> None:
    nothing = parent.with_pin("decline")
    assert (nothing.returncode, nothing.stderr) == \
        (1, "familywatch: there is no open request for more time\n")
    parent.ok("ask", "--minutes", "30")
    wrong = parent.with_pin("decline", "1", pin="1111")
    assert wrong.returncode == 1 and "wrong PIN" in wrong.stderr
    assert requests(parent)[0]["answer"] is None
    assert parent.with_pin("decline", "1").returncode == 0
    assert requests(parent)[0]["answer"] == "declined"
    assert parent.actions() == ["pin-set", "time-requested", "pin-failed", "request-declined"]
    text = parent.ok("report").stdout
    assert "asked for 30 minutes: declined" in text
    assert "A request for more time was declined" in text


def test_ask_refuses_nonsense_before_recording(parent: Parent) -> None:
    done = parent.run("ask", "--minutes", "0")
    assert done.returncode == 2 and "'0' is not a number of minutes" in done.stderr
    assert requests(parent) == []
