"""The monitor's side of tamper evidence: seal final rows, at most once a minute (an idle
sweep over a year of records costs ~8 ms), and at once after a purge and at stop.

Without a usable keyring nothing is sealed and the monitor says so once in its log;
`familywatch verify` then reports the record as unverifiable.
"""

from __future__ import annotations

import logging

from familywatch.security.integrity_key import IntegrityKey
from familywatch.security.keyring_slot import KeyringUnavailable
from familywatch.store.integrity import chain_length, seal

log = logging.getLogger(__name__)


SWEEP_SECONDS = 60.0


class Sealer:
    def __init__(self, store: object, keys: IntegrityKey | None = None,
                 every: float = SWEEP_SECONDS) -> None:
        self._every = every
        self._last: float | None = None
        self._store = store  # its engine is read at each seal: it may be replaced
        self._keys = keys or IntegrityKey()
        self._key: bytes | None = None
        self.unavailable: str | None = None  # why nothing is sealed, in words
        self.sealed = 0

    def seal(self, monotonic: float | None = None) -> int:
        """Seal what became final; raises StoreError when the store can't be written.
        With `monotonic` (now), nothing happens if the last sweep was under a minute ago."""
        engine = getattr(self._store, "engine", None)  # None: a store without SQL
        if engine is None or self.unavailable is not None:
            return 0
        if monotonic is not None:
            if self._last is not None and monotonic - self._last < self._every:
                return 0
            self._last = monotonic
        if self._key is None:
            try:
                self._key = self._keys.get_or_create(
                    chain_is_empty=chain_length(engine) == 0)
            except KeyringUnavailable as error:
                self.unavailable = str(error)
                log.warning("tamper evidence is off, the record will read as unverifiable: "
                            "%s", error)
                return 0
        count = seal(engine, self._key)
        self.sealed += count
        return count
