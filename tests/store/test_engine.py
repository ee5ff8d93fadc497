"""Opening the store: SQLite settings, shared files, and plain errors for bad files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from familywatch.core.ports import SessionUpdate
from familywatch.store import HEAD_REVISION, StoreError, open_store


def test_the_folder_is_created_and_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "familywatch.sqlite3"

    store = open_store(f"sqlite:///{path}")
    store.close()

    assert store.path == path
    assert path.is_file()


def test_sqlite_runs_in_wal_mode_with_safe_settings(store, db_url: str) -> None:
    with store.engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 1,
        "busy_timeout": 5000,
        "foreign_keys": 1,
    }
    # WAL is a property of the file, so any other reader sees it too.
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_second_store_on_the_same_file_sees_the_writes(db_url: str, make_session, at) -> None:
    monitor = open_store(db_url)
    viewer = open_store(db_url)
    try:
        assert viewer.sessions_between(at(0), at(60)) == []  # its pool holds a connection now
        run_id = monitor.begin_run(at(0), 1, "pc")
        row_id = monitor.add_session(make_session(1, None), run_id)

        assert [s.serial for s in viewer.open_sessions()] == [row_id]
        latest = viewer.latest_run()
        assert latest is not None and latest.pid == 1
    finally:
        monitor.close()
        viewer.close()


def test_threads_can_share_one_store(store, make_session, at) -> None:
    failures: list[BaseException] = []

    def record(pid: int) -> None:
        try:
            for minute in range(50):
                row_id = store.add_session(make_session(minute, None, pid=pid), None)
                store.update_sessions([SessionUpdate(row_id, last_seen=at(minute + 1))])
        except BaseException as error:
            failures.append(error)

    def look() -> None:
        try:
            for _ in range(50):
                store.sessions_between(at(0), at(60))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=record, args=(pid,)) for pid in range(4)]
    threads += [threading.Thread(target=look) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(store.open_sessions()) == 200


def test_an_in_memory_database_works_and_has_no_path(make_session, at) -> None:
    store = open_store("sqlite://")
    row_id = store.add_session(make_session(), None)

    assert [s.serial for s in store.sessions_between(at(0), at(60))] == [row_id]
    assert store.path is None
    store.close()


def test_a_file_of_garbage_is_a_plain_store_error_and_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "familywatch.sqlite3"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)

    with pytest.raises(StoreError, match=rf"^cannot open {path}: file is not a database$"):
        open_store(f"sqlite:///{path}")

    assert path.read_bytes() == garbage


def test_an_unwritable_database_is_a_plain_store_error(tmp_path: Path, at) -> None:
    path = tmp_path / "familywatch.sqlite3"
    open_store(f"sqlite:///{path}").close()
    # Tests may run as root, where chmod stops nothing: open the file read-only instead.
    read_only = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert read_only.path == path
        assert read_only.sessions_between(at(0), at(1)) == []
        with pytest.raises(
            StoreError,
            match=rf"^cannot write to {path}: attempt to write a readonly database$",
        ):
            read_only.begin_run(at(0), 1, "pc")
    finally:
        read_only.close()


def test_a_folder_that_cannot_be_made_is_a_plain_store_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")

    with pytest.raises(StoreError, match=r"cannot create the folder .*a-file for the database"):
        open_store(f"sqlite:///{tmp_path / 'a-file' / 'x.sqlite3'}")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("familywatch.sqlite3", "'familywatch.sqlite3' is not a database URL"),
        ("nosuchdb://host/x", "cannot open nosuchdb://host/x: Can't load plugin"),
    ],
)
def test_a_url_that_cannot_be_used_is_a_plain_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=f"^{message}"):
        open_store(url)


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_alembic_is_not_loaded_when_the_database_is_at_head(db_url: str) -> None:
    open_store(db_url).close()

    out = run_python(
        "import sys\n"
        "from familywatch.store import open_store\n"
        f"open_store({db_url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )

    assert out.strip() == "[]"


def test_the_orm_is_not_loaded_to_read_and_write(db_url: str, make_session) -> None:
    """The store is Core only: the ORM's import and set-up cost every CLI call ~50 ms."""
    with open_store(db_url) as store:
        store.add_session(make_session(), None)

    out = run_python(
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from familywatch.store import open_store\n"
        f"store = open_store({db_url!r})\n"
        "found = store.sessions_between(datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC))\n"
        "store.close()\n"
        "print(len(found), 'sqlalchemy.orm' in sys.modules)\n"
    )

    assert out.split() == ["1", "False"]


def test_processes_opening_a_new_database_at_once_all_succeed(db_url: str) -> None:
    code = f"from familywatch.store import open_store\nopen_store({db_url!r}).close()\n"
    starts = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [process.communicate(timeout=60)[1] for process in starts]

    assert [process.returncode for process in starts] == [0, 0, 0, 0], errors
    with open_store(db_url) as store, store.engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert versions == [(HEAD_REVISION,)]
