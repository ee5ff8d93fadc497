"""A damaged database is moved aside byte for byte, a fresh one starts, and it is said."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from familywatch.core.model import EndReason
from familywatch.store import open_store
from familywatch.store.health import REPLACED_KEY, check_database, note_replacement, start_notices

from .conftest import T0, camera_on, make_rig


def _real_database(path: Path) -> None:
    """A database with real sessions, written by the real monitor path, then closed."""
    rig, _ = make_rig(path)
    rig.start()
    for pid in range(1, 200):
        rig.camera.held = [camera_on(pid, "x" * 200)]
        rig.tick(2)
    rig.monitor.stop()
    rig.store.close()


def test_truncated_real_database_is_moved_aside_and_a_fresh_one_works(tmp_path: Path) -> None:
    db = tmp_path / "familywatch.sqlite3"
    _real_database(db)
    size = db.stat().st_size
    assert size > 16 * 4096
    with db.open("r+b") as handle:
        handle.truncate(size // 2)
    damaged = db.read_bytes()
    url = f"sqlite:///{db}"

    replaced = check_database(url, now=T0)
    assert replaced is not None
    assert replaced.moved_to[0] == tmp_path / "familywatch.corrupt-20260302-160000.sqlite3"
    assert replaced.moved_to[0].read_bytes() == damaged
    assert str(db) in replaced.message() and str(replaced.moved_to[0]) in replaced.message()

    store = open_store(url)
    note_replacement(store, replaced)
    assert store.sessions_between(T0, T0 + timedelta(days=1)) == []
    assert REPLACED_KEY in store.settings()
    notices = start_notices(store)
    assert len(notices) == 1 and str(replaced.moved_to[0]) in notices[0]
    store.close()
    assert check_database(url) is None  # the fresh one is sound

    # The monitor shows it as a problem, and records into the fresh database.
    rig, _ = make_rig(db)
    rig.monitor.notices = start_notices(rig.store)
    assert rig.monitor.problem is not None and "moved aside" in rig.monitor.problem
    rig.camera.held = [camera_on()]
    rig.start()
    rig.tick(2)
    rig.monitor.stop()
    [session] = rig.store.sessions_between(T0, T0 + timedelta(days=1))
    assert session.ended_by is EndReason.MONITOR_STOPPED
    assert start_notices(rig.store) == []  # said once: the next start is quiet
    rig.store.close()


def test_garbage_with_wal_and_shm_is_moved_together(tmp_path: Path) -> None:
    db = tmp_path / "familywatch.sqlite3"
    garbage = os.urandom(8192)
    db.write_bytes(garbage)
    Path(f"{db}-wal").write_bytes(b"wal")
    Path(f"{db}-shm").write_bytes(b"shm")
    replaced = check_database(f"sqlite:///{db}", now=T0)
    assert replaced is not None and "not a database" in replaced.damage
    aside = replaced.moved_to[0]
    assert aside.read_bytes() == garbage
    assert Path(f"{aside}-wal").read_bytes() == b"wal"
    assert Path(f"{aside}-shm").read_bytes() == b"shm"
    assert not db.exists() and not Path(f"{db}-wal").exists()
    again = check_database(f"sqlite:///{db}", now=T0)
    assert again is None  # nothing there now: open_store will create it


def test_sound_locked_or_missing_databases_are_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "familywatch.sqlite3"
    assert check_database(f"sqlite:///{db}") is None
    open_store(f"sqlite:///{db}").close()
    assert check_database(f"sqlite:///{db}") is None
    assert check_database("sqlite://") is None
    assert list(tmp_path.glob("*corrupt*")) == []
