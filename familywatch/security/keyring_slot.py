"""The one keyring entry FamilyWatch keeps the PIN record in, and plain words when there
is no usable keyring."""

from __future__ import annotations

import os

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, KeyringLocked

SERVICE = "familywatch"
USERNAME = "parent-pin"

PIN = "the parent PIN"
PIN_KEPT = ("keeps the parent PIN only as a salted hash in the system keyring, and won't "
            "store it in a plain file")
HOW_TO_FIX = (
    "To fix this: on Linux, install and unlock a Secret Service provider such as GNOME "
    "Keyring or KWallet (it is usually unlocked when you log in to the desktop); on "
    "Windows and macOS the system keyring is used. Or set PYTHON_KEYRING_BACKEND to a "
    "keyring backend you trust."
)


class KeyringUnavailable(RuntimeError):
    """No usable keyring backend; the message says what to do."""


class KeyringSlot:
    """Reads and writes the PIN record through a keyring backend that really keeps it.

    `thing` and `kept` word what is kept and how, for the tamper-evidence key's
    use of `backend()` (security/integrity_key.py)."""

    def __init__(self, backend: KeyringBackend | None = None, *, thing: str = PIN,
                 kept: str = PIN_KEPT) -> None:
        self._backend = backend
        self._thing = thing
        self._kept = kept

    def _unusable(self, reason: str) -> KeyringUnavailable:
        return KeyringUnavailable(f"No usable keyring for {self._thing}: {reason}. "
                                  f"FamilyWatch {self._kept}. {HOW_TO_FIX}")

    def backend(self) -> KeyringBackend:
        if self._backend is not None:
            chosen = self._backend
        else:
            try:  # honours PYTHON_KEYRING_BACKEND and keyringrc.cfg
                chosen = keyring.get_keyring()
            except Exception as error:  # a misconfigured backend raises anything
                name = os.environ.get("PYTHON_KEYRING_BACKEND", "the configured backend")
                raise self._unusable(f"{name} could not be loaded ({error})") from error
        if isinstance(chosen, fail.Keyring):
            raise self._unusable("no keyring backend is available here")
        if isinstance(chosen, null.Keyring):
            raise self._unusable("the 'null' keyring backend is configured, which keeps nothing")
        if isinstance(chosen, chainer.ChainerBackend) and not chosen.backends:
            raise self._unusable("no keyring backend is available here")
        return chosen

    def read(self) -> str | None:
        backend = self.backend()
        try:
            return backend.get_password(SERVICE, USERNAME)
        except KeyringLocked as error:
            raise self._unusable(f"the keyring is locked ({error})") from error
        except KeyringError as error:
            raise self._unusable(f"{type(backend).__name__} failed: {error}") from error

    def write(self, record: str) -> None:
        backend = self.backend()
        try:
            backend.set_password(SERVICE, USERNAME, record)
        except KeyringLocked as error:
            raise self._unusable(f"the keyring is locked ({error})") from error
        except KeyringError as error:
            raise self._unusable(f"{type(backend).__name__} failed: {error}") from error
        if self.read() != record:  # some backends accept a write and keep nothing
            raise self._unusable(f"{type(backend).__name__} did not keep the PIN record")
