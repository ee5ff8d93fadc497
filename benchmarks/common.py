"""Shared helpers for benchmarks: a scratch sandbox, stand-in nodes, a monitor process."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SLEEP = shutil.which("sleep") or "/bin/sleep"


def make_node(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        path.touch()
    return path


@contextmanager
def sandbox(**extra_env: str) -> Iterator[tuple[Path, dict[str, str]]]:
    root = Path(tempfile.mkdtemp(prefix="fw-bench-"))
    (root / "dev").mkdir()
    make_node(root / "dev" / "video0")
    make_node(root / "dev" / "pcmC0D0c")
    env = {**os.environ,
           "FAMILYWATCH_DATA_DIR": str(root / "data"),
           "FAMILYWATCH_VIDEO_DEVICES": str(root / "dev" / "video*"),
           "FAMILYWATCH_AUDIO_DEVICES": str(root / "dev" / "pcmC*D*c"),
           **extra_env}
    env.pop("FAMILYWATCH_DB_URL", None)
    try:
        yield root, env
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def background_processes(count: int, fds_each: int = 0) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` idle processes, each holding `fds_each` extra open files."""
    script = ("import os,sys,time\n"
              f"fds=[os.open('/dev/null', os.O_RDONLY) for _ in range({fds_each})]\n"
              "sys.stdout.write('ok\\n'); sys.stdout.flush(); time.sleep(3600)\n")
    started: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            if fds_each:
                started.append(subprocess.Popen([sys.executable, "-c", script],
                                                stdout=subprocess.PIPE))
            else:
                started.append(subprocess.Popen([SLEEP, "3600"]))
        for process in started:
            if process.stdout is not None:
                process.stdout.readline()
        yield started
    finally:
        for process in started:
            process.kill()
        for process in started:
            process.wait()


def start_monitor(env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "familywatch", "monitor"], env=env,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "monitoring the camera" in line:
            return process
    raise RuntimeError("monitor did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def wait_until(predicate, timeout: float = 10.0, every: float = 0.002) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        time.sleep(every)
    return time.perf_counter() - start
