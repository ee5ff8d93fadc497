"""Growing lock-outs after wrong PINs, kept in a small JSON file so restarts don't reset them.

Lock-outs use wall time, not a monotonic clock: a monotonic clock starts again at every
boot, and the lock-out must survive a restart (quitting the app to get fresh tries
must not work). Moving the system clock needs administrator rights; a clock set back
can't stretch a lock-out beyond the longest one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from familywatch.atomic_file import write_atomically
from familywatch.input_file import InputFileError, read_text


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    free_failures: int = 4  # the 5th consecutive failure starts the first lock-out
    first: timedelta = timedelta(seconds=30)
    longest: timedelta = timedelta(minutes=15)

    def duration(self, failures: int) -> timedelta:
        """How long the `failures`-th consecutive failure locks: 30 s, 60 s, 120 s ... 15 min."""
        beyond = failures - self.free_failures - 1
        if beyond < 0:
            return timedelta(0)
        return min(self.first * (1 << min(beyond, 32)), self.longest)


@dataclass(frozen=True, slots=True)
class LockoutState:
    failures: int = 0
    locked_until: datetime | None = None  # UTC


class LockoutFile:
    """The state in `path`. An unreadable file counts as a full round of failures, so
    garbling it doesn't hand out fresh tries (the vault treats a missing file the same
    way once a PIN is set)."""

    def __init__(self, path: Path, policy: LockoutPolicy) -> None:
        self.path = path
        self.policy = policy

    def load(self) -> LockoutState | None:
        """The saved state; None if there is no file."""
        try:
            raw = json.loads(read_text(self.path))
            failures = raw["failures"]
            until = raw["locked_until"]
            if not isinstance(failures, int) or isinstance(failures, bool) or failures < 0:
                raise ValueError(failures)
            locked_until = None if until is None else datetime.fromisoformat(until)
            if locked_until is not None and locked_until.tzinfo is None:
                raise ValueError(until)
            return LockoutState(failures, locked_until)
        except InputFileError as error:
            return None if error.missing else self.suspicious()
        except (ValueError, KeyError, TypeError):
            return self.suspicious()

    def suspicious(self) -> LockoutState:
        """The state to assume when the file was tampered with: the next wrong PIN locks."""
        return LockoutState(failures=self.policy.free_failures)

    def save(self, state: LockoutState) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        until = None if state.locked_until is None else state.locked_until.isoformat()
        text = json.dumps({"failures": state.failures, "locked_until": until})
        write_atomically(self.path, text)

    def after_failure(self, state: LockoutState, now: datetime) -> LockoutState:
        failures = state.failures + 1
        duration = self.policy.duration(failures)
        return LockoutState(failures, now + duration if duration else None)
