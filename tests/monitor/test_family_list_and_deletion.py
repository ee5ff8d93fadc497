"""The family's app list and deleting records, on a real store, a real keyring backend
and real files: what is written, what the audit says, what happens when writing fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import Category, EndReason, Kind, Session
from familywatch.core.ports import AuditAction
from familywatch.monitor.family_catalogue import FamilyCatalogue
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.monitor.parent_settings import audit_words
from familywatch.probes.catalogue_files import CatalogueFiles
from familywatch.security import PinVault
from familywatch.security.lockout import LockoutPolicy
from familywatch.store import SqlStore, open_store
from familywatch.store.integrity import seal, verify
from tests.security.keyring_backends import MemoryKeyring

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
PIN = "2468"
KEY = b"k" * 32
BUILT_IN = Path(__file__).resolve().parents[2] / "resources" / "catalogue.toml"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}") as opened:
        yield opened


def make_controls(tmp_path: Path, store: SqlStore, **kw: object) -> ParentControls:
    clock, policy = ManualClock(NOW), LockoutPolicy()
    vault = PinVault(tmp_path, clock, backend=MemoryKeyring(), policy=policy)
    made = ParentControls(store, vault, policy, clock, UTC, "den-pc", "parent", **kw)  # type: ignore[arg-type]
    made.set_pin(PIN)
    return made


def add_sessions(store: SqlStore, ages_days: list[float]) -> None:
    run = store.begin_run(NOW - timedelta(days=60), 99, "den-pc")
    store.end_run(run, NOW - timedelta(days=min(ages_days)), "stopped")
    for serial, age in enumerate(ages_days, start=1):
        end = NOW - timedelta(days=age)
        store.add_session(Session(serial, Kind.CAMERA, 100 + serial, "zoom",
                                  end - timedelta(minutes=30), end, ended_at=end,
                                  ended_by=EndReason.CLOSED, host="den-pc"), run)


def session_count(store: SqlStore) -> int:
    return len(store.sessions_between(NOW - timedelta(days=400), NOW + timedelta(days=1)))


# -- deleting records ---------------------------------------------------------------------

def test_deleting_older_records_is_one_audited_transaction(tmp_path: Path,
                                                         store: SqlStore) -> None:
    add_sessions(store, [40, 20, 3, 0.5])
    controls = make_controls(tmp_path, store)
    counts = controls.delete_records(PIN, 10)
    assert counts["sessions"] == 2 and session_count(store) == 2
    entry = store.audit_entries()[-1]
    assert entry.action is AuditAction.DATA_DELETED
    assert entry.detail == {"by": "parent", "older_than_days": 10, **counts}
    assert audit_words(entry, UTC).startswith("records older than 10 days (by a parent): "
                                              "2 sessions")
    everything = controls.delete_records(PIN, 0)
    assert everything["sessions"] == 2 and session_count(store) == 0
    assert audit_words(store.audit_entries()[-1], UTC).startswith("all records up to then")


def test_a_wrong_pin_or_bad_days_delete_nothing(tmp_path: Path, store: SqlStore) -> None:
    add_sessions(store, [40, 20])
    controls = make_controls(tmp_path, store)
    with pytest.raises(Refused, match="wrong PIN"):
        controls.delete_records("1111", 0)
    with pytest.raises(Refused, match="0 to 3650 days, not 4000"):
        controls.delete_records(PIN, 4000)
    assert session_count(store) == 2
    assert [e.action for e in store.audit_entries()] == [AuditAction.PIN_SET,
                                                         AuditAction.PIN_FAILED]


def test_a_deletion_is_sealed_at_once_so_verify_explains_it(tmp_path: Path,
                                                           store: SqlStore) -> None:
    add_sessions(store, [40, 20, 3])
    seal(store.engine, KEY)  # the monitor sealed these sessions earlier
    sealed: list[int] = []
    controls = make_controls(tmp_path, store,
                             seal=lambda: sealed.append(seal(store.engine, KEY)))
    controls.delete_records(PIN, 0)
    assert sealed == [2]  # the PIN-set entry and the deletion's entry
    verdict = verify(store.engine, KEY)
    assert verdict.intact, verdict.problem
    assert verdict.purged == 4  # three sessions and their run


def test_a_locked_database_deletes_nothing_and_says_so(tmp_path: Path,
                                                      store: SqlStore) -> None:
    add_sessions(store, [40])
    controls = make_controls(tmp_path, store)
    other = sqlite3.connect(tmp_path / "fw.sqlite3", timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # as `sqlite3 fw.sqlite3 'BEGIN EXCLUSIVE'` would
    try:
        with pytest.raises(Refused, match="nothing was deleted"):
            controls.delete_records(PIN, 0)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert session_count(store) == 1


# -- the family's app list ----------------------------------------------------------------

def test_added_apps_reach_a_running_catalogue_and_are_audited(tmp_path: Path,
                                                             store: SqlStore) -> None:
    family_file = tmp_path / "data" / "catalogue.toml"
    running = CatalogueFiles((BUILT_IN, family_file))  # what the monitor's probes hold
    catalogue = running.catalogue
    assert catalogue.match("bigolive", None, "linux") is None
    family = FamilyCatalogue(family_file, BUILT_IN, make_controls(tmp_path, store),
                             os_name="linux")
    entry = family.add(PIN, "  Bigo   Live ", Category.STREAMING, {"linux": ["bigolive"]})
    assert (entry.app_id, entry.name) == ("bigo-live", "Bigo Live")
    assert running.refresh() and not running.refresh()  # reloaded once, in place
    found = catalogue.match("bigolive", None, "linux")
    assert found is not None and found.name == "Bigo Live" and catalogue.version == 1
    assert store.audit_entries()[-1].detail == {
        "added": "bigo-live", "name": "Bigo Live", "category": "streaming",
        "processes": {"linux": ["bigolive"]}}
    assert audit_words(store.audit_entries()[-1], UTC) == \
        "added Bigo Live (streaming) to the app list"

    # A built-in app's id or process name is not added: that is a change to a built-in
    # app (`familywatch apps replace`), refused before the PIN is used.
    with pytest.raises(Refused, match=r"OBS Studio is a built-in app already; .*"
                                      r"'familywatch apps replace obs-studio'"):
        family.add(PIN, "OBS Studio", Category.STREAMING, {"linux": ["obs-custom"]})
    with pytest.raises(Refused, match=r"the process name 'OBS' is OBS Studio's, a built-in"):
        family.add(PIN, "My recorder", Category.STREAMING, {"linux": ["OBS"]})
    listed = family.read()
    assert [e.app_id for e in listed.entries] == ["bigo-live"]
    assert not listed.replaces_built_in(listed.entries[0])
    family.remove(PIN, "bigo-live")
    running.refresh()
    assert catalogue.match("bigolive", None, "linux") is None
    assert family.read().entries == ()
    assert [e.action for e in store.audit_entries()][-2:] == [AuditAction.CATALOGUE_CHANGED] * 2


def test_the_family_file_keeps_its_comments_and_refuses_what_it_cannot_read(
        tmp_path: Path, store: SqlStore) -> None:
    family_file = tmp_path / "catalogue.toml"
    family_file.write_text("# Our additions - Sam asked for these\n\n[[app]]\nid = \"kick\"\n"
                           "name = \"Kick\"\ncategory = \"streaming\"\n"
                           "processes.linux = [\"kick\"]\n", encoding="utf-8")
    family = FamilyCatalogue(family_file, BUILT_IN, make_controls(tmp_path, store),
                             os_name="linux")
    family.add(PIN, "YouNow", Category.STREAMING, {"linux": ["younow"]})
    family.remove(PIN, "kick")
    assert family_file.read_text(encoding="utf-8") == (
        "# Our additions - Sam asked for these\n\n[[app]]\nid = \"younow\"\n"
        "name = \"YouNow\"\ncategory = \"streaming\"\nprocesses.linux = [\"younow\"]\n"
        "processes.windows = []\nprocesses.macos = []\n")
    family_file.write_text("[[app]\nbroken", encoding="utf-8")
    with pytest.raises(Refused, match=r"not valid TOML.*fix or move that file first"):
        family.add(PIN, "Bigo Live", Category.STREAMING, {"linux": ["bigolive"]})
    assert family_file.read_text(encoding="utf-8") == "[[app]\nbroken"


def test_when_the_audit_cannot_be_written_the_file_is_put_back(tmp_path: Path,
                                                               store: SqlStore) -> None:
    family_file = tmp_path / "catalogue.toml"
    family = FamilyCatalogue(family_file, BUILT_IN, make_controls(tmp_path, store),
                             os_name="linux")
    family.add(PIN, "Kick", Category.STREAMING, {"linux": ["kick"]})
    before = family_file.read_text(encoding="utf-8")
    other = sqlite3.connect(tmp_path / "fw.sqlite3", timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(Refused, match="the app list was left as it was"):
            family.add(PIN, "YouNow", Category.STREAMING, {"linux": ["younow"]})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert family_file.read_text(encoding="utf-8") == before
