"""Real ParentControls for UI tests: the sample store, a real PinVault on the
in-memory test keyring (tests/security/keyring_backends.py)."""

from __future__ import annotations

from familywatch.monitor.parent import ParentControls
from familywatch.security import PinVault
from familywatch.security.lockout import LockoutPolicy
from tests.security.keyring_backends import MemoryKeyring
from tests.ui.sample_data import HOST, LONDON, Household

PIN = "2468"


def parent_controls(house: Household, *, pin: str | None = PIN) -> ParentControls:
    policy = LockoutPolicy()
    vault = PinVault(house.data_dir, house.clock, backend=MemoryKeyring(), policy=policy)
    controls = ParentControls(house.store, vault, policy, house.clock, LONDON, HOST, "parent")
    if pin is not None:
        controls.set_pin(pin)
    return controls
