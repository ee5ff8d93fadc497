"""How often the monitor samples and flushes (from the configuration)."""

from __future__ import annotations

from dataclasses import dataclass

from familywatch.core.model import Kind
from familywatch.core.tracker import TrackerConfig, pulse_for


@dataclass(frozen=True, slots=True)
class MonitorSettings:
    host: str
    app_poll_seconds: float = 2.0
    device_reconcile_seconds: float = 30.0
    flush_seconds: float = 5.0
    event_driven: bool = True

    @property
    def device_interval(self) -> float:
        return self.device_reconcile_seconds

    def tracker_config(self) -> TrackerConfig:
        device_pulse = pulse_for(self.device_interval)
        return TrackerConfig({
            Kind.CAMERA: device_pulse,
            Kind.MICROPHONE: device_pulse,
            Kind.APP: pulse_for(self.app_poll_seconds),
        })
