"""Two processes sealing the same database at once (the monitor's sweep and the command
line after `familywatch delete-records`) must extend one chain, never fork it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from familywatch.store import open_store
from familywatch.store.integrity import chain_length, verify

KEY = bytes(range(32))
ROUNDS = 40

SEALER = f"""
import sys
from datetime import UTC, datetime, timedelta
from familywatch.core.ports import AuditAction, AuditEntry
from familywatch.store import open_store
from familywatch.store.integrity import seal

store = open_store("sqlite:///" + sys.argv[1])
at = datetime(2026, 3, 1, tzinfo=UTC)
for n in range({ROUNDS}):
    store.add_audit(AuditEntry(at + timedelta(seconds=n), AuditAction.PAUSED, "pc",
                               sys.argv[2], {{"minutes": n}}))
    seal(store.engine, {KEY!r})
store.close()
"""


@pytest.mark.timeout(120)
def test_two_processes_sealing_at_once_keep_one_intact_chain(tmp_path: Path) -> None:
    db = tmp_path / "fw.sqlite3"
    open_store(f"sqlite:///{db}").close()  # created and migrated before the race
    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.Popen([sys.executable, "-c", SEALER, str(db), who], cwd=root,
                             stderr=subprocess.PIPE, text=True) for who in ("monitor", "cli")]
    for run in runs:
        _, err = run.communicate(timeout=100)
        assert run.returncode == 0, err
    store = open_store(f"sqlite:///{db}")
    try:
        assert chain_length(store.engine) == 2 * ROUNDS
        verdict = verify(store.engine, KEY)
        assert verdict.intact, verdict.problem
        assert verdict.since == datetime(2026, 3, 1, tzinfo=UTC)
    finally:
        store.close()
