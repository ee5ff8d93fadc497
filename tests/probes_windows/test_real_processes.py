"""The Windows device probe with the real process table (psutil) and a real process.

A copy of `sleep` named obs64.exe runs here; the recorded ConsentStore gets a
NonPackaged key naming its path the Windows way ('#' for each separator), so the
match goes through psutil, path decoding and the case-insensitive comparison.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import Kind
from familywatch.probes.process_cache import ProcessTable, PsutilProcessLister
from familywatch.probes.windows.device_probe import WindowsDeviceProbe
from tests.probes_windows.fakes import FakeRegistry

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def fake_obs(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    folder = tmp_path / "Program Files" / "obs-studio" / "bin" / "64bit"
    folder.mkdir(parents=True)
    sleep = shutil.which("sleep")
    assert sleep is not None
    exe = folder / "obs64.exe"
    shutil.copy2(sleep, exe)
    proc = subprocess.Popen([str(exe), "60"], start_new_session=True)
    try:
        yield proc, exe
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _real_table(catalogue: Catalogue) -> ProcessTable:
    return ProcessTable(catalogue, "windows", PsutilProcessLister())


def _consent_store_naming(path: str, stop: int) -> FakeRegistry:
    registry = FakeRegistry.from_fixture()
    non_packaged = registry.app_key("HKCU", "webcam", "NonPackaged")
    non_packaged["subkeys"] = {
        path.replace("/", "#"): {
            "values": {"LastUsedTimeStart": ["REG_QWORD", 133781550051170000],
                       "LastUsedTimeStop": ["REG_QWORD", stop]},
            "subkeys": {},
        }
    }
    return registry


def test_a_real_process_running_the_recorded_program_is_credited(fake_obs, catalogue, clock):
    proc, exe = fake_obs
    # The key in another case than the file: Windows paths match ignoring case.
    registry = _consent_store_naming(str(exe).upper().replace("OBS64.EXE", "obs64.exe"), 0)
    probe = WindowsDeviceProbe(registry, _real_table(catalogue), catalogue, clock)

    cameras = [s for s in probe.sample().sightings if s.kind is Kind.CAMERA]

    # Teams (packaged) has no process under WindowsApps here: reported without a pid.
    assert sorted((s.pid or 0, s.process) for s in cameras) == [
        (0, "MSTeams_8wekyb3d8bbwe"), (proc.pid, "obs64.exe")]
    (obs,) = [s for s in cameras if s.pid == proc.pid]
    assert obs.exe == str(exe)
    assert obs.user == psutil.Process().username()
    assert obs.app is not None and obs.app.app_id == "obs-studio"


def test_once_the_program_is_gone_its_zero_is_a_leftover(fake_obs, catalogue, clock):
    proc, exe = fake_obs
    registry = _consent_store_naming(str(exe), 0)
    probe = WindowsDeviceProbe(registry, _real_table(catalogue), catalogue, clock)
    assert any(s.pid == proc.pid for s in probe.sample().sightings)

    os.killpg(proc.pid, signal.SIGKILL)  # it crashes: the registry still says 0
    proc.wait(timeout=10)

    assert not any(s.kind is Kind.CAMERA and s.pid is not None for s in probe.sample().sightings)
    assert [r.exe for r in probe.leftovers if r.kind is Kind.CAMERA] == [
        str(exe).replace("/", "\\")
    ]
