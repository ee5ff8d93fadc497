"""`familywatch apps` and `familywatch delete-records` against a real running monitor:
an app the family adds is named by the monitor without a restart, even for a process
that was already running; a deletion is audited and `verify` explains it."""

from __future__ import annotations

import json
import time

import pytest

from tests.integration.conftest import Sandbox, wait_for
from tests.support.parent import Parent, enable_parent_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.fixture
def parent(sandbox: Sandbox) -> Parent:
    enable_parent_env(sandbox)
    return Parent(sandbox)


def app_session(sandbox: Sandbox, pid: int) -> dict | None:
    status = sandbox.json("status", "--json")
    return next((s for s in status["open_sessions"]
                 if s["kind"] == "app" and s["pid"] == pid), None)


def test_an_added_app_is_named_by_the_running_monitor(
        parent: Parent, processes: list, monitors: list) -> None:
    sandbox = parent.sandbox
    parent.set_pin()
    before = sandbox.named_process("bigolive")  # running before anyone added it
    processes.append(before)
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    time.sleep(1.5)  # three app polls (FAMILYWATCH_APP_POLL=0.5)
    assert app_session(sandbox, before.pid) is None  # not on the list: not an app

    done = parent.with_pin("apps", "add", "Bigo Live", "--category", "streaming",
                           "--process", "bigolive", "--os", "linux")
    assert done.returncode == 0, done.stderr
    assert "added Bigo Live as 'bigo-live'" in done.stderr
    session = wait_for(lambda: app_session(sandbox, before.pid), timeout=20)
    assert session["app"] == "bigo-live"
    listed = json.loads(sandbox.familywatch("apps", "--json").stdout)
    assert [(a["id"], a["category"]) for a in listed["apps"]] == [("bigo-live", "streaming")]
    assert parent.actions()[-1] == "catalogue-changed"

    assert parent.with_pin("apps", "remove", "bigo-live", pin="0000").returncode == 1
    assert parent.with_pin("apps", "remove", "bigo-live").returncode == 0
    wait_for(lambda: app_session(sandbox, before.pid) is None, timeout=20)
    assert parent.actions()[-2:] == ["pin-failed", "catalogue-changed"]
    assert monitor.stop() == 0


def test_delete_records_then_verify_explains_the_missing_rows(
        parent: Parent, processes: list, monitors: list) -> None:
    sandbox = parent.sandbox
    parent.set_pin()
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    holder = sandbox.named_process("zoom", hold=sandbox.camera, seconds=2)
    processes.append(holder)
    holder.wait(timeout=10)
    wait_for(lambda: not sandbox.json("status", "--json")["open_sessions"]
             or all(s["kind"] == "app" for s in sandbox.json("status", "--json")
                    ["open_sessions"]), timeout=20)
    assert monitor.stop() == 0  # its sweep at stop seals the finished session and run

    done = parent.with_pin("delete-records", "--all")
    assert done.returncode == 0, done.stderr
    assert "deleted everything that had ended:" in done.stderr
    assert "session" in done.stderr
    [entry] = [e for e in parent.audit() if e["action"] == "data-deleted"]
    assert entry["detail"]["by"] == "parent" and entry["detail"]["sessions"] >= 1
    verified = sandbox.familywatch("verify", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    said = verified.stdout + verified.stderr
    assert "removed by recorded deletions (retention or a parent)" in said
