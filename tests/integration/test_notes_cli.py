"""`familywatch note add | list` and `review done | reminder` in real processes, and the
notes and review mark in the report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.model import EndReason, Kind, Session
from familywatch.monitor.review_records import week_label
from familywatch.store import open_store
from tests.integration.conftest import Sandbox
from tests.support.parent import Parent, enable_parent_env

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    return Parent(sandbox)


def stored_session(sandbox: Sandbox) -> int:
    url = f"sqlite:///{Path(sandbox.env['FAMILYWATCH_DATA_DIR']) / 'familywatch.sqlite3'}"
    end = datetime.now(UTC) - timedelta(minutes=1)
    with open_store(url) as store:
        return store.add_session(Session(0, Kind.CAMERA, 7, "zoom", end - timedelta(minutes=30),
                                         end, ended_at=end, ended_by=EndReason.CLOSED), None)


def test_notes_from_both_sides_are_listed_and_reported(parent: Parent,
                                                       sandbox: Sandbox) -> None:
    row = stored_session(sandbox)
    added = parent.ok("note", "add", "--session", str(row), "that", "was", "my", "class", "call")
    assert "note 1 added (child, on the session" in added.stderr
    parent.ok("note", "add", "--as", "parent", "a calm week")
    parent.ok("note", "add", "--highlight", "late-night", "--as", "parent", "let's talk")
    listed = json.loads(parent.ok("note", "list", "--json").stdout)["notes"]
    assert [(n["author"], n["target"]["kind"], n["text"]) for n in listed] == [
        ("child", "session", "that was my class call"), ("parent", "week", "a calm week"),
        ("parent", "highlight", "let's talk")]
    assert "child  on session" in parent.ok("note", "list").stdout

    report = json.loads(parent.ok("report", "--format", "json").stdout)
    assert [n["text"] for n in report["notes"]] == [n["text"] for n in listed]
    [session] = [s for s in report["sessions"] if s["id"] == row]
    assert session["outside_schedule_seconds"] == 0
    assert report["reviewed_at"] is None
    assert "child on session" in parent.ok("report").stdout

    done = parent.run("note", "add", "--session", "999", "hm")
    assert (done.returncode, done.stderr) == (1, "familywatch: there is no session 999\n")


def test_review_done_is_shown_and_the_reminder_needs_the_pin(parent: Parent) -> None:
    parent.ok("review", "done")
    report = json.loads(parent.ok("report", "--format", "json").stdout)
    assert report["reviewed_at"] is not None
    last_week = (datetime.now(UTC) - timedelta(days=7)).date()
    parent.ok("review", "done", "--week", last_week.isoformat())
    listed = parent.ok("note", "list", "--week", last_week.isoformat(), "--json").stdout
    assert json.loads(listed)["notes"] == []
    assert week_label(last_week) != week_label(datetime.now(UTC).date())

    assert parent.ok("review", "reminder").stdout == "sun 18:00\n"
    no_pin = parent.run("review", "reminder", "sat 10:00", stdin="2468\n")
    assert no_pin.returncode == 1 and "PIN" in no_pin.stderr
    parent.set_pin()
    bad = parent.with_pin("review", "reminder", "someday")
    assert bad.returncode == 1 and "expected a day and a time" in bad.stderr
    assert parent.with_pin("review", "reminder", "sat 10:00").returncode == 0
    assert parent.ok("review", "reminder").stdout == "sat 10:00\n"
    assert parent.actions() == ["pin-set", "review-reminder-changed"]
