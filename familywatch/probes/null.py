"""Probes for a platform FamilyWatch cannot sense on: they see nothing and say why."""

from __future__ import annotations

from collections.abc import Sequence

from familywatch.core.model import BackendStatus, Kind, Sample
from familywatch.core.ports import Clock, SightingProbe
from familywatch.probes.base import ProbeSet


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


def without_devices(apps: SightingProbe, clock: Clock, device_backend: str, watch_backend: str,
                    why: str, catalogue_errors: Sequence[str]) -> ProbeSet:
    """Apps are seen, but the OS media API is missing: the device and watch statuses say why."""
    devices = NullProbe(frozenset({Kind.CAMERA, Kind.MICROPHONE}), clock, device_backend, why)
    watch = BackendStatus("watch", watch_backend, False, f"not available here: {why}")
    return ProbeSet(devices=devices, apps=apps, watcher=None,
                    catalogue_errors=tuple(catalogue_errors), extra_statuses=(watch,))
