"""The command line as a person or a script meets it: help, exit codes, formats, errors."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.model import AppInfo, Category, EndReason, Kind, Session
from familywatch.core.ports import SessionUpdate
from familywatch.store import open_store
from tests.integration.conftest import Sandbox

COMMANDS = ("monitor", "probe", "status", "report")


def test_version(sandbox: Sandbox) -> None:
    result = sandbox.familywatch("--version")
    assert result.stdout.startswith("familywatch 0.")


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_everywhere(sandbox: Sandbox, command: str) -> None:
    result = sandbox.familywatch(*([command] if command else []), "--help")
    assert result.stdout.startswith("usage: familywatch")
    assert "--debug" in result.stdout


@pytest.mark.parametrize("args", [("nonsense",), ("report", "--day", "yesterday"),
                                  ("report", "--format", "docx"),
                                  ("report", "--day", "2026-01-01", "--week", "2026-01-01")])
def test_usage_errors_exit_2(sandbox: Sandbox, args: tuple[str, ...]) -> None:
    result = sandbox.familywatch(*args, check=False)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_bad_setting_is_one_clear_line(sandbox: Sandbox) -> None:
    sandbox.env["FAMILYWATCH_APP_POLL"] = "often"
    result = sandbox.familywatch("status", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == \
        "familywatch: FAMILYWATCH_APP_POLL='often' is not a number of seconds"


def test_database_that_is_not_a_database_is_moved_aside_and_replaced(sandbox: Sandbox) -> None:
    """A damaged database is renamed beside itself (never deleted), a fresh one is started,
    and the command goes on (exit 0) after one line on stderr naming both files."""
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    data.mkdir()
    garbage = os.urandom(4096)
    (data / "familywatch.sqlite3").write_bytes(garbage)
    result = sandbox.familywatch("report", check=False)
    assert result.returncode == 0, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    [aside] = data.glob("familywatch.corrupt-*.sqlite3")
    assert aside.read_bytes() == garbage
    assert str(aside) in result.stderr and str(data / "familywatch.sqlite3") in result.stderr
    again = sandbox.familywatch("report")  # the fresh database is sound: nothing more moved
    assert again.stderr == "" and len(list(data.glob("familywatch.corrupt-*"))) == 1


def test_unwritable_output_file(sandbox: Sandbox) -> None:
    result = sandbox.familywatch("report", "-o", str(sandbox.root / "no" / "such" / "r.txt"),
                                 check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("familywatch: cannot write") and "Traceback" not in \
        result.stderr


def seed(sandbox: Sandbox) -> datetime:
    """Two sessions yesterday evening (local), written through the real store."""
    store = open_store(f"sqlite:///{Path(sandbox.env['FAMILYWATCH_DATA_DIR'])}/"
                       "familywatch.sqlite3")
    start = (datetime.now(UTC) - timedelta(days=1)).replace(hour=17, minute=0, second=0,
                                                            microsecond=0)
    run = store.begin_run(start - timedelta(minutes=5), 1234, "family-pc")
    zoom = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)
    for kind, minutes in ((Kind.CAMERA, 25), (Kind.APP, 40)):
        row = store.add_session(Session(0, kind, 4242, "zoom", start, start, exe="/opt/zoom",
                                        user="sam", device="/dev/video0"
                                        if kind is Kind.CAMERA else None, app=zoom), run)
        end = start + timedelta(minutes=minutes)
        store.update_sessions([SessionUpdate(row, end, end, EndReason.CLOSED)])
    store.end_run(run, start + timedelta(hours=1), "stopped")
    store.close()
    return start


def test_report_formats_carry_the_same_record(sandbox: Sandbox) -> None:
    start = seed(sandbox)
    day = start.astimezone().date().isoformat()
    data = sandbox.json("report", "--day", day, "--format", "json")
    assert data["totals"] == {"camera_seconds": 1500, "microphone_seconds": 0}
    assert data["apps"] == [{"app": "zoom", "name": "Zoom", "category": "video-chat",
                             "seconds": 2400, "sessions": 1}]
    camera = next(s for s in data["sessions"] if s["kind"] == "camera")
    assert camera["pid"] == 4242 and camera["ended_by"] == "closed"
    assert datetime.fromisoformat(camera["started_at"]) == start

    rows = list(csv.DictReader(io.StringIO(
        sandbox.familywatch("report", "--day", day, "--format", "csv").stdout)))
    assert sorted((r["kind"], r["seconds"]) for r in rows) == [("app", "2400"),
                                                                ("camera", "1500")]
    text = sandbox.familywatch("report", "--day", day).stdout
    assert "Camera in use:      25 min" in text and "Zoom (video-chat): 40 min" in text

    out = sandbox.root / "week.json"
    sandbox.familywatch("report", "--week", day, "--format", "json", "-o", str(out))
    week = json.loads(out.read_text())
    assert week["totals"]["camera_seconds"] == 1500 and len(week["days"]) == 7
    # the monitor ran from 16:55 to 18:00 yesterday and not since: a gap, with its reason
    assert week["gaps"] and week["gaps"][0]["reason"] == "monitor-stopped"


def test_no_display_starts_the_headless_monitor_and_says_so(sandbox: Sandbox) -> None:
    import signal
    import subprocess
    import sys

    env = {k: v for k, v in sandbox.env.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    process = subprocess.Popen([sys.executable, "-m", "familywatch"], env=env,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "monitoring the camera" in line:
            break
    process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=20)[1]
    assert process.returncode == 0, [*lines, rest]
    assert "no display here" in lines[0] and "headless monitor" in lines[0]


def test_weekly_review_as_pdf_and_self_contained_html(sandbox: Sandbox) -> None:
    import re

    start = seed(sandbox)
    day = start.astimezone().date().isoformat()
    pdf = sandbox.root / "week.pdf"
    env = {k: v for k, v in sandbox.env.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    sandbox.env = env
    sandbox.familywatch("report", "--week", day, "--format", "pdf", "-o", str(pdf),
                        "--page-size", "Letter")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 1
    html = sandbox.familywatch("report", "--week", day, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    # xmlns="http://www.w3.org/..." names a namespace; nothing is fetched from it
    fetchable = re.sub(r'xmlns(:\w+)?="[^"]*"', "", html)
    assert not re.search(r"https?://|<link|<script\s+src", fetchable, re.IGNORECASE)
    assert "25 min" in html  # the week's camera total
    missing = sandbox.familywatch("report", "--format", "pdf", check=False)
    assert missing.returncode == 1 and "needs a file name" in missing.stderr
