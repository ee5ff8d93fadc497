"""Starting the tray app (`familywatch`, no command) under Xvfb with a tray host, and
knowing when its icon is shown: its window is embedded in trayer's panel.

The tray app is measured as a family uses it every day: the parent PIN is set (so no
first-run window is open), kept in the tests' file keyring
(tests/security/keyring_backends.py) since this machine has no desktop keyring.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from benchmarks.common import (
    ROOT,
    LineWaiter,
    fw_command,
    stop,
    tray_icon_shown,
    wait_until,
)

PIN = "2468"


def with_parent_pin(env: dict[str, str], root: Path) -> dict[str, str]:
    """`env` with a file keyring in `root` that holds a parent PIN (set by the CLI)."""
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env = {**env, "PYTHON_KEYRING_BACKEND": "tests.security.keyring_backends.FileKeyring",
           "FAMILYWATCH_TEST_KEYRING": "1",
           "FAMILYWATCH_TEST_KEYRING_FILE": str(root / "keyring.json"), "PYTHONPATH": pythonpath}
    subprocess.run(fw_command("pin", "set"), input=PIN + "\n", env=env, capture_output=True,
                   text=True, check=True, timeout=60)
    return env


def start_tray(display_env: dict[str, str], fw: dict[str, str], timeout: float = 60.0
               ) -> tuple[subprocess.Popen[bytes], float]:
    """The tray app, and the seconds from launch until its icon was shown."""
    env = {**fw, "DISPLAY": display_env["DISPLAY"]}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    began = time.perf_counter()
    process = subprocess.Popen(fw_command(), env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = LineWaiter(process.stderr)
    try:
        wait_until(lambda: _shown(process, log, env), timeout=timeout, every=0.01)
    except BaseException:
        stop(process)
        raise
    return process, time.perf_counter() - began


def _shown(process: subprocess.Popen[bytes], log: LineWaiter, env: dict[str, str]) -> bool:
    if process.poll() is not None:
        raise RuntimeError("the tray app exited: " + log.text()[-2000:])
    return tray_icon_shown(env)
