"""Parent access: the PIN (a salted scrypt hash in the OS keyring) and lock-outs."""

from familywatch.security.keyring_slot import KeyringUnavailable
from familywatch.security.pin_hash import DamagedPinRecord, WeakPin
from familywatch.security.pin_input import NoPinGiven, read_pin
from familywatch.security.pin_vault import (
    LockedOut,
    PinAlreadySet,
    PinNotSet,
    PinStatus,
    PinVault,
    WrongPin,
)

__all__ = [
    "DamagedPinRecord",
    "KeyringUnavailable",
    "LockedOut",
    "NoPinGiven",
    "PinAlreadySet",
    "PinNotSet",
    "PinStatus",
    "PinVault",
    "WeakPin",
    "WrongPin",
    "read_pin",
]
