"""LinuxDeviceProbe with real processes holding stand-in camera and microphone nodes."""

from __future__ import annotations

import getpass
import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

from familywatch.core.model import Kind, Sample
from familywatch.probes.linux.device_probe import LinuxDeviceProbe
from familywatch.probes.linux.media import MediaServers

pytestmark = pytest.mark.timeout(60)


def _probe(tmp_path: Path, catalogue, clock, media=None) -> LinuxDeviceProbe:  # type: ignore[no-untyped-def]
    return LinuxDeviceProbe(
        (str(tmp_path / "video*"),), (str(tmp_path / "pcmC*D*c"),), catalogue, clock, media
    )


def _mine(sample: Sample, *pids: int):  # type: ignore[no-untyped-def]
    """Sightings of the processes this test started (the machine may have others)."""
    return [s for s in sample.sightings if s.pid in pids]


def test_camera_and_microphone_holders_are_reported(
    tmp_path, make_node, program, spawn, stop, catalogue, clock
):
    camera, microphone = make_node("video0"), make_node("pcmC0D0c")
    with open(camera, "rb") as cam, open(microphone, "rb") as mic:
        cam_user = spawn([program("camapp"), "60"], stdin=cam)
        mic_user = spawn([program("recorder"), "60"], stdin=mic)
    probe = _probe(tmp_path, catalogue, clock)

    sample = probe.sample()

    assert sample.kinds == {Kind.CAMERA, Kind.MICROPHONE}
    assert sample.at == clock.now()
    assert sample.monotonic == clock.monotonic()
    (seen_cam,) = _mine(sample, cam_user.pid)
    assert seen_cam.kind is Kind.CAMERA
    assert seen_cam.process == "camapp"
    assert seen_cam.device == str(camera)
    assert seen_cam.exe == str(tmp_path / "bin" / "camapp")
    assert seen_cam.user == getpass.getuser()
    assert seen_cam.app is None and seen_cam.via is None
    (seen_mic,) = _mine(sample, mic_user.pid)
    assert (seen_mic.kind, seen_mic.process, seen_mic.device) == (
        Kind.MICROPHONE,
        "recorder",
        str(microphone),
    )

    stop(cam_user)
    after = probe.sample()
    assert _mine(after, cam_user.pid) == []
    assert len(_mine(after, mic_user.pid)) == 1


def test_a_catalogued_app_holding_the_camera_is_named(
    tmp_path, make_node, program, spawn, catalogue, clock
):
    camera = make_node("video0")
    with open(camera, "rb") as cam:
        zoom = spawn([program("zoom"), "60"], stdin=cam)

    (seen,) = _mine(_probe(tmp_path, catalogue, clock).sample(), zoom.pid)

    assert seen.app is not None
    assert (seen.app.app_id, seen.app.category.value) == ("zoom", "video-chat")


def test_one_sighting_per_process_and_node_even_with_several_fds(
    tmp_path, make_node, program, spawn, catalogue, clock
):
    camera = make_node("video0")
    with open(camera, "rb") as a, open(camera, "rb") as b:
        holder = spawn([program("camapp"), "60"], stdin=a, stdout=b)

    assert len(_mine(_probe(tmp_path, catalogue, clock).sample(), holder.pid)) == 1


CHROMIUM_LIKE = textwrap.dedent(
    """
    import subprocess, sys, time
    node, as_child = sys.argv[1], sys.argv[2] == "child"
    flags = ["--type=utility", "--utility-sub-type=video_capture.mojom.VideoCaptureService"]
    code = "import sys, time; f = open(sys.argv[1], 'rb'); print(flush=True); time.sleep(60)"
    child = subprocess.Popen(
        [sys.executable, "-c", code, node, *(flags if as_child else [])],
        stdout=subprocess.PIPE,
    )
    child.stdout.readline()
    print(child.pid, flush=True)
    time.sleep(60)
    """
)


def _browser_like(tmp_path: Path, spawn, node: Path, mode: str):  # type: ignore[no-untyped-def]
    script = tmp_path / "browser.py"
    script.write_text(CHROMIUM_LIKE)
    import subprocess

    parent = spawn([sys.executable, script, node, mode], stdout=subprocess.PIPE)
    child_pid = int(parent.stdout.readline())
    return parent, child_pid


def test_a_chromium_style_child_is_credited_to_its_top_level_process(
    tmp_path, make_node, spawn, catalogue, clock
):
    camera = make_node("video0")
    parent, child_pid = _browser_like(tmp_path, spawn, camera, "child")

    sample = _probe(tmp_path, catalogue, clock).sample()

    (seen,) = _mine(sample, parent.pid, child_pid)
    assert seen.pid == parent.pid  # the child (--type=utility) holds it; the parent is named
    assert seen.exe == os.path.realpath(sys.executable)
    assert seen.device == str(camera)
    assert all(s.pid != os.getpid() for s in sample.sightings)  # never walks up into pytest


def test_a_child_without_the_browser_flag_keeps_the_credit(
    tmp_path, make_node, spawn, catalogue, clock
):
    camera = make_node("video0")
    parent, child_pid = _browser_like(tmp_path, spawn, camera, "plain")

    (seen,) = _mine(_probe(tmp_path, catalogue, clock).sample(), parent.pid, child_pid)

    assert seen.pid == child_pid  # same exe as its parent, but not a browser child


def _pw_dump_for(text: str, node: Path, client_pid: int) -> str:
    no_such_pid = Path("/proc/sys/kernel/pid_max").read_text().strip()  # pids stay below it
    return (
        text.replace("5678", no_such_pid)
        .replace('"/dev/video0"', json.dumps(str(node)))
        .replace('"v4l2:/dev/video0"', json.dumps(f"v4l2:{node}"))
        .replace("4321", str(client_pid))
    )


def test_pipewire_holding_the_camera_is_traced_to_its_client(
    tmp_path, make_node, program, spawn, catalogue, clock, fixture_text
):
    camera = make_node("video0")
    client = spawn([program("firefox-esr"), "60"])
    with open(camera, "rb") as cam:
        server = spawn([program("pipewire"), "60"], stdin=cam)
    pw_dump = _pw_dump_for(fixture_text("pw-dump-camera.json"), camera, client.pid)
    answers = {("pw-dump",): pw_dump}
    media = MediaServers(runner=lambda argv, timeout: answers.get(tuple(argv)))

    sample = _probe(tmp_path, catalogue, clock, media).sample()

    (seen,) = _mine(sample, client.pid)
    assert (seen.process, seen.via, seen.device) == ("firefox-esr", "pipewire", str(camera))
    assert seen.app is not None and seen.app.app_id == "firefox"
    assert _mine(sample, server.pid) == []  # the server is not reported when its client is
    # The fixture's second client (OBS as a Flatpak) has a pid no process here has:
    # it is named as PipeWire tells, without a pid.
    (obs,) = [s for s in sample.sightings if s.process == "obs"]
    assert (obs.pid, obs.via, obs.device) == (None, "pipewire", str(camera))
    assert obs.app is not None and obs.app.app_id == "obs-studio"


def test_pipewire_that_cannot_say_is_reported_itself_via_pipewire(
    tmp_path, make_node, program, spawn, catalogue, clock
):
    camera = make_node("video0")
    with open(camera, "rb") as cam:
        server = spawn([program("pipewire"), "60"], stdin=cam)
    media = MediaServers(runner=lambda argv, timeout: None, which=lambda name: None)
    probe = _probe(tmp_path, catalogue, clock, media)

    (seen,) = _mine(probe.sample(), server.pid)

    assert (seen.process, seen.via, seen.pid) == ("pipewire", "pipewire", server.pid)
    camera_media = [s for s in probe.statuses() if s.backend == "pipewire"]
    assert camera_media[0].ok is False
    assert "pw-dump" in camera_media[0].detail and "via pipewire" in camera_media[0].detail


def test_the_sound_server_holding_the_microphone_is_traced_with_pactl(
    tmp_path, make_node, program, spawn, catalogue, clock, fixture_text
):
    microphone = make_node("pcmC0D0c")
    client = spawn([program("firefox-esr"), "60"])
    with open(microphone, "rb") as mic:
        spawn([program("pipewire"), "60"], stdin=mic)
    outputs = fixture_text("pactl-source-outputs.json").replace("4321", str(client.pid))
    answers = {
        ("pactl", "-f", "json", "list", "sources"): fixture_text("pactl-sources.json"),
        ("pactl", "-f", "json", "list", "source-outputs"): outputs,
    }
    media = MediaServers(runner=lambda argv, timeout: answers.get(tuple(argv)))

    (seen,) = _mine(_probe(tmp_path, catalogue, clock, media).sample(), client.pid)

    assert (seen.kind, seen.process, seen.via) == (Kind.MICROPHONE, "firefox-esr", "pipewire")
    assert seen.device == str(microphone)


def test_statuses_follow_hot_plug_without_a_restart(tmp_path, make_node, catalogue, clock):
    probe = _probe(tmp_path, catalogue, clock)
    camera_status = {s.probe: s for s in probe.statuses() if s.backend == "linux-proc"}
    assert camera_status["camera"].ok is False
    assert "no device node matches" in camera_status["camera"].detail
    assert "no camera connected?" in camera_status["camera"].detail
    assert camera_status["microphone"].ok is False

    make_node("video0")
    make_node("video1")

    now = {s.probe: s for s in probe.statuses() if s.backend == "linux-proc"}
    assert now["camera"].ok is True
    assert now["camera"].detail.startswith("2 device nodes match ")
    assert probe.sample().sightings == ()
