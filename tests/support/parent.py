"""Running parent commands in real `python -m familywatch` processes.

The PIN lives in a file-backed test keyring (tests/security/keyring_backends.py), so it
survives from one subprocess to the next; an in-memory keyring would be empty in each.
The PIN is given on standard input, as a script would. TZ=UTC makes "now" in a
schedule easy to compute; the enforcement unit tests cover other zones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.integration.conftest import Sandbox

ROOT = Path(__file__).resolve().parents[2]
FILE_KEYRING = "tests.security.keyring_backends.FileKeyring"
PIN = "2468"


def enable_parent_env(sandbox: Sandbox) -> None:
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), sandbox.env.get("PYTHONPATH")]))
    sandbox.env.update({
        "FAMILYWATCH_TEST_KEYRING": "1",
        "FAMILYWATCH_TEST_KEYRING_FILE": str(sandbox.root / "keyring.json"),
        "PYTHON_KEYRING_BACKEND": FILE_KEYRING,
        "PYTHONPATH": pythonpath,
        "TZ": "UTC",
    })


@dataclass
class Parent:
    """`familywatch` commands in a sandbox, with the PIN (or anything) on stdin."""

    sandbox: Sandbox

    def run(self, *args: str, stdin: str = "", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "familywatch", *args], input=stdin,
                              env=env or self.sandbox.env, capture_output=True, text=True,
                              timeout=60, check=False)

    def ok(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def with_pin(self, *args: str, pin: str = PIN) -> subprocess.CompletedProcess[str]:
        return self.run(*args, stdin=pin + "\n")

    def set_pin(self, pin: str = PIN) -> None:
        self.ok("pin", "set", stdin=pin + "\n")

    def write(self, name: str, text: str) -> str:
        path = self.sandbox.root / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def import_schedule(self, text: str) -> None:
        done = self.with_pin("schedule", "import", self.write("schedule.toml", text))
        assert done.returncode == 0, done.stderr

    def audit(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = json.loads(self.ok("audit", "--json").stdout)["entries"]
        return entries

    def actions(self) -> list[str]:
        return [entry["action"] for entry in self.audit()]

    def events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = json.loads(self.ok("events", "--json").stdout)["events"]
        return events

    def exported(self) -> str:
        return self.ok("schedule", "export").stdout
