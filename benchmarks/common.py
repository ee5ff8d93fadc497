"""Shared helpers for benchmarks: sandboxes, stand-in nodes, processes, statistics, X.

Every process a benchmark starts is stopped by its pid (SIGINT first, then SIGKILL),
never by name.
"""

from __future__ import annotations

import os
import platform
import random
import re
import shutil
import signal
import socket
import stat
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
SLEEP = shutil.which("sleep") or "/bin/sleep"
READY_LINE = "monitoring the camera"


# -- the machine ---------------------------------------------------------------------
def machine_info() -> dict[str, Any]:
    model = "unknown"
    with suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "processes": len(psutil.pids()),
        "load_average": [round(x, 2) for x in load],
    }


def machine_line(info: dict[str, Any]) -> str:
    return (f"{info['nproc']} × {info['cpu_model']}, {info['memory_gb']} GB, Python "
            f"{info['python']}, Linux {info['kernel']}")


# -- statistics ----------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of `repeat` calls, in ms."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return times


def spread(values: list[float], digits: int = 2) -> dict[str, float]:
    """Median, min and max of repeated measurements (the suite reports ranges)."""
    return {"median": round(median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "n": len(values)}


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0,
               every: float = 0.002) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"condition not met within {timeout} s")
        time.sleep(every)
    return time.perf_counter() - start


# -- files, nodes, sandboxes ---------------------------------------------------------
def make_node(path: Path) -> Path:
    """A character device that opens like /dev/null (root); a regular file otherwise."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        path.touch()
    return path


@contextmanager
def scratch(prefix: str = "fw-bench-") -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fw_env(root: Path, **extra: str) -> dict[str, str]:
    """FamilyWatch's environment for a sandbox: data dir and stand-in device nodes."""
    (root / "dev").mkdir(parents=True, exist_ok=True)
    for name in ("video0", "pcmC0D0c"):
        if not (root / "dev" / name).exists():
            make_node(root / "dev" / name)
    env = {**os.environ,
           "FAMILYWATCH_DATA_DIR": str(root / "data"),
           "FAMILYWATCH_VIDEO_DEVICES": str(root / "dev" / "video*"),
           "FAMILYWATCH_AUDIO_DEVICES": str(root / "dev" / "pcmC*D*c"),
           **extra}
    env.pop("FAMILYWATCH_DB_URL", None)
    return env


@contextmanager
def sandbox(**extra_env: str) -> Iterator[tuple[Path, dict[str, str]]]:
    with scratch() as root:
        yield root, fw_env(root, **extra_env)


def db_path(root: Path) -> Path:
    return root / "data" / "familywatch.sqlite3"


# -- background load -------------------------------------------------------------------
@contextmanager
def background_processes(count: int, fds_each: int = 0,
                         hold: Path | None = None) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` idle `sleep` processes, each holding about `fds_each` open fds (a mix of
    a regular file and /dev/null). With `hold`, the first one also holds that node."""
    started: list[subprocess.Popen[bytes]] = []
    with scratch("fw-bench-load-") as work:
        filler = work / "filler"
        filler.write_bytes(b"x")
        extra = max(0, fds_each - 3)
        try:
            for n in range(count):
                held = [os.open(filler if i % 2 else os.devnull, os.O_RDONLY)
                        for i in range(extra)]
                stdin_path = hold if (n == 0 and hold is not None) else os.devnull
                try:
                    with open(stdin_path, "rb") as stdin:
                        started.append(subprocess.Popen(
                            [SLEEP, "3600"], stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, pass_fds=held))
                finally:
                    for fd in held:
                        os.close(fd)
            yield started
        finally:
            stop_all(started)


def top_up(total: int) -> int:
    """How many processes to start so that the machine has about `total`."""
    return max(0, total - len(psutil.pids()))


def stop_all(processes: list[subprocess.Popen[Any]]) -> None:
    for process in processes:
        with suppress(ProcessLookupError):
            process.kill()
    for process in processes:
        process.wait()


def stop(process: subprocess.Popen[Any], timeout: float = 15.0) -> int | None:
    """SIGINT (a clean stop: sessions closed, SQLite WAL merged), then SIGKILL."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


# -- the monitor -------------------------------------------------------------------------
class LineWaiter:
    """Reads a child's stderr on a thread; lets the caller wait for a line."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: Any) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
            with self._cond:
                self.lines.append((time.perf_counter(), line))
                self._cond.notify_all()
        with self._cond:
            self.lines.append((time.perf_counter(), ""))  # EOF
            self._cond.notify_all()

    def wait_for(self, text: str, timeout: float) -> float:
        """perf_counter() when a line with `text` arrived."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for at, line in self.lines:
                    if text in line:
                        return at
                    if line == "" and at:
                        raise RuntimeError("the process ended before saying " + repr(text) +
                                           ": " + "".join(x for _, x in self.lines)[-2000:])
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {text!r} within {timeout} s")
                self._cond.wait(left)

    def text(self) -> str:
        with self._cond:
            return "".join(line for _, line in self.lines)


def fw_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "familywatch", *args]


def start_monitor(env: dict[str, str], timeout: float = 60.0
                  ) -> tuple[subprocess.Popen[bytes], float]:
    """Start `familywatch monitor`; return it and the seconds until it said it is ready."""
    began = time.perf_counter()
    process = subprocess.Popen(fw_command("monitor"), env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    waiter = LineWaiter(process.stderr)
    try:
        ready = waiter.wait_for(READY_LINE, timeout)
    except BaseException:
        stop(process)
        raise
    return process, ready - began


@contextmanager
def running_monitor(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process, _ = start_monitor(env)
    try:
        yield process
    finally:
        stop(process)


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def uss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_full_info().uss / 2**20


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- X11: Xvfb and a tray host -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Display:
    env: dict[str, str]
    name: str


def x_tools_missing() -> list[str]:
    return [tool for tool in ("Xvfb", "trayer", "xwininfo") if shutil.which(tool) is None]


@contextmanager
def xvfb_with_tray() -> Iterator[Display]:
    """A private Xvfb display with `trayer` as the system tray host.

    The display number is random and high: others on this machine may run Xvfb on the
    usual low numbers (a clash makes Xvfb exit at once, as seen with -displayfd)."""
    with tempfile.TemporaryFile() as xvfb_log:
        started: list[subprocess.Popen[bytes]] = []

        def xvfb_said() -> str:
            xvfb_log.seek(0)
            return xvfb_log.read().decode(errors="replace")[-400:]

        try:
            xvfb, env = _start_xvfb(xvfb_log, xvfb_said)
            started.append(xvfb)
            _start_trayer(env, started, xvfb, xvfb_said)
            yield Display(env, env["DISPLAY"])
        finally:
            for process in reversed(started):
                with suppress(ProcessLookupError):
                    process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _start_xvfb(log: Any, said: Callable[[], str]
                ) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    rng = random.Random()
    for _ in range(5):
        number = rng.randrange(200, 900)
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=log)
        env = {**os.environ, "DISPLAY": f":{number}"}
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_QPA_PLATFORM", None)
        try:
            wait_until(lambda xvfb=xvfb, env=env: _x_answers(xvfb, env), timeout=15,
                       every=0.05)
            return xvfb, env
        except (TimeoutError, ChildProcessError):
            with suppress(ProcessLookupError):
                xvfb.kill()
            xvfb.wait()
    raise RuntimeError(f"Xvfb did not start: {said()!r}")


def _x_answers(xvfb: subprocess.Popen[bytes], env: dict[str, str]) -> bool:
    if xvfb.poll() is not None:
        raise ChildProcessError
    return "root window" in x_tree(env)


def _start_trayer(env: dict[str, str], started: list[subprocess.Popen[bytes]],
                  xvfb: subprocess.Popen[bytes], xvfb_said: Callable[[], str]) -> None:
    for attempt in range(3):  # seen once: a trayer that never showed its panel
        trayer = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
             "--width", "200", "--heighttype", "pixel", "--height", "24"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(trayer)
        try:
            wait_until(lambda: '("panel" "trayer")' in x_tree(env), timeout=10, every=0.05)
            return
        except TimeoutError:
            trayer.kill()
            _, err = trayer.communicate()
            started.remove(trayer)
            if attempt == 2 or xvfb.poll() is not None:
                raise RuntimeError(
                    f"trayer showed no panel on {env['DISPLAY']} (Xvfb exit {xvfb.poll()}: "
                    f"{xvfb_said()!r}; trayer: {err.decode(errors='replace')[-300:]!r})"
                ) from None


def x_tree(env: dict[str, str]) -> str:
    done = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                          text=True, check=False, timeout=10)
    return done.stdout


TRAY_ICON = re.compile(r'"FamilyWatch": \("[^"]*" "FamilyWatch"\)\s+(\d+)x(\d+)')


def tray_icon_shown(env: dict[str, str]) -> bool:
    """True once FamilyWatch's tray icon window is embedded (it has a WM_CLASS and a
    real size, unlike Qt's 1x1 helper windows)."""
    for match in TRAY_ICON.finditer(x_tree(env)):
        if int(match.group(1)) > 1 and int(match.group(2)) > 1:
            return True
    return False
