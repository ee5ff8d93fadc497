"""A real Monitor with the real Linux probes, watching a stand-in camera in tmp_path.

A process named like a catalogued app ("zoom", a copy of `sleep`) holds the stand-in
node open; the probes find it in /proc exactly as they would find a real camera user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from familywatch.config import resources_dir
from familywatch.core.clock import SystemClock
from familywatch.monitor.records import Records
from familywatch.monitor.runtime import Monitor, MonitorSettings
from familywatch.probes import create_probes, null_probes
from familywatch.probes.base import ProbeConfig
from familywatch.store import SqlStore, open_store
from tests.ui.sample_data import HOST, LONDON

SLEEP = shutil.which("sleep") or "/bin/sleep"


def make_node(path: Path) -> Path:
    """A character device that opens like /dev/null (as root), else a regular file."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(path, "rb"):
            pass
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        path.touch()
    return path


@dataclass
class Rig:
    monitor: Monitor
    records: Records
    store: SqlStore
    data_dir: Path
    camera: Path
    bin_dir: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def hold_camera(self, name: str) -> subprocess.Popen[bytes]:
        exe = self.bin_dir / name
        if not exe.exists():
            shutil.copy(SLEEP, exe)
        with open(self.camera, "rb") as node:
            process = subprocess.Popen([str(exe), "120"], stdin=node)
        self.started.append(process)
        return process

    def cleanup(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)
        self.monitor.probes.close()
        self.store.close()


def build_rig(tmp_path: Path, *, sensing: bool = True) -> Iterator[Rig]:
    data_dir = tmp_path / "data"
    devices, bin_dir = tmp_path / "dev", tmp_path / "bin"
    for folder in (data_dir, devices, bin_dir):
        folder.mkdir(parents=True, exist_ok=True)
    camera = make_node(devices / "video0")
    make_node(devices / "pcmC0D0c")
    clock = SystemClock()
    if sensing:
        probes = create_probes(ProbeConfig(
            video_globs=(str(devices / "video*"),), audio_globs=(str(devices / "pcmC*D*c"),),
            catalogue_files=(resources_dir() / "catalogue.toml",)), clock)
    else:
        probes = null_probes(clock, "test", "this test watches nothing")
    store = open_store(f"sqlite:///{data_dir / 'fw.sqlite3'}")
    settings = MonitorSettings(host=HOST, app_poll_seconds=0.5, device_reconcile_seconds=1.0,
                               flush_seconds=0.5)
    monitor = Monitor(probes, store, clock, settings)
    records = Records(store, clock, LONDON, lock_file=data_dir / "monitor.lock", host=HOST)
    rig = Rig(monitor, records, store, data_dir, camera, bin_dir)
    try:
        yield rig
    finally:
        rig.cleanup()
