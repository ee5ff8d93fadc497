"""Asking the media servers (PipeWire, PulseAudio) which apps use the devices they hold.

Runs `pw-dump` and `pactl` with a short timeout through an injectable runner (tests
feed recorded output; pipewire may not exist where tests run). Every failure - tool
missing, server not running for this user, timeout, output not understood - means
"the server can't say", and the sighting stays with the server, marked `via`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

from familywatch.core.model import BackendStatus
from familywatch.probes.linux.pipewire import MediaClient, video_clients
from familywatch.probes.linux.pulse import audio_clients_json, audio_clients_text

# argv, timeout in seconds -> stdout, or None when the command could not answer
Runner = Callable[[Sequence[str], float], str | None]

PW_DUMP = ("pw-dump",)
PACTL_JSON_SOURCES = ("pactl", "-f", "json", "list", "sources")
PACTL_JSON_OUTPUTS = ("pactl", "-f", "json", "list", "source-outputs")
PACTL_TEXT_SOURCES = ("pactl", "list", "sources")
PACTL_TEXT_OUTPUTS = ("pactl", "list", "source-outputs")


def run_command(argv: Sequence[str], timeout: float) -> str | None:
    # C locale: pactl's text output is translated otherwise. No colours in pw-dump.
    env = {**os.environ, "LC_ALL": "C", "NO_COLOR": "1"}
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class MediaServers:
    """Names the clients of the media servers, once per call (callers cache per sample)."""

    def __init__(
        self,
        runner: Runner = run_command,
        timeout: float = 2.0,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self._run = runner
        self._timeout = timeout
        self._which = which
        self._pactl_json = True  # until pactl says it has no -f json
        self._last: dict[str, str] = {}  # tool -> what happened last time it was asked

    def video_clients(self) -> dict[str, list[MediaClient]] | None:
        """Camera node -> apps reading it through PipeWire; None if PipeWire can't say."""
        output = self._run(PW_DUMP, self._timeout)
        if output is None:
            self._last["pw-dump"] = "did not answer (not installed, or no PipeWire session)"
            return None
        try:
            found = video_clients(output)
        except ValueError as exc:
            self._last["pw-dump"] = f"output not understood ({exc})"
            return None
        self._last["pw-dump"] = "answered"
        return found

    def audio_clients(self) -> dict[str | None, list[MediaClient]] | None:
        """Capture node (None: unknown) -> apps recording; None if the server can't say."""
        if self._pactl_json:
            found = self._pactl(PACTL_JSON_SOURCES, PACTL_JSON_OUTPUTS, audio_clients_json)
            if found is not None:
                return found
        found = self._pactl(PACTL_TEXT_SOURCES, PACTL_TEXT_OUTPUTS, audio_clients_text)
        if found is not None and self._pactl_json:
            self._pactl_json = False  # an older pactl: go straight to text next time
        return found

    def _pactl(
        self,
        sources_cmd: Sequence[str],
        outputs_cmd: Sequence[str],
        parse: Callable[[str, str], dict[str | None, list[MediaClient]]],
    ) -> dict[str | None, list[MediaClient]] | None:
        outputs = self._run(outputs_cmd, self._timeout)
        sources = self._run(sources_cmd, self._timeout) if outputs is not None else None
        if outputs is None or sources is None:
            self._last["pactl"] = "did not answer (not installed, or no sound server session)"
            return None
        try:
            found = parse(sources, outputs)
        except ValueError as exc:
            self._last["pactl"] = f"output not understood ({exc})"
            return None
        self._last["pactl"] = "answered"
        return found

    def statuses(self) -> tuple[BackendStatus, ...]:
        return (
            self._status(
                "camera",
                "pipewire",
                "pw-dump",
                "clients of pipewire are recorded as 'via pipewire'",
            ),
            self._status(
                "microphone",
                "pactl",
                "pactl",
                "apps recording through the sound server are recorded as "
                "'via pipewire' or 'via pulseaudio'",
            ),
        )

    def _status(self, probe: str, backend: str, tool: str, fallback: str) -> BackendStatus:
        last = self._last.get(tool)
        if last == "answered":
            return BackendStatus(probe, backend, True, f"{tool} names the apps behind the server")
        if last is None and self._which(tool) is None:
            return BackendStatus(probe, backend, False, f"{tool} not installed: {fallback}")
        if last is None:
            return BackendStatus(
                probe, backend, True, f"{tool} found; asked when a media server holds a device"
            )
        return BackendStatus(probe, backend, False, f"{tool} {last}: {fallback}")
