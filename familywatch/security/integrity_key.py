"""The tamper-evidence key: 32 random bytes in the OS keyring (service "familywatch",
user "integrity-key"), created on first use - never written to a file.

The key protects against edits by anyone who can write the database file but cannot
read this user's keyring. Without a usable keyring the record is "unverifiable", which
`familywatch verify` says; nothing is silently skipped.
"""

from __future__ import annotations

import secrets

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from familywatch.security.keyring_slot import SERVICE, KeyringSlot, KeyringUnavailable

USERNAME = "integrity-key"


class KeyMissing(KeyringUnavailable):
    """The record has seals but the keyring holds no key for them (keyring reset?)."""


class IntegrityKey:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._slot = KeyringSlot(backend, thing="the tamper-evidence key",
                                 kept="keeps the tamper-evidence key only in the system "
                                      "keyring, never in a plain file")

    def read(self) -> bytes | None:
        backend = self._slot.backend()
        try:
            text = backend.get_password(SERVICE, USERNAME)
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring failed: {error}") from error
        if text is None:
            return None
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise KeyMissing("the tamper-evidence key in the keyring is damaged") from None

    def get_or_create(self, *, chain_is_empty: bool) -> bytes:
        """The key; a new one only while nothing was sealed (a new key would make every
        earlier seal read as altered)."""
        key = self.read()
        if key is not None:
            return key
        if not chain_is_empty:
            raise KeyMissing("the record was sealed with a key that is no longer in the "
                             "keyring (was the keyring reset?)")
        key = secrets.token_bytes(32)
        backend = self._slot.backend()
        try:
            backend.set_password(SERVICE, USERNAME, key.hex())
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring failed: {error}") from error
        if self.read() != key:
            raise KeyringUnavailable(f"{type(backend).__name__} did not keep the key")
        return key
