"""load_catalogue (files) and create_probes (choosing the platform's probes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from familywatch.core.model import Kind
from familywatch.probes import create_probes, load_catalogue
from familywatch.probes.base import ProbeConfig
from familywatch.probes.linux import InotifyWatcher, LinuxAppProbe, LinuxDeviceProbe
from tests.support.builtin_catalogue import BUILT_IN

pytestmark = pytest.mark.timeout(30)


def test_the_built_in_catalogue_loads_and_a_missing_family_file_is_fine(tmp_path):
    catalogue, errors = load_catalogue([BUILT_IN, tmp_path / "catalogue.toml"])
    assert errors == ()
    assert len(catalogue) >= 30


def test_a_family_file_adds_but_a_hand_edit_never_overrides_a_built_in_app(tmp_path):
    family = tmp_path / "catalogue.toml"
    family.write_text(
        '[[app]]\nid = "zoom"\nname = "Zoom (school)"\ncategory = "video-chat"\n'
        'processes.linux = ["zoom-school"]\n\n'
        '[[app]]\nid = "kids-cam"\nname = "KidsCam"\ncategory = "streaming"\n'
        'processes.linux = ["kidscam"]\n'
    )
    catalogue, errors = load_catalogue([BUILT_IN, family])

    zoom = catalogue.match("zoom", None, "linux")
    assert zoom is not None and zoom.name == "Zoom"  # the built-in entry stays in force
    assert catalogue.match("zoom-school", None, "linux") is None
    assert catalogue.match("Zoom.exe", None, "windows") is not None
    (error,) = errors
    assert error.startswith(f"{family} line 1, entry 'zoom': this changes Zoom, a built-in "
                            "app, but a parent has not approved it, so it is ignored")
    assert "needs the parent PIN: 'familywatch apps approve zoom'" in error
    kids = catalogue.match("kidscam", None, "linux")
    assert kids is not None and kids.app_id == "kids-cam"


def test_problems_with_files_are_messages_not_crashes(tmp_path):
    unreadable = tmp_path / "folder.toml"
    unreadable.mkdir()
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe[[app]]")
    bad_entry = tmp_path / "family.toml"
    bad_entry.write_text('[[app]]\nid = "x"\nname = "X"\ncategory = "streamin"\n')

    catalogue, errors = load_catalogue([BUILT_IN, unreadable, binary, bad_entry])

    assert len(catalogue) >= 30  # the built-in entries all still load
    assert any(str(unreadable) in e and "cannot read" in e and "a folder" in e for e in errors)
    assert any(str(binary) in e and "not UTF-8" in e for e in errors)
    assert any(f"{bad_entry} line 1, entry 'x'" in e and "streamin" in e for e in errors)


def test_a_missing_built_in_catalogue_is_reported(tmp_path):
    catalogue, errors = load_catalogue([tmp_path / "nope.toml"])
    assert len(catalogue) == 0
    assert errors == (f"{tmp_path / 'nope.toml'}: the built-in app catalogue is missing",)


def _config(tmp_path: Path, os_name: str) -> ProbeConfig:
    return ProbeConfig(
        video_globs=(str(tmp_path / "video*"),),
        audio_globs=(str(tmp_path / "pcmC*D*c"),),
        catalogue_files=(BUILT_IN, tmp_path / "family.toml"),
        os_name=os_name,
    )


def test_linux_gets_the_linux_probes(tmp_path, clock):
    probes = create_probes(_config(tmp_path, "linux"), clock)
    try:
        assert isinstance(probes.devices, LinuxDeviceProbe)
        assert isinstance(probes.apps, LinuxAppProbe)
        assert isinstance(probes.watcher, InotifyWatcher)
        assert probes.catalogue_errors == ()
        names = {(s.probe, s.backend) for s in probes.statuses()}
        assert {
            ("camera", "linux-proc"),
            ("microphone", "linux-proc"),
            ("apps", "linux-proc"),
        } <= names
        assert ("watch", "inotify") in names
        report = probes.report(clock)
        assert report.camera == () and report.microphone == ()
    finally:
        probes.close()


def test_an_unknown_system_gets_probes_that_say_why(tmp_path, clock):
    probes = create_probes(_config(tmp_path, "plan9"), clock)

    assert probes.devices.kinds == {Kind.CAMERA, Kind.MICROPHONE}
    assert probes.devices.sample().sightings == ()
    assert probes.apps.sample().kinds == {Kind.APP}
    statuses = probes.statuses()
    assert {s.probe for s in statuses} == {"camera", "microphone", "apps"}
    assert all(not s.ok and s.detail.startswith("not available here: ") for s in statuses)
    assert "plan9" in statuses[0].detail


@pytest.mark.parametrize("os_name", ["windows", "macos"])
def test_a_build_without_the_systems_module_says_it_is_missing(tmp_path, clock, os_name,
                                                               monkeypatch):
    # Both modules exist (their own tests cover them): None in sys.modules makes the
    # import fail as in a build that left the module out.
    monkeypatch.setitem(sys.modules, f"familywatch.probes.{os_name}", None)
    probes = create_probes(_config(tmp_path, os_name), clock)
    statuses = probes.statuses()
    assert statuses and all(not s.ok for s in statuses)
    assert all(
        f"not available here: this build has no {os_name} probes" == s.detail for s in statuses
    )


def test_catalogue_problems_reach_the_probe_set(tmp_path, clock):
    config = _config(tmp_path, "linux")
    (tmp_path / "family.toml").write_text("[[app]\n")
    probes = create_probes(config, clock)
    try:
        (message,) = probes.catalogue_errors
        assert "family.toml line 1" in message
        assert probes.report(clock).notes == probes.catalogue_errors
    finally:
        probes.close()
