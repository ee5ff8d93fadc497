"""Tamper evidence end to end: the monitor seals, `familywatch verify` checks, and edits or
deletions made with SQLite directly (as the sqlite3 tool would) are found."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest

from familywatch.cli import main
from familywatch.core.ports import AuditAction, AuditEntry
from familywatch.monitor.integrity import Sealer
from familywatch.security.integrity_key import IntegrityKey
from familywatch.store.integrity import chain_length, verify
from tests.security.keyring_backends import ENABLE, MemoryKeyring

from .conftest import HOST, T0, Rig, camera_on, make_rig


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.setenv(ENABLE, "1")
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def sealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           memory_keyring: MemoryKeyring) -> Iterator[tuple[Rig, Path]]:
    data = tmp_path / "data"
    monkeypatch.setenv("FAMILYWATCH_DATA_DIR", str(data))
    db = data / "familywatch.sqlite3"
    rig, _ = make_rig(db)
    rig.monitor.sealer = Sealer(rig.store, IntegrityKey(memory_keyring))
    rig.start()
    for pid in (1, 2, 3):
        rig.camera.held = [camera_on(pid)]
        for _ in range(3):
            rig.tick(2)
    rig.store.add_audit(AuditEntry(rig.clock.now(), AuditAction.PAUSED, HOST, "mum",
                                   {"minutes": 5}))
    rig.monitor.stop()
    yield rig, db
    rig.store.close()


def key_of(backend: MemoryKeyring) -> bytes:
    return bytes.fromhex(backend.secrets[("familywatch", "integrity-key")])


def run_verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify"])
    out, err = capsys.readouterr()
    return code, out + err


def test_untouched_record_is_intact(sealed: tuple[Rig, Path], memory_keyring: MemoryKeyring,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    rig, _ = sealed
    # 3 sessions + 1 run + 1 audit entry: each sealed once, when final.
    assert chain_length(rig.store.engine) == 5
    verdict = verify(rig.store.engine, key_of(memory_keyring))
    assert verdict.intact and verdict.sealed == 5
    code, said = run_verify(capsys)
    assert code == 0 and said.startswith("record intact since") and "5 rows sealed" in said


@pytest.mark.parametrize(("statement", "words"), [
    ("UPDATE sessions SET ended_at = datetime(ended_at, '-1 minute') WHERE id = 2",
     "sessions row 2 (of 2026-03-02 16:00 UTC) was altered"),
    ("DELETE FROM sessions WHERE id = 1", "sessions row 1 (of 2026-03-02 16:00 UTC) is missing"),
    ("DELETE FROM audit_log", "audit_log row 1"),
    ("UPDATE audit_log SET os_user = 'someone else'", "audit_log row 1"),
    ("DELETE FROM integrity_chain WHERE seq = 2", "seal chain is broken at link 3"),
    ("UPDATE integrity_chain SET digest = 'x' WHERE seq = 1", "seal chain is broken at link 1"),
])
def test_changes_made_outside_familywatch_are_found(
        sealed: tuple[Rig, Path], capsys: pytest.CaptureFixture[str], statement: str,
        words: str) -> None:
    _, db = sealed
    with sqlite3.connect(db) as tool:  # what `sqlite3 familywatch.sqlite3` would do
        tool.execute(statement)
    code, said = run_verify(capsys)
    assert code == 1
    assert said.startswith("NOT intact") and words in said, said


def test_retention_purge_is_recorded_and_does_not_read_as_tampering(
        sealed: tuple[Rig, Path], memory_keyring: MemoryKeyring,
        capsys: pytest.CaptureFixture[str]) -> None:
    rig, _ = sealed
    rig.clock.advance(200 * 86400)  # the default 180 days have passed
    rig.monitor._purge_old_records()
    assert rig.store.sessions_between(T0 - timedelta(days=1), T0 + timedelta(days=1)) == []
    [*_, purge] = rig.store.audit_entries()
    assert purge.action is AuditAction.DATA_DELETED and purge.detail["sessions"] == 3
    code, said = run_verify(capsys)
    assert code == 0, said
    # 3 sessions and the run
    assert "4 removed by recorded deletions (retention or a parent)" in said


def test_without_a_keyring_the_record_is_unverifiable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from keyring.backends import fail

    monkeypatch.setenv("FAMILYWATCH_DATA_DIR", str(tmp_path / "data"))
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, said = run_verify(capsys)
    finally:
        keyring.set_keyring(before)
    assert code == 1 and said.startswith("unverifiable: No usable keyring")
    assert "parent PIN" not in said


def test_a_lost_key_is_not_silently_replaced(sealed: tuple[Rig, Path],
                                             memory_keyring: MemoryKeyring,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    memory_keyring.secrets.clear()
    code, said = run_verify(capsys)
    assert code == 1 and "no longer in the keyring" in said
    rig, _ = sealed
    sealer = Sealer(rig.store, IntegrityKey(memory_keyring))
    assert sealer.seal() == 0 and sealer.unavailable is not None
    assert memory_keyring.secrets == {}
