"""The real `familywatch monitor` process: a damaged database at start, then sealing, a
kill -9, and `familywatch verify` finding an edit made with SQLite directly."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

from tests.integration.conftest import (  # noqa: F401 - fixtures
    Sandbox,
    monitors,
    processes,
    sandbox,
    wait_for,
)
from tests.support.parent import enable_parent_env


def test_damaged_database_then_sealed_record_then_tampering(
        sandbox: Sandbox, monitors: list, processes: list) -> None:  # noqa: F811
    enable_parent_env(sandbox)  # a file keyring the subprocesses share
    data = Path(sandbox.env["FAMILYWATCH_DATA_DIR"])
    data.mkdir()
    garbage = os.urandom(3000)
    (data / "familywatch.sqlite3").write_bytes(garbage)

    monitor = sandbox.start_monitor()
    monitors.append(monitor)
    [aside] = data.glob("familywatch.corrupt-*.sqlite3")
    assert aside.read_bytes() == garbage
    assert f"moved aside to {aside}" in monitor.output

    holder = sandbox.named_process("obs", hold=sandbox.camera)
    processes.append(holder)
    wait_for(lambda: sandbox.json("status", "--json")["open_sessions"])
    time.sleep(1.5)
    holder.kill()
    holder.wait()
    wait_for(lambda: not sandbox.json("status", "--json")["open_sessions"])
    assert monitor.stop() == 0  # stopping seals what is final

    intact = sandbox.familywatch("verify")
    assert intact.stdout.startswith("record intact since"), intact
    with sqlite3.connect(data / "familywatch.sqlite3") as tool:
        tool.execute("UPDATE sessions SET process = 'calculator' WHERE kind = 'camera'")
    altered = sandbox.familywatch("verify", check=False)
    assert altered.returncode == 1
    assert "was altered after it was recorded" in altered.stderr, altered

    # A monitor killed outright: the next start closes its run as crashed, nothing else.
    again = sandbox.start_monitor()
    monitors.append(again)
    again.process.send_signal(signal.SIGKILL)
    again.process.wait(timeout=10)
    assert "moved aside" not in again.output  # the fresh database is sound
