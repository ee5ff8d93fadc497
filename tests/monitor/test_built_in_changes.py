"""Changing a built-in app behind the PIN, on a real store, a real keyring backend and real
files: what the probes then match, what the audit tells the child, and that only these
approved changes count (a hand edit, an old copy, a keyring without the key: built-in)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from familywatch.core.clock import ManualClock
from familywatch.core.model import Category
from familywatch.core.ports import AuditAction
from familywatch.monitor.family_catalogue import FamilyCatalogue
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.monitor.parent_settings import audit_words
from familywatch.probes.catalogue_files import CatalogueFiles
from familywatch.security import PinVault
from familywatch.security.approval_key import ApprovalKey
from familywatch.security.lockout import LockoutPolicy
from familywatch.store import SqlStore, open_store
from tests.security.keyring_backends import MemoryKeyring
from tests.support.builtin_catalogue import BUILT_IN

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
PIN = "2468"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'fw.sqlite3'}") as opened:
        yield opened


class Rig:
    def __init__(self, tmp_path: Path, store: SqlStore) -> None:
        self.store = store
        self.keyring = MemoryKeyring()
        clock, policy = ManualClock(NOW), LockoutPolicy()
        vault = PinVault(tmp_path, clock, backend=self.keyring, policy=policy)
        controls = ParentControls(store, vault, policy, clock, UTC, "den-pc", "parent")
        controls.set_pin(PIN)
        self.keys = ApprovalKey(backend=self.keyring)
        self.path = tmp_path / "data" / "catalogue.toml"
        self.family = FamilyCatalogue(self.path, BUILT_IN, controls, os_name="linux",
                                      keys=self.keys)
        # What the running monitor's probes hold (the key injected as cli._probes does).
        self.running = CatalogueFiles((BUILT_IN, self.path), self.keys.read)

    def named(self, process: str, os_name: str = "linux") -> str | None:
        self.running.refresh()
        found = self.running.catalogue.match(process, None, os_name)
        return found.name if found is not None else None

    def last_words(self) -> str:
        return audit_words(self.store.audit_entries()[-1], UTC)

    def actions(self) -> list[AuditAction]:
        return [entry.action for entry in self.store.audit_entries()]


@pytest.fixture
def rig(tmp_path: Path, store: SqlStore) -> Rig:
    return Rig(tmp_path, store)


def test_a_replacement_made_with_the_pin_counts_at_once_and_tells_the_child(rig: Rig) -> None:
    assert rig.named("obs") == "OBS Studio"
    entry = rig.family.replace(PIN, "obs-studio", processes={"linux": ["obs-portable"]})
    assert entry.name == "OBS Studio" and entry.processes["windows"] == ("obs64.exe", "obs32.exe")
    assert rig.named("obs") is None
    assert rig.named("obs-portable") == "OBS Studio"
    assert rig.named("obs64.exe", "windows") == "OBS Studio"  # other systems kept
    assert rig.running.errors == ()
    audit = rig.store.audit_entries()[-1]
    assert audit.action is AuditAction.CATALOGUE_CHANGED
    assert audit.detail["built_in"] == "obs-studio" and audit.detail["change"] == "replaced"
    assert rig.last_words() == ("OBS Studio, a built-in app, is now also known as obs-portable "
                                "and is no longer known as obs")

    rig.family.replace(PIN, "obs-studio", name="Streaming studio",
                       category=Category.VIDEO_CHAT)
    assert rig.named("obs-portable") == "Streaming studio"  # the names given before stay
    assert rig.last_words() == ("OBS Studio, a built-in app, is now called Streaming studio "
                                "and now counts among video-chat apps")
    listed = rig.family.read()
    assert [(e.app_id, listed.refusal(e)) for e in listed.entries] == [("obs-studio", None)]
    assert len(rig.path.read_text(encoding="utf-8").split("[[app]]")) == 2  # one entry


def test_editing_an_approved_entry_by_hand_voids_it(rig: Rig) -> None:
    rig.family.replace(PIN, "obs-studio", processes={"linux": ["obs-portable"]})
    assert rig.named("obs") is None
    text = rig.path.read_text(encoding="utf-8")
    rig.path.write_text(text.replace('"obs-portable"', '"obs-portable", "zoomy"'),
                        encoding="utf-8")
    assert rig.named("obs") == "OBS Studio"
    assert rig.named("zoomy") is None
    (problem,) = rig.running.errors
    assert "entry 'obs-studio': this changes OBS Studio, a built-in app, but it no longer " \
           "matches the parent's approval" in problem
    listed = rig.family.read()
    assert listed.refusal(listed.entries[0]) is not None


def test_a_copy_of_an_older_approval_never_counts_again(rig: Rig) -> None:
    rig.family.remove(PIN, "obs-studio")  # OBS no longer recorded
    assert rig.named("obs") is None
    assert rig.last_words() == "OBS Studio, a built-in app, is no longer recorded"
    removal = rig.path.read_text(encoding="utf-8")
    assert "removed = true" in removal
    rig.family.restore(PIN, "obs-studio")
    assert rig.named("obs") == "OBS Studio"
    assert rig.last_words() == "OBS Studio, a built-in app, is recorded as built in again"
    rig.path.write_text(removal, encoding="utf-8")  # the old, once approved, removal
    assert rig.named("obs") == "OBS Studio"
    assert "no longer matches the parent's approval" in rig.running.errors[0]


def test_the_approvals_in_force_stay_in_force_when_the_key_is_renewed(rig: Rig) -> None:
    rig.family.replace(PIN, "obs-studio", processes={"linux": ["obs-portable"]})
    first_key = rig.keys.read()
    rig.family.remove(PIN, "zoom")
    assert rig.keys.read() != first_key
    assert rig.named("zoom") is None and rig.named("obs-portable") == "OBS Studio"
    assert rig.running.errors == ()
    rig.family.add(PIN, "Bigo Live", Category.STREAMING, {"linux": ["bigolive"]})
    assert rig.named("bigolive") == "Bigo Live" and rig.named("obs") is None


def test_a_hand_written_change_counts_once_a_parent_approves_it(rig: Rig) -> None:
    rig.path.parent.mkdir(parents=True)
    rig.path.write_text('# ours\n[[app]]\nid = "obs-studio"\nname = "OBS Studio"\n'
                        'category = "streaming"\nprocesses.linux = ["obs", "obs-beta"]\n',
                        encoding="utf-8")
    assert rig.named("obs-beta") is None and rig.running.errors
    with pytest.raises(Refused, match="wrong PIN"):
        rig.family.approve("1111", "obs-studio")
    assert rig.named("obs-beta") is None
    rig.family.approve(PIN, "obs-studio")
    assert rig.named("obs-beta") == "OBS Studio" and rig.named("obs") == "OBS Studio"
    assert rig.running.errors == ()
    # Approved as written: the entry has no Windows or macOS names, and the words say so.
    assert rig.last_words() == ("OBS Studio, a built-in app, is now also known as obs-beta "
                                "and is no longer known as obs64.exe, obs32.exe and OBS")
    assert rig.path.read_text(encoding="utf-8").startswith("# ours\n")
    with pytest.raises(Refused, match="counts already"):
        rig.family.approve(PIN, "obs-studio")


def test_what_would_take_another_apps_name_is_refused_before_the_pin(rig: Rig) -> None:
    before = rig.actions()
    with pytest.raises(Refused, match="the process name 'zoom' is Zoom's, a built-in app"):
        rig.family.replace("1111", "obs-studio", processes={"linux": ["obs", "zoom"]})
    with pytest.raises(Refused, match="not one of FamilyWatch's built-in apps"):
        rig.family.replace("1111", "bigo-live", processes={"linux": ["bigo"]})
    with pytest.raises(Refused, match="to stop recording OBS Studio, remove it instead"):
        rig.family.replace("1111", "obs-studio", processes={"linux": [], "windows": [],
                                                            "macos": []})
    with pytest.raises(Refused, match="is as built in already"):
        rig.family.restore("1111", "obs-studio")
    assert rig.actions() == before  # no wrong-PIN entry: the PIN was never tried
    assert not rig.path.exists()


def test_without_a_usable_keyring_nothing_is_changed(rig: Rig, tmp_path: Path) -> None:
    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            if username == "catalogue-approval-key":
                from keyring.errors import KeyringLocked
                raise KeyringLocked("locked")
            super().set_password(service, username, password)

    locked = Locked()
    locked.secrets = rig.keyring.secrets  # the same PIN record
    rig.family.keys = ApprovalKey(backend=locked)
    with pytest.raises(Refused, match="the keyring failed: locked; nothing was changed"):
        rig.family.remove(PIN, "obs-studio")
    assert not rig.path.exists() and rig.named("obs") == "OBS Studio"


def test_when_the_audit_cannot_be_written_the_file_is_put_back(rig: Rig, tmp_path: Path
                                                               ) -> None:
    rig.family.replace(PIN, "obs-studio", processes={"linux": ["obs-portable"]})
    other = sqlite3.connect(tmp_path / "fw.sqlite3", timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(Refused, match="the app list was left as it was"):
            rig.family.remove(PIN, "zoom")
    finally:
        other.execute("ROLLBACK")
        other.close()
    # The key was renewed, and what counted before still counts, approved with it.
    assert rig.named("zoom") == "Zoom" and rig.named("obs-portable") == "OBS Studio"
    assert rig.running.errors == ()


def test_the_running_monitor_shows_an_unapproved_change_as_a_problem(rig: Rig, store: SqlStore,
                                                                     tmp_path: Path) -> None:
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.runtime import Monitor, MonitorSettings
    from familywatch.probes import create_probes
    from familywatch.probes.base import ProbeConfig

    rig.path.parent.mkdir(parents=True)
    rig.path.write_text('[[app]]\nid = "obs-studio"\nname = "OBS Studio"\ncategory = "other"\n'
                        'processes.linux = ["obs-portable"]\n', encoding="utf-8")
    probes = create_probes(ProbeConfig(
        video_globs=(str(tmp_path / "video*"),), audio_globs=(str(tmp_path / "pcm*c"),),
        catalogue_files=(BUILT_IN, rig.path), os_name="linux", approval_key=rig.keys.read),
        SystemClock())
    try:
        monitor = Monitor(probes, store, SystemClock(), MonitorSettings(host="den-pc"))
        assert monitor.problem is not None
        assert "has a change to a built-in app (OBS Studio) that needs the parent PIN" \
            in monitor.problem
        rig.family.approve(PIN, "obs-studio")
        assert probes.refresh_catalogue()  # what the monitor does at every app poll
        assert monitor.problem is None
    finally:
        probes.close()
