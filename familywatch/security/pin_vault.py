"""The parent PIN: set it once, change it with the old one, verify it - with lock-outs.

Every call tells the caller what happened (a return value or one of the exceptions
below, and `status()`), so the caller can record it in the audit log that the child
sees too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from keyring.backend import KeyringBackend

from familywatch.core.ports import Clock
from familywatch.security.keyring_slot import KeyringSlot
from familywatch.security.lockout import LockoutFile, LockoutPolicy, LockoutState
from familywatch.security.pin_hash import check_strength, hash_secret, matches

LOCKOUT_FILE = "pin-lockout.json"


class PinNotSet(RuntimeError):
    def __init__(self) -> None:
        super().__init__("no parent PIN is set yet (set one with 'familywatch pin set')")


class PinAlreadySet(RuntimeError):
    def __init__(self) -> None:
        super().__init__("a parent PIN is already set; change it with the current PIN")


class LockedOut(RuntimeError):
    """Too many wrong PINs: no PIN is checked until `until` (UTC)."""

    def __init__(self, until: datetime, failures: int) -> None:
        self.until, self.failures = until, failures
        super().__init__(
            f"too many wrong PINs ({failures} in a row): try again after "
            f"{until.astimezone():%H:%M:%S}"
        )


class WrongPin(ValueError):
    """The current PIN given to `change` was wrong (the failure was counted)."""

    def __init__(self, status: PinStatus) -> None:
        self.status = status
        super().__init__(f"wrong PIN ({status.failures} wrong in a row)")


@dataclass(frozen=True, slots=True)
class PinStatus:
    """What an audit record or the UI needs to say about the PIN."""

    is_set: bool
    failures: int  # consecutive wrong PINs
    locked_until: datetime | None  # UTC; None when not locked out now


class PinVault:
    """The parent PIN in the keyring, and lock-out state in `data_dir`.

    `backend`: a keyring backend to use; by default the one keyring chooses (which
    honours PYTHON_KEYRING_BACKEND). Raises `KeyringUnavailable` when there is none.
    """

    def __init__(
        self,
        data_dir: Path,
        clock: Clock,
        backend: KeyringBackend | None = None,
        policy: LockoutPolicy | None = None,
    ) -> None:
        self._clock = clock
        self._slot = KeyringSlot(backend)
        self._policy = policy or LockoutPolicy()
        self._lockouts = LockoutFile(Path(data_dir) / LOCKOUT_FILE, self._policy)

    def is_set(self) -> bool:
        return self._slot.read() is not None

    def set_pin(self, new: str) -> None:
        """Set the first PIN. Raises `PinAlreadySet`, `WeakPin`, `KeyringUnavailable`."""
        check_strength(new)
        if self.is_set():
            raise PinAlreadySet()
        self._slot.write(hash_secret(new))
        self._lockouts.save(LockoutState())

    def change(self, old: str, new: str) -> None:
        """Replace the PIN. Raises `LockedOut`, `WeakPin`, `WrongPin` (counted), `PinNotSet`."""
        self._refuse_if_locked()
        check_strength(new)
        if not self.verify(old):
            raise WrongPin(self.status())
        self._slot.write(hash_secret(new))

    def verify(self, pin: str) -> bool:
        """True for the right PIN (failures reset), False for a wrong one (counted).

        Raises `LockedOut` without checking anything while locked out, `PinNotSet`.
        """
        state = self._refuse_if_locked()
        record = self._slot.read()
        if record is None:
            raise PinNotSet()
        if matches(pin, record):
            if state != LockoutState():
                self._lockouts.save(LockoutState())
            return True
        self._lockouts.save(self._lockouts.after_failure(state, self._clock.now()))
        return False

    @property
    def failures(self) -> int:
        return self._state().failures

    @property
    def locked_until(self) -> datetime | None:
        until = self._state().locked_until
        return until if until is not None and self._clock.now() < until else None

    def status(self) -> PinStatus:
        return PinStatus(self.is_set(), self.failures, self.locked_until)

    def _state(self) -> LockoutState:
        state = self._lockouts.load()
        if state is None:
            # No file although a PIN is set: it was deleted. Assume the worst.
            return self._lockouts.suspicious() if self.is_set() else LockoutState()
        now = self._clock.now()
        until = state.locked_until
        if until is not None and until - now > self._policy.longest:
            # The clock was set back: never lock longer than the longest lock-out.
            state = LockoutState(state.failures, now + self._policy.longest)
            self._lockouts.save(state)
        return state

    def _refuse_if_locked(self) -> LockoutState:
        state = self._state()
        if state.locked_until is not None and self._clock.now() < state.locked_until:
            raise LockedOut(state.locked_until, state.failures)
        return state
