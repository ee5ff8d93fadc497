"""The key parents' approvals of changes to built-in apps are made with: 32 random bytes
in the OS keyring (service "familywatch", user "catalogue-approval-key"), never in a file.

A new key replaces the old one at every PIN-guarded change to a built-in app, and the
approvals still in force are made again with it (monitor/family_catalogue.py): a copy of
an approval from before that change (an entry a parent later changed back) no longer
counts. Like the tamper-evidence key, it protects against whoever can edit the family's
file but can't read this user's keyring.
"""

from __future__ import annotations

import secrets

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from familywatch.security.keyring_slot import SERVICE, KeyringSlot, KeyringUnavailable

USERNAME = "catalogue-approval-key"


class ApprovalKey:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._slot = KeyringSlot(backend, thing="parents' approvals of app list changes",
                                 kept="keeps the key for parents' approvals only in the "
                                      "system keyring, never in a plain file")

    def read(self) -> bytes | None:
        """The key, or None when no change to a built-in app was ever approved here (or
        the entry is damaged: then no approval counts until a parent makes one again)."""
        backend = self._slot.backend()
        try:
            text = backend.get_password(SERVICE, USERNAME)
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring failed: {error}") from error
        try:
            return bytes.fromhex(text) if text else None
        except ValueError:
            return None

    def renew(self) -> bytes:
        """A new key, kept in the keyring (checked by reading it back)."""
        key = secrets.token_bytes(32)
        backend = self._slot.backend()
        try:
            backend.set_password(SERVICE, USERNAME, key.hex())
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring failed: {error}") from error
        if self.read() != key:
            raise KeyringUnavailable(f"{type(backend).__name__} did not keep the approval key")
        return key


def approval_key_or_none(keys: ApprovalKey | None = None) -> bytes | None:
    """The key for checking approvals; None without a usable keyring (nothing counts)."""
    try:
        return (keys or ApprovalKey()).read()
    except KeyringUnavailable:
        return None
