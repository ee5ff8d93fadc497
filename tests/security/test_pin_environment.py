"""FamilyWatch honours PYTHON_KEYRING_BACKEND, checked in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
import keyring
from familywatch.core.clock import SystemClock
from familywatch.security import KeyringUnavailable, PinVault

vault = PinVault(Path(sys.argv[1]), SystemClock())
try:
    if sys.argv[2] == "set":
        vault.set_pin(sys.argv[3])
        print(type(keyring.get_keyring()).__name__)
    else:
        print(vault.verify(sys.argv[3]))
except KeyringUnavailable as error:
    print(error)
    sys.exit(3)
"""


def run(tmp_path: Path, backend: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": backend,
        "FAMILYWATCH_TEST_KEYRING": "1",
        "FAMILYWATCH_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_backend_named_in_the_environment_keeps_the_pin(tmp_path: Path) -> None:
    backend = "tests.security.keyring_backends.FileKeyring"
    done = run(tmp_path, backend, "set", "86420")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "FileKeyring"
    record = json.loads((tmp_path / "keyring.json").read_text(encoding="utf-8"))
    assert record["familywatch/parent-pin"].startswith("scrypt$16384$8$1$")
    assert "86420" not in record["familywatch/parent-pin"]
    assert run(tmp_path, backend, "verify", "86420").stdout.strip() == "True"
    assert run(tmp_path, backend, "verify", "86421").stdout.strip() == "False"


def test_the_fail_backend_gives_a_plain_message(tmp_path: Path) -> None:
    done = run(tmp_path, "keyring.backends.fail.Keyring", "set", "86420")
    assert done.returncode == 3, done.stderr
    assert "No usable keyring for the parent PIN" in done.stdout
    assert "GNOME Keyring or KWallet" in done.stdout


def test_a_backend_that_cannot_be_loaded_is_named(tmp_path: Path) -> None:
    done = run(tmp_path, "no_such_module.Keyring", "set", "86420")
    assert done.returncode == 3, done.stderr
    assert "no_such_module.Keyring could not be loaded" in done.stdout
