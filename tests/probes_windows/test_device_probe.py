"""WindowsDeviceProbe: ConsentStore apps in use, matched to running processes."""

from __future__ import annotations

from familywatch.core.model import Category, Kind
from familywatch.probes.process_cache import ProcessInfo, ProcessTable
from familywatch.probes.windows.device_probe import WindowsDeviceProbe
from tests.probes_windows.fakes import FakeProcesses, FakeRegistry


def _probe(registry, processes, catalogue, clock):  # type: ignore[no-untyped-def]
    table = ProcessTable(catalogue, "windows", processes)
    return WindowsDeviceProbe(registry, table, catalogue, clock)


def _seen(sample):  # type: ignore[no-untyped-def]
    return {(s.kind, s.process): s for s in sample.sightings}


def test_apps_in_use_are_matched_to_their_running_processes(
    registry, processes, catalogue, clock
):
    sample = _probe(registry, processes, catalogue, clock).sample()

    assert sample.kinds == {Kind.CAMERA, Kind.MICROPHONE}
    assert sample.at == clock.now()
    seen = _seen(sample)
    assert set(seen) == {
        (Kind.CAMERA, "obs64.exe"),
        (Kind.CAMERA, "chrome.exe"),
        (Kind.CAMERA, "ms-teams.exe"),
        (Kind.MICROPHONE, "ms-teams.exe"),
        (Kind.MICROPHONE, "Discord.exe"),
    }
    obs = seen[(Kind.CAMERA, "obs64.exe")]
    assert (obs.pid, obs.device, obs.user) == (7312, "webcam", "DESKTOP-FAMILY\\Sam")
    assert obs.exe == "C:\\Program Files\\obs-studio\\bin\\64bit\\obs64.exe"
    assert obs.app is not None and (obs.app.app_id, obs.app.category) == (
        "obs-studio", Category.STREAMING)
    # Chrome runs as several chrome.exe: the browser's main process is credited.
    chrome = seen[(Kind.CAMERA, "chrome.exe")]
    assert chrome.pid == 9120 and chrome.app is not None and chrome.app.app_id == "google-chrome"
    # The packaged Teams, found by its package family in the WindowsApps folder.
    teams = seen[(Kind.CAMERA, "ms-teams.exe")]
    assert teams.pid == 11840 and teams.app is not None and teams.app.app_id == "microsoft-teams"
    discord = seen[(Kind.MICROPHONE, "Discord.exe")]
    assert discord.pid == 6624 and discord.device == "microphone"


def test_exe_paths_match_ignoring_case(registry, processes, catalogue, clock):
    # The registry says C:\Users\Sam\..., psutil says C:\Users\sam\... (recorded that way).
    discord = processes.table[6624]
    assert discord.exe is not None and "\\sam\\" in discord.exe
    processes.add(ProcessInfo(7312, "OBS64.EXE", "c:\\program files\\OBS-STUDIO\\bin\\64bit"
                              "\\OBS64.EXE", 5460, 1733681390.4))
    seen = _seen(_probe(registry, processes, catalogue, clock).sample())
    assert seen[(Kind.CAMERA, "OBS64.EXE")].pid == 7312
    assert seen[(Kind.MICROPHONE, "Discord.exe")].pid == 6624


def test_an_in_use_app_that_is_not_running_is_a_crash_leftover(
    registry, processes, catalogue, clock
):
    probe = _probe(registry, processes, catalogue, clock)
    sample = probe.sample()

    assert not any("ManyCam" in s.process for s in sample.sightings)
    assert [r.key_name for r in probe.leftovers] == ["C:#Program Files (x86)#ManyCam#ManyCam.exe"]
    camera = next(s for s in probe.statuses() if s.probe == "camera")
    assert camera.ok and "ManyCam.exe" in camera.detail and "crash" in camera.detail

    # OBS quits without its stop time written (it crashed): it stops counting as well.
    processes.remove(7312)
    sample = probe.sample()
    assert (Kind.CAMERA, "obs64.exe") not in _seen(sample)
    assert len(probe.leftovers) == 2


def test_a_packaged_app_with_no_process_found_is_reported_without_a_pid(
    registry, processes, catalogue, clock
):
    node = registry.app_key("HKCU", "webcam", "Microsoft.WindowsCamera_8wekyb3d8bbwe")
    node["values"]["LastUsedTimeStop"] = ["REG_QWORD", 0]  # the Camera app is recording
    seen = _seen(_probe(registry, processes, catalogue, clock).sample())

    camera_app = seen[(Kind.CAMERA, "Microsoft.WindowsCamera_8wekyb3d8bbwe")]
    assert camera_app.pid is None and camera_app.exe is None and camera_app.app is None
    assert camera_app.device == "webcam"

    # Once its process shows up under WindowsApps, it is credited.
    processes.add(ProcessInfo(
        14420, "WindowsCamera.exe",
        "C:\\Program Files\\WindowsApps\\Microsoft.WindowsCamera_2024.2408.1.0_x64__"
        "8wekyb3d8bbwe\\WindowsCamera.exe", 1012, 1733682290.0))
    seen = _seen(_probe(registry, processes, catalogue, clock).sample())
    assert seen[(Kind.CAMERA, "WindowsCamera.exe")].pid == 14420


def test_a_process_whose_exe_cannot_be_read_is_matched_by_file_name(
    registry, processes, catalogue, clock
):
    # OBS started "as administrator": psutil cannot read its exe from Sam's process.
    processes.add(ProcessInfo(7312, "obs64.exe", None, 5460, 1733681390.4))
    seen = _seen(_probe(registry, processes, catalogue, clock).sample())
    obs = seen[(Kind.CAMERA, "obs64.exe")]
    assert obs.pid == 7312
    assert obs.exe == "C:\\Program Files\\obs-studio\\bin\\64bit\\obs64.exe"  # the registry's


def test_nothing_in_use_reads_no_processes(catalogue, clock):
    registry = FakeRegistry.from_fixture()
    for capability, names in (
        ("webcam", ("MSTeams_8wekyb3d8bbwe",)),
        ("webcam", ("NonPackaged", "C:#Program Files#obs-studio#bin#64bit#obs64.exe")),
        ("webcam", ("NonPackaged", "C:#Program Files#Google#Chrome#Application#chrome.exe")),
        ("webcam", ("NonPackaged", "C:#Program Files (x86)#ManyCam#ManyCam.exe")),
        ("microphone", ("MSTeams_8wekyb3d8bbwe",)),
        ("microphone", ("NonPackaged",
                        "C:#Users#Sam#AppData#Local#Discord#app-1.0.9173#Discord.exe")),
    ):
        registry.app_key("HKCU", capability, *names)["values"]["LastUsedTimeStop"] = [
            "REG_QWORD", 133781560000000000]
    processes = FakeProcesses.from_fixture()
    sample = _probe(registry, processes, catalogue, clock).sample()
    assert sample.sightings == ()
    assert processes.inspected == []  # the process table is left alone


def test_statuses_name_what_was_read(registry, processes, catalogue, clock):
    probe = _probe(registry, processes, catalogue, clock)
    statuses = {s.probe: s for s in probe.statuses()}
    assert set(statuses) == {"camera", "microphone"}
    assert all(s.ok and s.backend == "consentstore" for s in statuses.values())
    assert "webcam read from HKCU and HKLM" in statuses["camera"].detail
    assert "microphone read from HKCU and HKLM" in statuses["microphone"].detail


def test_a_missing_consent_store_says_so(processes, catalogue, clock):
    probe = _probe(FakeRegistry({"HKCU": {}, "HKLM": {}}), processes, catalogue, clock)
    assert probe.sample().sightings == ()
    for status in probe.statuses():
        assert not status.ok and "Windows 10 (1903)" in status.detail


def test_a_registry_error_is_a_status_not_a_crash(processes, catalogue, clock):
    class Broken:
        def open_key(self, hive, path):  # type: ignore[no-untyped-def]
            raise PermissionError(5, "Access is denied")

    probe = _probe(Broken(), processes, catalogue, clock)
    assert probe.sample().sightings == ()
    assert all(not s.ok and "Access is denied" in s.detail for s in probe.statuses())


def test_a_pid_reused_by_another_program_is_not_credited(registry, processes, catalogue, clock):
    probe = _probe(registry, processes, catalogue, clock)
    assert _seen(probe.sample())[(Kind.CAMERA, "obs64.exe")].pid == 7312
    # OBS crashes and Windows gives its pid to a new Notepad before the next sample.
    processes.add(ProcessInfo(7312, "notepad.exe", "C:\\Windows\\notepad.exe", 5460,
                              1733682290.0))
    seen = _seen(probe.sample())
    assert (Kind.CAMERA, "obs64.exe") not in seen and (Kind.CAMERA, "notepad.exe") not in seen
    assert any(r.exe and r.exe.endswith("obs64.exe") for r in probe.leftovers)
