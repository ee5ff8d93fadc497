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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError

from familywatch.core.model import Kind, Sample, Session, Sighting
from familywatch.core.ports import Clock, Notifier, RecordStore
from familywatch.monitor.database_watch import DatabaseWatch
from familywatch.monitor.enforcement import Enforcement, default_enforcement
from familywatch.monitor.integrity import Sealer
from familywatch.monitor.monitor_settings import MonitorSettings
from familywatch.monitor.recorder import Recorder
from familywatch.monitor.runtime_health import HealthChecks
from familywatch.monitor.runtime_schedule import ScheduleJobs
from familywatch.monitor.scheduler import Pace, SteadyScheduler
from familywatch.monitor.sleep_watch import Jump, sleep_meter
from familywatch.monitor.state_file import StatePublisher, withdraw
from familywatch.probes.base import ProbeSet
from familywatch.store.errors import StoreError
from familywatch.store.health import start_notices

log = logging.getLogger(__name__)

WAKE_DELAY = timedelta(milliseconds=50)  # let the opener finish before attributing


class Monitor(ScheduleJobs, HealthChecks):
    """Runs the probes on a schedule and records what they see.

    `on_change` (optional) is called on the worker thread after anything changed:
    the tray app turns it into a Qt signal.
    """

    def __init__(self, probes: ProbeSet, store: RecordStore, clock: Clock,
                 settings: MonitorSettings, on_change: Callable[[], None] | None = None,
                 enforcement: Enforcement | None = None, state_dir: Path | None = None,
                 state_file: Path | None = None) -> None:
        self.probes = probes
        self.store = store
        self.clock = clock
        self.settings = settings
        self.recorder = Recorder(store, settings.tracker_config(), settings.host,
                                 sleep_meter=sleep_meter(clock))
        self.recorder.on_clock_jump = self._clock_jumped
        self._resumed = False  # a clock jump since the rules were last evaluated
        self.notices: list[str] = []  # problems found at start (e.g. a replaced database)
        self.sealer = Sealer(store)
        self._on_change = on_change
        self._scheduler: SteadyScheduler | None = None
        # What `familywatch status` reads: heartbeat, problems, what is in use now.
        self._publisher = StatePublisher(state_file) if state_file is not None else None
        # (wall, monotonic) when the worker last finished a job: a later job that starts
        # much later means the process was frozen or starved (see _notice_stall).
        self._alive: tuple[datetime, float] | None = None
        self.stalls = 0
        self._database_watch = DatabaseWatch(store, settings.database_check_seconds)
        self._problems: dict[str, str] = {}
        self._watching = False
        self._device_events = 0  # events since the last full device scan
        self.started_at: datetime | None = None
        self.recovered_sessions = 0
        # Schedules, pause and enforcement (None for a store without parent settings);
        # `state_dir` (the data folder) keeps the reminders given across restarts.
        self.enforcement = enforcement or default_enforcement(store, clock, settings.host,
                                                              state_dir)
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
        self.notices = start_notices(self.store)
        self._database_watch.checked(self.clock.monotonic())  # opening checked it
        self.recorder.buffer.before_first_write = self._recover
        self._begin_run(now)
        self.started_at = now
        self._run_guarded(self._sample_devices)
        self._run_guarded(self._sample_apps)

        # Its loop looks at the clocks at least once per heartbeat interval, so a clock
        # set back is followed within seconds (monitor/scheduler.py).
        scheduler = SteadyScheduler(
            max_wait=self.settings.flush_seconds,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
            timezone=UTC,
        )
        interval = self.settings.device_interval
        scheduler.add_paced_job(Pace.STEADY, self._guarded(self._sample_devices), "interval",
                                seconds=interval, id="devices")
        scheduler.add_paced_job(Pace.STEADY, self._guarded(self._sample_apps), "interval",
                                seconds=self.settings.app_poll_seconds, id="apps")
        scheduler.add_paced_job(Pace.STEADY, self._guarded(self._heartbeat), "interval",
                                seconds=self.settings.flush_seconds, id="flush")
        if self.enforcement is not None:
            # One job, never removed (removing a date job races with shutdown in
            # APScheduler 3): hourly at least, moved to each wake-up the rules need.
            self._wake_job = scheduler.add_paced_job(
                Pace.WAKE, self._guarded(self._wake), "interval", hours=1, id="rules-wake",
                next_run_time=now, misfire_grace_time=None)
            # misfire_grace_time=None: due after the clock was set forward, it runs
            # (late) instead of being skipped.
            scheduler.add_paced_job(Pace.DAILY, self._guarded(self._purge_old_records),
                                    "interval", hours=24, id="retention",
                                    next_run_time=now + timedelta(minutes=1),
                                    misfire_grace_time=None)
        scheduler.start()
        self._scheduler = scheduler
        watcher = self.probes.watcher
        if self.settings.event_driven and watcher is not None:
            watcher.start(self._device_event)
            self._watching = True
        self._publish_state()

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
        if self.recorder.run_id is not None:
            self.recorder.buffer.end_run(self.recorder.run_id, now, "stopped")
        self.recorder.stop(now)
        if self.recorder.problem is None:
            with contextlib.suppress(StoreError):
                self.sealer.seal()
        if self.recorder.buffer.pending:
            log.error("stopping with %d change(s) that could not be written: %s",
                      self.recorder.buffer.pending, self.recorder.problem)
        if self._publisher is not None:
            withdraw(self._publisher.path, os.getpid())
        self._notify()

    # -- monitor runs (written through the recorder's buffer) -----------------------
    def _recover(self) -> None:
        recovery = self.store.recover_after_crash(self.clock.now(), host=self.settings.host)
        self.recovered_sessions = recovery.sessions_closed
        if recovery.sessions_closed or recovery.runs_closed:
            log.warning("closed %d session(s) left open by an unclean stop",
                        recovery.sessions_closed)

    def _begin_run(self, at: datetime) -> None:
        self.recorder.run_id = self.recorder.buffer.begin_run(at, os.getpid(), self.settings.host)
        self.recorder.flush()

    def _end_run(self, at: datetime, how: str, last_alive: datetime | None = None) -> None:
        if self.recorder.run_id is not None:
            self.recorder.buffer.end_run(self.recorder.run_id, at, how, last_alive)
            self.recorder.run_id = None

    def _clock_jumped(self, jump: Jump) -> None:
        """Called by the recorder: the run ends at the last sample before the jump, with
        how="suspend" or "clock-change", and a new one begins at the first after it;
        the time between shows as a gap with that reason."""
        if self.recorder.run_id is None:
            return
        # Set back: the run remembers where the clock went, so the stretch that came
        # twice can be shown (MonitorRun).
        self._end_run(jump.before, jump.reason, min(jump.after, jump.before))
        self._begin_run(jump.after)
        self._resumed = True

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
        # Read each time: a camera plugged in later starts being watched.
        if not self._watching or self._device_events or watcher is None \
                or not watcher.watching:
            return
        held = [s for s in self.recorder.open_sessions if s.kind is not Kind.APP]
        if not held:
            return
        sightings = tuple(Sighting(s.kind, s.pid, s.process, s.exe, s.user, s.device, s.app,
                                   s.via) for s in held)
        self.recorder.record(Sample(self.clock.now(), self.clock.monotonic(),
                                    frozenset({Kind.CAMERA, Kind.MICROPHONE}), sightings))

    def _sample_apps(self) -> None:
        if self.probes.refresh_catalogue():  # the family's app list was edited
            log.info("app catalogue reloaded: %d problem(s)", len(self.probes.catalogue_errors))
        if self._paused():
            return
        if self.recorder.record(self.probes.apps.sample()):
            self._notify()
        self._check_rules()

    def _heartbeat(self) -> None:
        self._watch_database()
        self._vouch_for_open_devices()
        if self._resumed:  # after a suspend: schedules and budgets now, not at the next tick
            self._resumed = False
            self._check_rules()
        if self.recorder.run_id is not None:
            self.recorder.buffer.touch_run(self.recorder.run_id, self.clock.now())
        had_problem = self.recorder.problem
        if self.recorder.flush():
            self.sealer.seal(self.clock.monotonic())  # tamper evidence, once a minute
        if had_problem != self.recorder.problem:
            self._notify()
        self._publish_state()

    def _guarded(self, job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            self._run_guarded(job)
        run.__name__ = job.__name__
        return run

    def _run_guarded(self, job: Callable[[], None]) -> None:
        # A failing probe or disk must not stop monitoring: log it, show it, go on.
        name = job.__name__.strip("_").replace("_", " ")
        try:
            self._notice_stall()
            job()
        except Exception as error:
            log.exception("%s failed", name)
            self._problems[name] = f"{name}: {error}"
            self._notify()
        else:
            if self._problems.pop(name, None) is not None:
                self._notify()
        finally:
            self._mark_alive()

    @property
    def problem(self) -> str | None:
        """What is wrong right now, in words, or None."""
        return "; ".join(p.message for p in self.problems) or None

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


from familywatch.monitor.headless import run_until_signalled  # noqa: E402  (its home)

__all__ = ["Monitor", "MonitorSettings", "run_until_signalled"]
