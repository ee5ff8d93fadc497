"""A keyring backend in a JSON file, for benchmarks only: the parent PIN set by one
`familywatch pin set` process must be there for the tray app started next (an in-memory
keyring would be empty in each process, and this machine has no desktop keyring).

    PYTHON_KEYRING_BACKEND=benchmarks.keyring_file.FileKeyring
    FAMILYWATCH_BENCH_KEYRING=/scratch/keyring.json
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

FILE = "FAMILYWATCH_BENCH_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]  # chosen only by name, never detected

    def _path(self) -> Path:
        return Path(os.environ[FILE])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}\0{username}"] = password
        self._path().write_text(json.dumps(secrets), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        secrets.pop(f"{service}\0{username}", None)
        self._path().write_text(json.dumps(secrets), encoding="utf-8")
