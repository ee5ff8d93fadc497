"""The monitor: probes -> tracker -> store, driven by APScheduler jobs and device events.

Every job runs on one worker thread, so the tracker and the store are never used
from two threads at once. Device open/close events only *wake* a scan (50 ms later,
so the holder has finished opening); a slow reconciliation scan is the safety net
for anything the events miss.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.schedulers.background import BackgroundScheduler

from familywatch.core.model import Kind, Sample, Session, Sighting
from familywatch.core.ports import Clock, Notifier, RecordStore
from familywatch.core.tracker import TrackerConfig, pulse_for
from familywatch.monitor.enforcement import Enforcement, default_enforcement
from familywatch.monitor.parent_settings import purge_expired
from familywatch.monitor.recorder import Recorder
from familywatch.probes.base import ProbeSet

log = logging.getLogger(__name__)

WAKE_DELAY = timedelta(milliseconds=50)  # let the opener finish before attributing


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


class Monitor:
    """Runs the probes on a schedule and records what they see.

    `on_change` (optional) is called on the worker thread after anything changed:
    the tray app turns it into a Qt signal.
    """

    def __init__(self, probes: ProbeSet, store: RecordStore, clock: Clock,
                 settings: MonitorSettings, on_change: Callable[[], None] | None = None,
                 enforcement: Enforcement | None = None) -> None:
        self.probes = probes
        self.store = store
        self.clock = clock
        self.settings = settings
        self.recorder = Recorder(store, settings.tracker_config(), settings.host)
        self._on_change = on_change
        self._scheduler: BackgroundScheduler | None = None
        self._problems: dict[str, str] = {}
        self._watching = False
        self._device_events = 0  # events since the last full device scan
        self.started_at: datetime | None = None
        self.recovered_sessions = 0
        # Schedules, pause and enforcement (None for a store without parent settings).
        self.enforcement = enforcement or default_enforcement(store, clock, settings.host)
        self._wake_at: datetime | None = None
        self._wake_job: Job | None = None
        # shutdown(wait=True) holds APScheduler's job-store lock while it waits for the
        # running job; a job adding a wake-up then would deadlock. This lock + flag
        # make "stopping" and "add a wake-up" exclusive.
        self._wake_lock = threading.Lock()
        self._stopping = False

    def set_notifier(self, notifier: Notifier) -> None:
        """Where reminders and countdowns go (default: the log and stderr)."""
        if self.enforcement is not None:
            self.enforcement.set_notifier(notifier)

    def set_listener(self, on_change: Callable[[], None] | None) -> None:
        """Called on a worker thread after anything changed (the UI relays it as a signal)."""
        self._on_change = on_change

    # -- life cycle ---------------------------------------------------------
    def start(self) -> None:
        now = self.clock.now()
        recovery = self.store.recover_after_crash(now, host=self.settings.host)
        self.recovered_sessions = recovery.sessions_closed
        if recovery.sessions_closed or recovery.runs_closed:
            log.warning("closed %d session(s) left open by an unclean stop",
                        recovery.sessions_closed)
        self.recorder.run_id = self.store.begin_run(now, os.getpid(), self.settings.host)
        self.started_at = now
        self._run_guarded(self._sample_devices)
        self._run_guarded(self._sample_apps)

        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
            timezone=UTC,
        )
        interval = self.settings.device_interval
        scheduler.add_job(self._guarded(self._sample_devices), "interval", seconds=interval,
                          id="devices")
        scheduler.add_job(self._guarded(self._sample_apps), "interval",
                          seconds=self.settings.app_poll_seconds, id="apps")
        scheduler.add_job(self._guarded(self._heartbeat), "interval",
                          seconds=self.settings.flush_seconds, id="flush")
        if self.enforcement is not None:
            # One job, never removed (removing a date job races with shutdown in
            # APScheduler 3): hourly at least, moved to each wake-up the rules need.
            self._wake_job = scheduler.add_job(
                self._guarded(self._wake), "interval", hours=1, id="rules-wake",
                next_run_time=now, misfire_grace_time=None)
            scheduler.add_job(self._guarded(self._purge_old_records), "interval", hours=24,
                              next_run_time=now + timedelta(minutes=1), id="retention")
        scheduler.start()
        self._scheduler = scheduler
        watcher = self.probes.watcher
        if self.settings.event_driven and watcher is not None:
            watcher.start(self._device_event)
            self._watching = True

    def stop(self) -> None:
        """Close open sessions as stopped by the monitor, and end the run."""
        self.probes.close()
        with self._wake_lock:
            self._stopping = True
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        if self.enforcement is not None:
            self.enforcement.closer.shutdown()
        now = self.clock.now()
        self.recorder.stop(now)
        if self.recorder.run_id is not None:
            self.store.end_run(self.recorder.run_id, now, "stopped")
        self._notify()

    # -- jobs (all on the one worker thread) ---------------------------------
    def _device_event(self) -> None:
        self._device_events += 1
        scheduler = self._scheduler
        if scheduler is None:
            return
        # If a scan is already due within 50 ms it will see this change too.
        with contextlib.suppress(ConflictingIdError):
            scheduler.add_job(self._guarded(self._sample_devices), "date",
                              run_date=self.clock.now() + WAKE_DELAY, id="device-wake")

    def _sample_devices(self) -> None:
        self._device_events = 0
        if self._paused():
            return
        if self.recorder.record(self.probes.devices.sample()):
            self._notify()
        self._check_rules()

    def _vouch_for_open_devices(self) -> None:
        """Keep open camera/microphone sessions' last_seen fresh between full scans.

        inotify reports every close of a watched node, so while no event came since
        the last scan, the holders seen then still hold their devices. Without this,
        a crash would lose up to a reconciliation interval (30 s) of camera time.
        """
        watcher = self.probes.watcher
        # Re-read the watcher's status: a camera plugged in later starts being watched.
        if not self._watching or self._device_events or watcher is None \
                or not watcher.status().ok:
            return
        held = [s for s in self.recorder.open_sessions if s.kind is not Kind.APP]
        if not held:
            return
        sightings = tuple(Sighting(s.kind, s.pid, s.process, s.exe, s.user, s.device, s.app,
                                   s.via) for s in held)
        self.recorder.record(Sample(self.clock.now(), self.clock.monotonic(),
                                    frozenset({Kind.CAMERA, Kind.MICROPHONE}), sightings))

    def _sample_apps(self) -> None:
        if self._paused():
            return
        if self.recorder.record(self.probes.apps.sample()):
            self._notify()
        self._check_rules()

    # -- schedules and pause (monitor/enforcement.py decides; this only wires it) -------
    def _wake(self) -> None:
        """A scheduled wake-up: a limit, a countdown, midnight or the end of a pause."""
        self._wake_at = None  # the interval moved the next run an hour on
        self._paused()
        self._check_rules()

    def _check_rules(self) -> None:
        """Evaluate the schedule now and (re)schedule the next wake-up."""
        if self.enforcement is None:
            return
        wake = self.enforcement.check(self.recorder.open_sessions)
        with self._wake_lock:
            if wake is not None and not self._stopping and (
                    wake != self._wake_at or self.enforcement.clock_jumped):
                self._schedule_wake(wake)

    def _schedule_wake(self, wake: datetime) -> None:
        # misfire_grace_time=None: a wake-up that comes late after a suspend still runs.
        if self._wake_job is not None:
            self._wake_job.modify(next_run_time=wake)
            self._wake_at = wake

    def _purge_old_records(self) -> None:
        """Daily: delete records older than the parent's retention (audited)."""
        purge_expired(self.store, self.clock.now(), self.settings.host, "familywatch monitor")

    def _paused(self) -> bool:
        """Whether a parent paused monitoring (read every tick). Pausing closes the open
        sessions and ends the run, so the pause shows as a gap with the reason "paused"."""
        if self.enforcement is None:
            return False
        now = self.clock.now()
        paused = self.enforcement.refresh().paused(now)
        if paused and self.recorder.run_id is not None:
            self.recorder.stop(now)
            self.store.end_run(self.recorder.run_id, now, "paused")
            self.recorder.run_id = None
            self.enforcement.announce_pause()
            self._notify()
        elif not paused and self.recorder.run_id is None and self.started_at is not None:
            self.recorder.run_id = self.store.begin_run(now, os.getpid(), self.settings.host)
            self.enforcement.announce_pause()
            # Devices opened during the pause sent their events then: look now.
            self.recorder.record(self.probes.devices.sample())
            self._notify()
        return paused

    def _heartbeat(self) -> None:
        self._vouch_for_open_devices()
        self.recorder.flush()
        if self.recorder.run_id is not None:
            self.store.touch_run(self.recorder.run_id, self.clock.now())

    def _guarded(self, job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            self._run_guarded(job)
        run.__name__ = job.__name__
        return run

    def _run_guarded(self, job: Callable[[], None]) -> None:
        # A failing probe or disk must not stop monitoring: log it, show it, go on.
        name = job.__name__.strip("_").replace("_", " ")
        try:
            job()
        except Exception as error:
            log.exception("%s failed", name)
            self._problems[name] = f"{name}: {error}"
            self._notify()
        else:
            if self._problems.pop(name, None) is not None:
                self._notify()

    @property
    def problem(self) -> str | None:
        """What is wrong right now, in words, or None."""
        return "; ".join(self._problems.values()) or None

    def _notify(self) -> None:
        if self._on_change is not None:
            self._on_change()

    # -- read side ------------------------------------------------------------
    @property
    def open_sessions(self) -> tuple[Session, ...]:
        return self.recorder.open_sessions

    @property
    def paused(self) -> bool:
        """A parent paused monitoring: nothing is recorded until it ends (tray: "paused")."""
        return self.started_at is not None and self.recorder.run_id is None


def run_until_signalled(monitor: Monitor, announce: Callable[[str], None]) -> int:
    """Headless mode: run until SIGINT/SIGTERM, then close everything cleanly."""
    import signal

    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        announce(f"received {signal.Signals(signum).name}, closing open sessions")
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    monitor.start()
    announce("monitoring the camera, the microphone and catalogued apps; "
             "press Ctrl+C to stop")
    while not stop.wait(timeout=3600):
        pass
    monitor.stop()
    announce("stopped")
    return 0
