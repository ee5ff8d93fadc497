"""CataloguedAppProbe with Windows names, and the ProcessTable's cache (new pids only)."""

from __future__ import annotations

import pytest

from familywatch.core.model import Kind
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.process_cache import ProcessInfo, ProcessTable
from tests.probes_windows.fakes import FakeProcesses

NOW = 1733682300.0  # 2024-12-08 18:25 UTC, when the process table was recorded


def _probe(processes, catalogue, clock, **table_options):  # type: ignore[no-untyped-def]
    table = ProcessTable(catalogue, "windows", processes, wall=lambda: NOW, **table_options)
    return CataloguedAppProbe(table, clock, "psutil"), table


def test_catalogued_windows_apps_are_reported_once_each(processes, catalogue, clock):
    probe, _ = _probe(processes, catalogue, clock)
    sample = probe.sample()

    assert sample.kinds == {Kind.APP}
    apps = {s.pid: (s.process, s.app.app_id if s.app else None) for s in sample.sightings}
    assert apps == {
        7312: ("obs64.exe", "obs-studio"),
        9120: ("chrome.exe", "google-chrome"),  # not its three children
        11840: ("ms-teams.exe", "microsoft-teams"),
        6624: ("Discord.exe", "discord"),  # not its helper
        12004: ("Zoom.exe", "zoom"),
    }
    assert all(s.user == "DESKTOP-FAMILY\\Sam" for s in sample.sightings)
    status = probe.statuses()[0]
    assert status.ok and "matched by their windows names" in status.detail
    assert "14 processes" in status.detail


def test_only_new_pids_are_inspected(processes, catalogue, clock):
    probe, table = _probe(processes, catalogue, clock)
    probe.sample()
    assert table.stats.inspected == 14
    processes.inspected.clear()

    probe.sample()
    assert processes.inspected == []  # nothing new, nothing young

    processes.add(ProcessInfo(14888, "TikTok LIVE Studio.exe",
                              "C:\\Program Files\\TikTok LIVE Studio\\TikTok LIVE Studio.exe",
                              5460, NOW - 60))
    processes.remove(12004)  # Zoom quits
    sample = probe.sample()
    assert processes.inspected == [14888]
    assert table.stats.new == 1 and table.stats.gone == 1
    ids = {s.app.app_id for s in sample.sightings if s.app}
    assert "tiktok-live-studio" in ids and "zoom" not in ids


def test_a_reused_pid_is_noticed(processes, catalogue, clock):
    probe, _ = _probe(processes, catalogue, clock)
    probe.sample()
    # OBS quits and Windows hands its pid to a new Notepad between two samples.
    processes.add(ProcessInfo(7312, "notepad.exe", "C:\\Windows\\notepad.exe", 5460, NOW - 10))
    sample = probe.sample()
    assert 7312 not in {s.pid for s in sample.sightings}


def test_young_processes_are_looked_at_again(processes, catalogue, clock):
    probe, _ = _probe(processes, catalogue, clock)
    processes.add(ProcessInfo(15000, "python.exe", None, 5460, NOW - 1))
    probe.sample()
    processes.inspected.clear()
    probe.sample()
    assert processes.inspected == [15000]


def test_a_young_process_that_execs_into_an_app_is_matched_again(processes, catalogue, clock):
    """On macOS a shell forks, then execs the app: the same pid and start time first
    carry the shell's name, then the app's. The match must follow the new name."""
    table = ProcessTable(catalogue, "macos", processes, wall=lambda: NOW)
    probe = CataloguedAppProbe(table, clock, "psutil")
    processes.add(ProcessInfo(15000, "zsh", "/bin/zsh", 900, NOW - 1))
    assert 15000 not in {s.pid for s in probe.sample().sightings}

    processes.add(ProcessInfo(15000, "zoom.us", "/Applications/zoom.us.app/Contents/MacOS/zoom.us",
                              900, NOW - 1))
    seen = {s.pid: s for s in probe.sample().sightings}
    assert seen[15000].app is not None and seen[15000].app.app_id == "zoom"


def test_every_so_often_all_are_read_again(processes, catalogue, clock):
    probe, table = _probe(processes, catalogue, clock, full_every=3)
    for _ in range(3):
        probe.sample()
    assert table.stats.inspected == 14


def test_a_process_list_failure_is_a_status(catalogue, clock):
    class Failing(FakeProcesses):
        def pids(self) -> set[int]:
            raise PermissionError(13, "Permission denied")

    probe, _ = _probe(Failing([]), catalogue, clock)
    assert probe.sample().sightings == ()
    (status,) = probe.statuses()
    assert not status.ok and "cannot list processes" in status.detail


@pytest.mark.parametrize(("os_name", "name", "app_id"), [
    ("windows", "Streamlabs OBS.exe", "streamlabs-desktop"),
    ("windows", "zoom", "zoom"),  # ".exe" may be left out
    ("macos", "zoom.us", "zoom"),
    ("macos", "Zoom.exe", None),  # another system's name
])
def test_names_are_matched_in_the_os_column_asked_for(catalogue, clock, os_name, name, app_id):
    processes = FakeProcesses([ProcessInfo(100, name, None, 1, NOW - 100)])
    table = ProcessTable(catalogue, os_name, processes, wall=lambda: NOW)
    probe = CataloguedAppProbe(table, clock, "psutil")
    found = [s.app.app_id for s in probe.sample().sightings if s.app]
    assert found == ([app_id] if app_id else [])
