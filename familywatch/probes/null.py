"""Probes for a platform FamilyWatch cannot sense on: they see nothing and say why."""

from __future__ import annotations

from familywatch.core.model import BackendStatus, Kind, Sample
from familywatch.core.ports import Clock


class NullProbe:
    def __init__(self, kinds: frozenset[Kind], clock: Clock, backend: str, why: str) -> None:
        self._kinds = kinds
        self._clock = clock
        self._backend = backend
        self._why = why

    @property
    def kinds(self) -> frozenset[Kind]:
        return self._kinds

    def sample(self) -> Sample:
        return Sample(at=self._clock.now(), monotonic=self._clock.monotonic(), kinds=self._kinds)

    def statuses(self) -> tuple[BackendStatus, ...]:
        probes = sorted("apps" if kind is Kind.APP else kind.value for kind in self._kinds)
        return tuple(
            BackendStatus(probe, self._backend, False, f"not available here: {self._why}")
            for probe in probes
        )
