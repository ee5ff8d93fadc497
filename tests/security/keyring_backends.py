"""Real keyring backends for tests: one in memory, one in a JSON file (for subprocesses).

Both are viable only when FAMILYWATCH_TEST_KEYRING=1, so keyring never picks them by
itself in a process that didn't ask for them (every KeyringBackend subclass is
registered with keyring as soon as it is defined).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

ENABLE = "FAMILYWATCH_TEST_KEYRING"
FILE = "FAMILYWATCH_TEST_KEYRING_FILE"


class _TestOnly(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        if os.environ.get(ENABLE) != "1":
            raise RuntimeError(f"a test keyring; set {ENABLE}=1 to use it")
        return 1


class MemoryKeyring(_TestOnly):
    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not set")


class FileKeyring(_TestOnly):
    """Keeps secrets in the JSON file named by $FAMILYWATCH_TEST_KEYRING_FILE."""

    def _load(self) -> dict[str, str]:
        path = Path(os.environ[FILE])
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}/{username}"] = password
        Path(os.environ[FILE]).write_text(json.dumps(secrets), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        if secrets.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("not set")
        Path(os.environ[FILE]).write_text(json.dumps(secrets), encoding="utf-8")


class ForgetfulKeyring(MemoryKeyring):
    """Accepts writes and keeps nothing - as a misconfigured backend can."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None
