"""Real monitor processes, real stand-in device nodes, real processes named like apps."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SLEEP = shutil.which("sleep") or "/bin/sleep"


def make_node(path: Path) -> Path:
    """A character device that opens like /dev/null (as root), else a regular file.

    Both are seen by the /proc scan and by inotify, which is all the probes need.
    """
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        path.touch()
    return path


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(every)


@dataclass
class Sandbox:
    root: Path
    env: dict[str, str]
    camera: Path
    microphone: Path
    bin_dir: Path

    def familywatch(self, *args: str, check: bool = True,
                    timeout: float = 60) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "familywatch", *args], env=self.env,
                                capture_output=True, text=True, timeout=timeout, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"familywatch {' '.join(args)} failed "
                                 f"({result.returncode}): {result.stderr}")
        return result

    def json(self, *args: str) -> dict[str, Any]:
        return json.loads(self.familywatch(*args).stdout)

    def named_process(self, name: str, *, hold: Path | None = None,
                      seconds: int = 120) -> subprocess.Popen[bytes]:
        """A copy of `sleep` called `name`, optionally holding `hold` open as stdin."""
        exe = self.bin_dir / name
        if not exe.exists():
            shutil.copy(SLEEP, exe)
        stdin = open(hold, "rb") if hold else subprocess.DEVNULL  # noqa: SIM115
        try:
            return subprocess.Popen([str(exe), str(seconds)], stdin=stdin)
        finally:
            if hold:
                stdin.close()  # type: ignore[union-attr]

    def start_monitor(self) -> Monitor:
        process = subprocess.Popen([sys.executable, "-m", "familywatch", "monitor"],
                                   env=self.env, stderr=subprocess.PIPE, text=True)
        monitor = Monitor(process)
        try:
            wait_for(lambda: "monitoring the camera" in monitor.output, timeout=30)
        except AssertionError:
            process.kill()
            raise AssertionError(f"the monitor did not start: {monitor.output}") from None
        return monitor


class Monitor:
    """A running `familywatch monitor`; its stderr is drained on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    devices = tmp_path / "dev"
    devices.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    camera = make_node(devices / "video0")
    microphone = make_node(devices / "pcmC0D0c")
    env = {
        **os.environ,
        "FAMILYWATCH_DATA_DIR": str(tmp_path / "data"),
        "FAMILYWATCH_RUNTIME_DIR": str(tmp_path / "run"),  # the lock and the state file
        "FAMILYWATCH_VIDEO_DEVICES": str(devices / "video*"),
        "FAMILYWATCH_AUDIO_DEVICES": str(devices / "pcmC*D*c"),
        "FAMILYWATCH_APP_POLL": "0.5",
        "FAMILYWATCH_FLUSH": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("FAMILYWATCH_DB_URL", None)
    yield Sandbox(tmp_path, env, camera, microphone, bin_dir)


@pytest.fixture
def monitors() -> Iterator[list[Monitor]]:
    started: list[Monitor] = []
    yield started
    for monitor in started:
        if monitor.process.poll() is None:
            monitor.stop(signal.SIGKILL)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[Any]]]:
    """Every process a test starts goes here and is killed afterwards."""
    started: list[subprocess.Popen[Any]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
