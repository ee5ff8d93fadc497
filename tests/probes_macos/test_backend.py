"""Choosing the macOS backend: what works is said, and why the rest does not."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familywatch.probes import create_probes, load_catalogue
from familywatch.probes import macos as macos_probes
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.base import ProbeConfig
from familywatch.probes.macos import MacDeviceProbe, MediaStateWatcher
from familywatch.probes.null import NullProbe
from familywatch.reports.data import probe_dict
from familywatch.reports.probe_text import render_probe
from tests.probes_macos.conftest import SONOMA, VENTURA
from tests.probes_macos.fakes import FakeMediaFramework, RecordedProcesses, load
from tests.support.builtin_catalogue import BUILT_IN

pytestmark = pytest.mark.timeout(30)


def _config(tmp_path: Path) -> ProbeConfig:
    return ProbeConfig(video_globs=(), audio_globs=(),
                       catalogue_files=(BUILT_IN, tmp_path / "catalogue.toml"),
                       os_name="macos")


def _fake_probes(tmp_path, clock, fixture):  # type: ignore[no-untyped-def]
    catalogue, errors = load_catalogue(_config(tmp_path).catalogue_files)
    return macos_probes.create_probes(
        _config(tmp_path), clock, catalogue, errors,
        framework=FakeMediaFramework.from_fixture(fixture),
        processes=RecordedProcesses(load(fixture)),
    )


def test_on_this_linux_machine_macos_probes_say_why_they_cannot_work(tmp_path, clock):
    probes = create_probes(_config(tmp_path), clock)
    try:
        assert isinstance(probes.devices, NullProbe)
        assert isinstance(probes.apps, CataloguedAppProbe) and probes.watcher is None
        why = "not available here: CoreMediaIO and CoreAudio exist only on macOS (this is linux)"
        statuses = {s.probe: s for s in probes.statuses()}
        for probe in ("camera", "microphone", "watch"):
            assert not statuses[probe].ok and statuses[probe].detail == why
        assert statuses["apps"].ok
        text = render_probe(probe_dict(probes.report(clock), ZoneInfo("UTC")))
        assert "NO   camera" in text and "only on macOS" in text
    finally:
        probes.close()


def test_a_sonoma_mac_names_the_apps_recording(tmp_path, clock):
    probes = _fake_probes(tmp_path, clock, SONOMA)
    try:
        assert isinstance(probes.devices, MacDeviceProbe)
        assert isinstance(probes.watcher, MediaStateWatcher)
        report = probes.report(clock)
        assert [(s.device, s.process) for s in report.camera] == [
            ("FaceTime HD Camera", "unknown app")]
        assert {(s.pid, s.app.app_id if s.app else None) for s in report.microphone} == {
            (2210, "zoom"), (1873, "safari")}
        assert {s.app.app_id for s in report.apps if s.app} == {"zoom", "safari", "obs-studio"}
        assert all(s.ok for s in report.backends if s.probe != "watch")
        watch = next(s for s in report.backends if s.probe == "watch")
        assert not watch.ok and watch.detail == "not started"  # the monitor starts it
    finally:
        probes.close()


def test_a_ventura_mac_says_what_needs_14_2(tmp_path, clock):
    probes = _fake_probes(tmp_path, clock, VENTURA)
    try:
        data = probe_dict(probes.report(clock), ZoneInfo("UTC"))
        text = render_probe(data)
        assert ("NO   microphone  coreaudio-process not available here: macOS 14.2+ needed to "
                "name the app using the microphone (this is 13.6)") in text
        assert [item["process"] for item in data["microphone"]] == ["unknown app"]
        probes.watcher.start(lambda: None)  # type: ignore[union-attr]
        assert probes.watcher.status().ok  # type: ignore[union-attr]
    finally:
        probes.close()
