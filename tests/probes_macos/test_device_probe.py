"""MacDeviceProbe over recorded Macs: cameras as "unknown app", microphones by process."""

from __future__ import annotations

from familywatch.core.model import Kind
from familywatch.probes.macos.device_probe import UNKNOWN_APP, MacDeviceProbe
from familywatch.probes.macos.framework import DeviceClass, MediaDevice
from tests.probes_macos.conftest import SONOMA, VENTURA
from tests.probes_macos.fakes import FakeMediaFramework, RecordedProcesses, load


def _probe(name, catalogue, clock):  # type: ignore[no-untyped-def]
    framework = FakeMediaFramework.from_fixture(name)
    return MacDeviceProbe(framework, RecordedProcesses(load(name)), catalogue, clock), framework


def test_a_running_camera_is_a_sighting_of_an_unknown_app(catalogue, clock):
    probe, framework = _probe(SONOMA, catalogue, clock)
    sample = probe.sample()

    assert sample.kinds == {Kind.CAMERA, Kind.MICROPHONE} and sample.at == clock.now()
    cameras = [s for s in sample.sightings if s.kind is Kind.CAMERA]
    assert [(c.device, c.process, c.pid, c.app) for c in cameras] == [
        ("FaceTime HD Camera", UNKNOWN_APP, None, None)]

    framework.set_running("7626645E-4425-469E-9D8B-97E0FA59AC75", True)  # OBS's virtual cam
    cameras = [s for s in probe.sample().sightings if s.kind is Kind.CAMERA]
    assert sorted(c.device or "" for c in cameras) == ["FaceTime HD Camera", "OBS Virtual Camera"]

    framework.running.clear()
    framework.set_recording([])
    assert probe.sample().sightings == ()


def test_on_14_2_the_processes_recording_are_named(catalogue, clock):
    probe, _ = _probe(SONOMA, catalogue, clock)
    microphones = {s.pid: s for s in probe.sample().sightings if s.kind is Kind.MICROPHONE}

    assert set(microphones) == {2210, 1873}  # Zoom and Safari; Music only plays
    zoom = microphones[2210]
    assert (zoom.process, zoom.user) == ("zoom.us", "sam")
    assert zoom.exe == "/Applications/zoom.us.app/Contents/MacOS/zoom.us"
    assert zoom.app is not None and zoom.app.app_id == "zoom"
    safari = microphones[1873]
    assert safari.app is not None and safari.app.app_id == "safari"
    assert safari.device == "MacBook Pro Microphone, ZoomAudioDevice"


def test_on_14_2_a_headset_that_only_plays_is_not_a_microphone_in_use(catalogue, clock):
    probe, framework = _probe(SONOMA, catalogue, clock)
    framework.set_recording([])
    framework.running = {"AppleUSBAudioEngine:Blue Microphones:Yeti Stereo Microphone:REV8:1"}
    assert probe.sample().sightings == ()  # the Yeti plays music into headphones

    # An input-only device running with nobody owning up: still something records.
    framework.running.add("BuiltInMicrophoneDevice")
    (unknown,) = probe.sample().sightings
    assert (unknown.kind, unknown.process, unknown.pid, unknown.device) == (
        Kind.MICROPHONE, UNKNOWN_APP, None, "MacBook Pro Microphone")


def test_a_recording_process_that_is_gone_or_unreadable_keeps_its_pid(catalogue, clock):
    probe, framework = _probe(SONOMA, catalogue, clock)
    framework.set_recording([4444])
    (sighting,) = [s for s in probe.sample().sightings if s.kind is Kind.MICROPHONE]
    assert (sighting.pid, sighting.process, sighting.app) == (4444, "pid 4444", None)


def test_before_14_2_running_inputs_are_unknown_apps(catalogue, clock):
    probe, _ = _probe(VENTURA, catalogue, clock)
    sample = probe.sample()

    seen = sorted((s.kind.value, s.device or "", s.process, s.pid or 0) for s in sample.sightings)
    assert seen == [
        ("camera", "FaceTime HD Camera (Built-in)", UNKNOWN_APP, 0),
        ("camera", "OBS Virtual Camera", UNKNOWN_APP, 0),
        ("microphone", "Samson Q2U Microphone", UNKNOWN_APP, 0),
    ]


def test_statuses_say_what_works_and_what_needs_a_newer_macos(catalogue, clock):
    probe, _ = _probe(VENTURA, catalogue, clock)
    statuses = {(s.probe, s.backend): s for s in probe.statuses()}

    camera = statuses[("camera", "coremediaio")]
    assert camera.ok and "2 cameras (FaceTime HD Camera (Built-in), OBS Virtual Camera)" in (
        camera.detail) and "unknown app" in camera.detail
    microphone = statuses[("microphone", "coreaudio")]
    assert microphone.ok and "2 input devices (iMac Microphone, Samson Q2U Microphone)" in (
        microphone.detail)
    assert "Samson Q2U Microphone also play sound" in microphone.detail
    attribution = statuses[("microphone", "coreaudio-process")]
    assert not attribution.ok
    assert attribution.detail.startswith(
        "not available here: macOS 14.2+ needed to name the app using the microphone "
        "(this is 13.6)")

    probe, _ = _probe(SONOMA, catalogue, clock)
    statuses = {(s.probe, s.backend): s for s in probe.statuses()}
    assert statuses[("microphone", "coreaudio-process")].ok
    assert "macOS 14.5" in statuses[("microphone", "coreaudio-process")].detail
    assert "also play sound" not in statuses[("microphone", "coreaudio")].detail


def test_no_devices_and_broken_frameworks_are_statuses(catalogue, clock):
    probe, framework = _probe(SONOMA, catalogue, clock)
    framework.device_list = [MediaDevice(80, DeviceClass.AUDIO, "MacBook Pro Speakers",
                                         "BuiltInSpeakerDevice", False, True)]
    statuses = {s.probe: s for s in probe.statuses() if s.backend != "coreaudio-process"}
    assert not statuses["camera"].ok and "no camera found" in statuses["camera"].detail
    assert not statuses["microphone"].ok and "no microphone" in statuses["microphone"].detail

    framework.fail = OSError("kAudioHardwareNotRunningError")
    assert probe.sample().sightings == ()
    statuses = {s.probe: s for s in probe.statuses()}
    assert not statuses["camera"].ok and "kAudioHardwareNotRunningError" in (
        statuses["camera"].detail)
