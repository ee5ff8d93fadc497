"""pw-dump and pactl parsing, fed with recorded output (tests/probes/fixtures/)."""

from __future__ import annotations

import json

import pytest

from familywatch.probes.linux.media import (
    PACTL_JSON_OUTPUTS,
    PACTL_JSON_SOURCES,
    PACTL_TEXT_OUTPUTS,
    PACTL_TEXT_SOURCES,
    MediaServers,
    run_command,
)
from familywatch.probes.linux.pipewire import MediaClient, video_clients
from familywatch.probes.linux.pulse import audio_clients_json, audio_clients_text

FIREFOX = MediaClient(pid=4321, binary="firefox-esr", app_name="Firefox")
DISCORD = MediaClient(pid=8123, binary="Discord", app_name="Chromium input")


def test_pw_dump_names_the_clients_of_each_camera(fixture_text):
    found = video_clients(fixture_text("pw-dump-camera.json"))

    # /dev/video4 (suspended, unlinked) and the libcamera node have no clients; audio is
    # not counted as camera use.
    assert set(found) == {"/dev/video0"}
    firefox, obs = found["/dev/video0"]
    assert firefox == FIREFOX
    # A Flatpak app through the camera portal: the host pid (pipewire.sec.pid), not the
    # pid inside its sandbox (application.process.id = 2).
    assert obs == MediaClient(pid=5678, binary="obs", app_name="OBS Studio")


def test_pw_dump_follows_a_filter_between_camera_and_app():
    objects = [
        {"id": 10, "type": "PipeWire:Interface:Node", "info": {"props": {
            "media.class": "Video/Source", "object.path": "v4l2:/dev/video2"}}},
        {"id": 11, "type": "PipeWire:Interface:Node", "info": {"props": {
            "media.class": "Video/Filter", "node.name": "background-blur"}}},
        {"id": 12, "type": "PipeWire:Interface:Node", "info": {"props": {
            "media.class": "Stream/Input/Video", "client.id": 13}}},
        {"id": 13, "type": "PipeWire:Interface:Client", "info": {"props": {
            "pipewire.sec.pid": 777, "application.name": "Zoom"}}},
        {"id": 20, "type": "PipeWire:Interface:Link", "info": {
            "output-node-id": 10, "input-node-id": 11, "state": "active"}},
        {"id": 21, "type": "PipeWire:Interface:Link", "info": {
            "output-node-id": 11, "input-node-id": 12, "state": "active"}},
        {"id": 22, "type": "PipeWire:Interface:Link", "info": {
            "output-node-id": 12, "input-node-id": 10, "state": "error"}},
    ]  # fmt: skip

    assert video_clients(json.dumps(objects)) == {
        "/dev/video2": [MediaClient(pid=777, binary=None, app_name="Zoom")]
    }


@pytest.mark.parametrize("garbage", ["", "not json", "{}", '{"id": 1}'])
def test_pw_dump_garbage_is_a_value_error(garbage):
    with pytest.raises(ValueError):
        video_clients(garbage)


def test_pactl_json_names_the_apps_recording_each_microphone(fixture_text):
    found = audio_clients_json(
        fixture_text("pactl-sources.json"), fixture_text("pactl-source-outputs.json")
    )

    # Firefox records the built-in mic (card 0, device 0). Not counted: pavucontrol's
    # peak meter, OBS recording the speakers' monitor. Discord records the echo-cancel
    # source, which is tied to no node.
    assert found == {"/dev/snd/pcmC0D0c": [FIREFOX], None: [DISCORD]}


def test_pactl_text_gives_the_same_answer(fixture_text):
    text = audio_clients_text(
        fixture_text("pactl-sources.txt"), fixture_text("pactl-source-outputs.txt")
    )
    as_json = audio_clients_json(
        fixture_text("pactl-sources.json"), fixture_text("pactl-source-outputs.json")
    )
    assert text == as_json


def test_pactl_text_without_outputs_is_empty(fixture_text):
    assert audio_clients_text(fixture_text("pactl-sources.txt"), "") == {}


def test_pactl_garbage_is_a_value_error():
    with pytest.raises(ValueError):
        audio_clients_json("[]", "Source Output #1")
    with pytest.raises(ValueError):
        audio_clients_text("", "something unexpected\nwith no blocks")


class Recorded:
    """A command runner answering from recorded output, remembering what was asked."""

    def __init__(self, answers):  # type: ignore[no-untyped-def]
        self.answers = answers
        self.asked: list[tuple[str, ...]] = []

    def __call__(self, argv, timeout):  # type: ignore[no-untyped-def]
        self.asked.append(tuple(argv))
        assert timeout <= 5
        return self.answers.get(tuple(argv))


def test_an_old_pactl_without_json_falls_back_to_text_and_remembers(fixture_text):
    runner = Recorded(
        {
            PACTL_TEXT_SOURCES: fixture_text("pactl-sources.txt"),
            PACTL_TEXT_OUTPUTS: fixture_text("pactl-source-outputs.txt"),
        }
    )
    media = MediaServers(runner=runner, which=lambda name: f"/usr/bin/{name}")

    assert media.audio_clients() == {"/dev/snd/pcmC0D0c": [FIREFOX], None: [DISCORD]}
    assert runner.asked[0] == PACTL_JSON_OUTPUTS
    runner.asked.clear()
    media.audio_clients()
    assert PACTL_JSON_OUTPUTS not in runner.asked and PACTL_JSON_SOURCES not in runner.asked
    (status,) = [s for s in media.statuses() if s.backend == "pactl"]
    assert status.ok


def test_statuses_say_what_happens_without_the_tools():
    media = MediaServers(runner=lambda argv, timeout: None, which=lambda name: None)
    pipewire, pactl = media.statuses()
    assert (pipewire.probe, pipewire.ok) == ("camera", False)
    assert pipewire.detail == (
        "pw-dump not installed: clients of pipewire are recorded as 'via pipewire'"
    )
    assert (pactl.probe, pactl.ok) == ("microphone", False)
    assert pactl.detail.startswith("pactl not installed")

    assert media.video_clients() is None
    assert media.audio_clients() is None


def test_statuses_when_the_tool_is_there_but_cannot_answer():
    media = MediaServers(runner=lambda argv, timeout: "garbage", which=lambda name: name)
    assert media.statuses()[0].ok  # installed, not asked yet
    assert media.video_clients() is None
    status = media.statuses()[0]
    assert not status.ok and "output not understood" in status.detail


def test_the_real_runner_reports_failure_as_none():
    assert run_command(["/nonexistent/pw-dump"], 1.0) is None
    assert run_command(["false"], 1.0) is None
    assert run_command(["sleep", "5"], 0.1) is None  # timeout
    assert run_command(["echo", "hello"], 5.0) == "hello\n"
