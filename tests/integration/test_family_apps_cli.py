"""`familywatch apps` and `familywatch delete-records` against a real running monitor:
an app the family adds is named by the monitor without a restart, even for a process
that was already running; a deletion is audited and `verify` explains it."""

from __future__ import annotations

import json
import time
from pathlib import Path

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


# -- built-in apps: a hand edit never stops one being recorded; the PIN can ------------------

OBS_REDEFINED = ('[[app]]\nid = "obs-studio"\nname = "OBS Studio"\ncategory = "streaming"\n'
                 'processes.linux = ["obs-portable"]\n')


def family_file(sandbox: Sandbox) -> Path:
    path = Path(sandbox.env["FAMILYWATCH_DATA_DIR"]) / "catalogue.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def sessions_of(sandbox: Sandbox, pid: int) -> dict[str, str | None]:
    status = sandbox.json("status", "--json")
    return {s["kind"]: s["app"] for s in status["open_sessions"] if s["pid"] == pid}


def obs_listed(sandbox: Sandbox) -> dict:
    listed = json.loads(sandbox.familywatch("apps", "--json").stdout)
    [entry] = [a for a in listed["apps"] if a["id"] == "obs-studio"]
    return {**entry, "problems": listed["problems"]}


def test_a_hand_edit_redefining_obs_is_refused_and_obs_is_still_recorded(
        parent: Parent, processes: list, monitors: list) -> None:
    sandbox = parent.sandbox
    path = family_file(sandbox)
    path.write_text(OBS_REDEFINED, encoding="utf-8")  # by hand: no PIN, no audit
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    obs = sandbox.named_process("obs", hold=sandbox.camera)
    processes.append(obs)

    assert wait_for(lambda: sessions_of(sandbox, obs.pid) == {
        "camera": "obs-studio", "app": "obs-studio"}, timeout=20)
    refusal = (f"{path} line 1, entry 'obs-studio': this changes OBS Studio, a built-in app, "
               "but a parent has not approved it, so it is ignored and OBS Studio is still "
               "recorded as built in. A change to a built-in app needs the parent PIN: "
               "'familywatch apps approve obs-studio'")
    assert refusal in monitor.output  # the monitor's log, on its stderr
    log_file = path.parent / "familywatch.log"
    assert refusal in log_file.read_text(encoding="utf-8")
    listed = obs_listed(sandbox)
    assert listed["in_force"] is False and listed["refused"].startswith(refusal)
    assert any(p.startswith(refusal) for p in listed["problems"])
    probe = sandbox.json("probe", "--json")
    assert any(e.startswith(refusal) for e in probe["catalogue_errors"])
    assert {s["app"] for s in probe["camera"] if s["pid"] == obs.pid} == {"obs-studio"}

    # Edited again while the monitor runs: a removal by hand is refused too.
    path.write_text('[[app]]\nid = "obs-studio"\nremoved = true\n', encoding="utf-8")
    wait_for(lambda: "this stops OBS Studio, a built-in app, from being recorded, but a "
             "parent has not approved it" in monitor.output, timeout=20)
    another = sandbox.named_process("obs")  # an OBS that just runs
    processes.append(another)
    assert wait_for(lambda: sessions_of(sandbox, another.pid) == {"app": "obs-studio"},
                    timeout=20)
    assert sessions_of(sandbox, obs.pid) == {"camera": "obs-studio", "app": "obs-studio"}
    assert "catalogue-changed" not in parent.actions()
    assert monitor.stop() == 0


def test_replacing_and_removing_obs_with_the_pin_takes_effect_and_is_audited(
        parent: Parent, processes: list, monitors: list) -> None:
    sandbox = parent.sandbox
    parent.set_pin()
    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    obs = sandbox.named_process("obs")
    portable = sandbox.named_process("obs-portable")
    processes.extend([obs, portable])
    assert wait_for(lambda: sessions_of(sandbox, obs.pid) == {"app": "obs-studio"}, timeout=20)
    assert sessions_of(sandbox, portable.pid) == {}

    done = parent.with_pin("apps", "replace", "obs-studio", "--process", "obs-portable",
                           "--os", "linux")
    assert done.returncode == 0, done.stderr
    words = ("OBS Studio, a built-in app, is now also known as obs-portable and is no "
             "longer known as obs")
    assert words in done.stderr
    # No restart: the running monitor names obs-portable OBS Studio, and obs nothing.
    assert wait_for(lambda: sessions_of(sandbox, portable.pid) == {"app": "obs-studio"},
                    timeout=20)
    wait_for(lambda: sessions_of(sandbox, obs.pid) == {}, timeout=20)
    holder = sandbox.named_process("obs-portable", hold=sandbox.camera)
    processes.append(holder)
    assert wait_for(lambda: sessions_of(sandbox, holder.pid) == {
        "camera": "obs-studio", "app": "obs-studio"}, timeout=20)
    [entry] = [e for e in parent.audit() if e["action"] == "catalogue-changed"]
    assert entry["words"] == words and entry["detail"]["change"] == "replaced"
    assert any(a["words"] == words for a in sandbox.json("status", "--json")["audit"])
    report = sandbox.familywatch("report", "--day", entry["at"][:10]).stdout
    assert f"Family app list changed: {words} (by " in report
    assert obs_listed(sandbox)["in_force"] is True

    # Edited by hand afterwards: the approval is void, OBS Studio is as built in again.
    path = family_file(sandbox)
    path.write_text(path.read_text(encoding="utf-8").replace(
        '["obs-portable"]', '["obs-portable", "zoom-helper"]'), encoding="utf-8")
    wait_for(lambda: sessions_of(sandbox, obs.pid) == {"app": "obs-studio"}, timeout=20)
    wait_for(lambda: sessions_of(sandbox, portable.pid) == {}, timeout=20)
    assert "no longer matches the parent's approval" in monitor.output
    assert obs_listed(sandbox)["in_force"] is False

    # Removed with the PIN: OBS is no longer named at all.
    done = parent.with_pin("apps", "remove", "obs-studio")
    assert done.returncode == 0, done.stderr
    wait_for(lambda: sessions_of(sandbox, obs.pid) == {}, timeout=20)
    removed = [e for e in parent.audit() if e["action"] == "catalogue-changed"][-1]
    assert removed["words"] == "OBS Studio, a built-in app, is no longer recorded"
    assert removed["detail"]["change"] == "removed"

    assert parent.with_pin("apps", "restore", "obs-studio").returncode == 0
    assert wait_for(lambda: sessions_of(sandbox, obs.pid) == {"app": "obs-studio"}, timeout=20)
    assert parent.audit()[-1]["words"] == \
        "OBS Studio, a built-in app, is recorded as built in again"
    assert monitor.stop() == 0
