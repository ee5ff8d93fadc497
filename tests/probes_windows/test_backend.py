"""Choosing the Windows backend: what works is said, and why the rest does not."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familywatch.core.model import Kind
from familywatch.probes import create_probes, load_catalogue
from familywatch.probes import windows as windows_probes
from familywatch.probes.base import ProbeConfig
from familywatch.probes.null import NullProbe
from familywatch.probes.windows import (
    CataloguedAppProbe,
    RegistryChangeWatcher,
    WindowsDeviceProbe,
)
from familywatch.reports.data import probe_dict
from familywatch.reports.probe_text import render_probe
from tests.probes_windows.fakes import FakeNotifier
from tests.support.builtin_catalogue import BUILT_IN

pytestmark = pytest.mark.timeout(30)


def _config(tmp_path: Path) -> ProbeConfig:
    return ProbeConfig(video_globs=(), audio_globs=(),
                       catalogue_files=(BUILT_IN, tmp_path / "catalogue.toml"),
                       os_name="windows")


def test_on_this_linux_machine_windows_probes_say_why_they_cannot_work(tmp_path, clock):
    probes = create_probes(_config(tmp_path), clock)
    try:
        assert isinstance(probes.devices, NullProbe)
        assert isinstance(probes.apps, CataloguedAppProbe)
        assert probes.watcher is None
        assert probes.devices.sample().sightings == ()
        statuses = {(s.probe, s.backend): s for s in probes.statuses()}
        for key in (("camera", "consentstore"), ("microphone", "consentstore"),
                    ("watch", "regnotify")):
            assert not statuses[key].ok
            assert statuses[key].detail == (
                "not available here: the Windows registry exists only on Windows (this is linux)")
        assert statuses[("apps", "psutil")].ok  # psutil works everywhere
        report = probes.report(clock)
        assert report.camera == () and report.microphone == ()
    finally:
        probes.close()


def test_the_probe_command_output_shows_it(tmp_path, clock):
    probes = create_probes(_config(tmp_path), clock)
    data = probe_dict(probes.report(clock), ZoneInfo("UTC"))
    json.dumps(data)  # JSON-ready
    text = render_probe(data)
    assert "NO   camera      consentstore not available here: the Windows registry" in text


def test_with_a_registry_the_full_windows_probe_set_runs(tmp_path, clock, registry, processes):
    catalogue, errors = load_catalogue(_config(tmp_path).catalogue_files)
    notifier = FakeNotifier()
    probes = windows_probes.create_probes(
        _config(tmp_path), clock, catalogue, errors,
        registry=registry, processes=processes, make_notifier=lambda: notifier,
    )
    try:
        assert isinstance(probes.devices, WindowsDeviceProbe)
        assert isinstance(probes.watcher, RegistryChangeWatcher)
        woken: list[int] = []
        probes.watcher.start(lambda: woken.append(1))
        report = probes.report(clock)
        assert {s.process for s in report.camera} == {"obs64.exe", "chrome.exe", "ms-teams.exe"}
        assert {s.process for s in report.microphone} == {"ms-teams.exe", "Discord.exe"}
        assert {s.app.app_id for s in report.apps if s.app} == {
            "obs-studio", "google-chrome", "microsoft-teams", "discord", "zoom"}
        statuses = {(s.probe, s.backend): s.ok for s in report.backends}
        assert statuses == {("camera", "consentstore"): True,
                            ("microphone", "consentstore"): True,
                            ("apps", "psutil"): True, ("watch", "regnotify"): True}
        assert report.unreadable == 0
    finally:
        probes.close()
    assert notifier.closed


def test_the_shared_process_table_serves_both_probes(tmp_path, clock, registry, processes):
    catalogue, errors = load_catalogue(_config(tmp_path).catalogue_files)
    probes = windows_probes.create_probes(_config(tmp_path), clock, catalogue, errors,
                                          registry=registry, processes=processes,
                                          make_notifier=FakeNotifier)
    probes.apps.sample()
    processes.inspected.clear()
    sample = probes.devices.sample()
    assert {s.kind for s in sample.sightings} == {Kind.CAMERA, Kind.MICROPHONE}
    assert processes.inspected == []  # the device probe found every pid already known
