"""Real things for the probe tests: stand-in device nodes, and processes holding them.

Every process started here gets its own process group, killed at teardown - so the
children it starts go too, and nothing else is touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from familywatch.core.catalogue import Catalogue
from familywatch.core.clock import ManualClock
from tests.support.builtin_catalogue import built_in_catalogue

FIXTURES = Path(__file__).resolve().parent / "fixtures"

Spawn = Callable[..., subprocess.Popen[bytes]]
Eventually = Callable[..., object]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return built_in_catalogue()


@pytest.fixture
def fixture_text() -> Callable[[str], str]:
    """The text of a recorded output in tests/probes/fixtures/."""
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 3, 1, 18, 0, tzinfo=UTC))


@pytest.fixture
def make_node(tmp_path: Path) -> Callable[[str], Path]:
    """A stand-in camera/microphone: a char device like /dev/null, or a plain file."""

    def make(name: str) -> Path:
        path = tmp_path / name
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
            with open(path, "rb"):
                pass  # a nodev mount refuses to open device nodes
        except OSError:
            path.unlink(missing_ok=True)
            path.write_bytes(b"")
        return path

    return make


@pytest.fixture
def program(tmp_path: Path) -> Callable[..., Path]:
    """A copy of a system program under another name: `program("zoom")` is a sleep named zoom."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)

    def copy(name: str, original: str = "sleep") -> Path:
        source = shutil.which(original)
        assert source is not None, f"{original} is needed for this test"
        target = bin_dir / name
        shutil.copy2(source, target)
        target.chmod(0o755)
        return target

    return copy


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    started: list[subprocess.Popen[bytes]] = []

    def start(argv: list[str | Path], **kwargs: object) -> subprocess.Popen[bytes]:
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        proc = subprocess.Popen(  # type: ignore[call-overload]
            [str(arg) for arg in argv], start_new_session=True, **kwargs
        )
        started.append(proc)
        return proc  # type: ignore[no-any-return]

    yield start
    for proc in started:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def eventually() -> Eventually:
    """Poll `check` until it returns something truthy, or fail after `timeout` seconds."""

    def wait(check: Callable[[], object], timeout: float = 5.0, what: str = "") -> object:
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout}s waiting for {what or check}")
            time.sleep(0.01)

    return wait


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture
def stop() -> Callable[[subprocess.Popen[bytes]], None]:
    """End one started process (and its group) now, before teardown."""
    return kill


NOBODY = 65534  # uid and gid of 'nobody'


def as_nobody(work: Callable[[], object]) -> Any:
    """Run `work` in a forked child that became 'nobody' (needs root); its JSON result."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        status = 1
        try:
            os.close(read_end)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write_end, json.dumps(work()).encode())
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        found = pipe.read()
    _, status = os.waitpid(child, 0)
    if not found:
        pytest.fail(f"the child running as nobody reported nothing (wait status {status})")
    return json.loads(found)
