"""How often the monitor samples and flushes (from the configuration)."""

from __future__ import annotations

from dataclasses import dataclass

from familywatch.core.model import Kind
from familywatch.core.tracker import TrackerConfig, pulse_for

BUSY_WAIT_SECONDS = 5.0  # the store's SQLite busy timeout (store/engine.py BUSY_TIMEOUT_MS)


@dataclass(frozen=True, slots=True)
class MonitorSettings:
    host: str
    app_poll_seconds: float = 2.0
    device_reconcile_seconds: float = 30.0
    flush_seconds: float = 5.0
    event_driven: bool = True
    database_check_seconds: float = 300.0  # PRAGMA quick_check of the live file

    @property
    def device_interval(self) -> float:
        return self.device_reconcile_seconds

    @property
    def stall_seconds(self) -> float:
        """The worker runs a job at least every heartbeat interval; idle much longer than
        that (its pulse, plus one busy timeout of a locked database, at least 10 s) means
        the monitor was frozen. Also how old a heartbeat may be before `status` stops
        calling the monitor running."""
        return max(pulse_for(self.flush_seconds) + BUSY_WAIT_SECONDS, 10.0)

    def tracker_config(self) -> TrackerConfig:
        device_pulse = pulse_for(self.device_interval)
        return TrackerConfig({
            Kind.CAMERA: device_pulse,
            Kind.MICROPHONE: device_pulse,
            Kind.APP: pulse_for(self.app_poll_seconds),
        })
