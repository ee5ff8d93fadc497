"""Command line and composition root: the only place that wires concrete classes together."""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from familywatch import __version__
from familywatch.cli_support import Parser, _escaped
from familywatch.config import Config, ConfigError, local_timezone
from familywatch.input_file import InputFileError

if TYPE_CHECKING:  # imported when a command needs them: the CLI starts fast
    from familywatch.monitor.instance import InstanceLock
    from familywatch.monitor.monitor_settings import MonitorSettings
    from familywatch.monitor.records import Records
    from familywatch.probes.base import ProbeSet
    from familywatch.store.repository import SqlStore

log = logging.getLogger("familywatch")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure explained in one line for the person at the terminal."""


# -- wiring ----------------------------------------------------------------------
def _open_store(config: Config, *, heals: bool = False, defer: bool = False) -> SqlStore:
    """The record store. A damaged file is moved aside (never deleted) and a fresh one
    started - by the monitor and tray (`heals`: they hold the monitor lock), or by a
    command when no monitor runs; under a running monitor a command only says so, and
    the monitor (which checks its file itself) replaces it. `defer`: an unopenable
    database is not an error yet (the monitor keeps watching and retries)."""
    from familywatch.monitor.instance import running_monitor_pid
    from familywatch.store import StoreError, open_store
    from familywatch.store.health import check_database, damage_at, note_replacement

    try:
        monitor = None if heals else running_monitor_pid(config.lock_file)
        replaced = None
        if monitor is None:
            replaced = check_database(config.db_url)
            if replaced is not None:
                print(f"familywatch: {replaced.message()}", file=sys.stderr)
        elif (found := damage_at(config.db_url)) is not None:
            who = f"pid {monitor}" if monitor > 0 else "it"
            message = (f"the database {found[0]} is damaged ({found[1]}); the running "
                       f"monitor ({who}) will move it aside and start a fresh record")
            if not defer:
                raise CliError(message)
            print(f"familywatch: {message}", file=sys.stderr)
        # Under a running monitor a command never makes a database: if the file went
        # missing, the monitor saves what it holds and starts the fresh one.
        store = open_store(config.db_url, defer=defer, create=monitor is None)
        if replaced is not None:
            try:
                note_replacement(store, replaced)
            except StoreError as error:  # said on stderr already; the fresh file refuses
                log.warning("could not note the replacement in the fresh database: %s", error)
        return store
    except (StoreError, OSError) as error:
        raise CliError(str(error)) from error


def _probes(config: Config) -> ProbeSet:
    from familywatch.core.clock import SystemClock
    from familywatch.probes import create_probes
    from familywatch.probes.base import ProbeConfig

    probe_config = ProbeConfig(
        video_globs=config.video_globs,
        audio_globs=config.audio_globs,
        catalogue_files=(config.resources / "catalogue.toml", config.user_catalogue),
        approval_key=_approval_key,
    )
    return create_probes(probe_config, SystemClock())


def _approval_key() -> bytes | None:
    """The key parents' approved changes to built-in apps are checked with (read when the
    family's file has such a change: the keyring costs ~20 ms to import)."""
    from familywatch.security.approval_key import approval_key_or_none

    return approval_key_or_none()


def _records(config: Config, *, defer: bool = False) -> Records:
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.records import Records

    return Records(_open_store(config, defer=defer), SystemClock(), local_timezone(),
                   config.lock_file, host=config.host, state_file=config.state_file)


def _setup_logging(config: Config, verbose: bool) -> None:
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # APScheduler logs every job run at INFO: every 2 s, noise that would fill the log.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("familywatch: %(message)s"))
    root.addHandler(console)
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(config.data_dir / "familywatch.log",
                                           maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        log.warning("cannot write the log file in %s: %s", config.data_dir, error)
        return
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)


def _lock(config: Config) -> InstanceLock:
    """Take the one-monitor-per-data-folder lock, in the runtime folder."""
    from familywatch.monitor.instance import AlreadyRunning, InstanceLock

    lock = InstanceLock(config.lock_file)
    try:
        lock.acquire()
    except AlreadyRunning as error:
        raise CliError(str(error)) from error
    except OSError as error:
        raise CliError(f"cannot take the monitor lock {config.lock_file}: "
                       f"{error.strerror or error}") from error
    return lock


# -- commands --------------------------------------------------------------------
def cmd_monitor(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.runtime import Monitor, run_until_signalled

    _setup_logging(config, args.verbose)
    lock = _lock(config)
    try:
        probes = _probes(config)
        _report_probe_problems(probes)
        settings = _monitor_settings(config)
        # Deferred: on a full or read-only disk the monitor still starts, keeps what it
        # sees in memory, says so, and writes once storage is back.
        monitor = Monitor(probes, _open_store(config, heals=True, defer=True), SystemClock(),
                          settings, state_dir=config.data_dir, state_file=config.state_file)

        def announce(message: str) -> None:
            print(f"familywatch: {message}", file=sys.stderr, flush=True)

        announce(f"recording to {config.db_url.split('///')[-1]}")
        return run_until_signalled(monitor, announce)
    finally:
        lock.release()


def cmd_default(args: argparse.Namespace, config: Config) -> int:
    from familywatch.ui.display import can_show_windows

    if not can_show_windows():  # a Linux console, or SSH without X
        print("familywatch: no display here, so no tray icon; starting the headless monitor "
              "instead (it records the same things).", file=sys.stderr)
        return cmd_monitor(args, config)
    return cmd_tray(args, config)


def _monitor_settings(config: Config) -> MonitorSettings:
    from familywatch.monitor.runtime import MonitorSettings

    return MonitorSettings(
        host=config.host,
        app_poll_seconds=config.app_poll_seconds,
        device_reconcile_seconds=config.device_reconcile_seconds,
        flush_seconds=config.flush_seconds,
        event_driven=config.event_driven,
        database_check_seconds=config.database_check_seconds,
    )


def _report_probe_problems(probes: ProbeSet) -> None:
    for problem in probes.catalogue_errors:
        log.warning("%s", problem)
    for status in probes.statuses():
        if not status.ok:
            log.warning("%s (%s): %s", status.probe, status.backend, status.detail)


def cmd_tray(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _controls
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.family_catalogue import FamilyCatalogue
    from familywatch.monitor.records import Records
    from familywatch.monitor.runtime import Monitor
    from familywatch.store import StoreError
    from familywatch.ui.launch import run_tray_app
    from familywatch.ui.single_instance import activate_running_instance

    _setup_logging(config, args.verbose)
    if activate_running_instance(config.data_dir):
        print("familywatch: already running; its window was brought forward", file=sys.stderr)
        return EXIT_OK
    lock = _lock(config)  # e.g. a headless `familywatch monitor` runs
    try:
        probes = _probes(config)
        _report_probe_problems(probes)
        # One store, shared by the monitor and the windows (deferred as for `monitor`).
        store = _open_store(config, heals=True, defer=True)
        monitor = Monitor(probes, store, SystemClock(), _monitor_settings(config),
                          state_dir=config.data_dir, state_file=config.state_file)
        records = Records(store, SystemClock(), local_timezone(), config.lock_file,
                          host=config.host, state_file=config.state_file)
        # Parent settings, the PIN, "Ask for more time" and the first run (same store).
        controls = _controls(config, store)
        family = FamilyCatalogue(config.user_catalogue, config.resources / "catalogue.toml",
                                 controls)
        try:
            retention_days: int | None = controls.settings().retention_days
        except StoreError:  # unreadable for now: the windows say so, the monitor retries
            retention_days = None
        return run_tray_app(monitor, records, data_dir=config.data_dir, argv=sys.argv[:1],
                            retention_days=retention_days,
                            controls=controls, family=family)
    finally:
        lock.release()


# -- parsing -----------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks on errors")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log more to stderr")
    parser = Parser(
        prog="familywatch", parents=[common],
        description="FamilyWatch records when this computer's camera and microphone are in "
        "use, by which app, and which live-streaming and video-chat apps run. Visible, "
        "metadata only, local only. Run with no command to start monitoring.",
    )
    parser.add_argument("--version", action="version", version=f"familywatch {__version__}")
    parser.set_defaults(handler=cmd_default, debug=False, verbose=False)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace, Config], int], summary: str,
                description: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=summary, description=description)
        p.set_defaults(handler=handler)
        return p

    command("monitor", cmd_monitor, "run the headless monitor (no window)",
            "Record camera, microphone and app use until stopped with Ctrl+C or SIGTERM. "
            "One monitor per data directory.")
    from familywatch.cli_reports import add_report_commands  # probe, status, report
    add_report_commands(command)
    from familywatch.cli_parent import add_parent_commands  # schedule, pin, allow, audit...
    add_parent_commands(sub, common, command)
    from familywatch.cli_trust import add_trust_commands  # verify
    add_trust_commands(command)
    from familywatch.cli_review import add_review_commands  # ask, grant, note, review...
    add_review_commands(sub, common, command)
    from familywatch.cli_family import add_family_commands  # apps, delete-records
    add_family_commands(sub, common, command)
    return parser


def _print_anything() -> None:
    """A file name holding bytes that are not UTF-8 is printed escaped (as Python's
    stderr always does) rather than failing to print where stdout is strict UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _print_anything()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, Config], int] = args.handler
    try:
        config = Config.from_env()
        return handler(args, config)
    except (CliError, ConfigError, InputFileError) as error:
        if args.debug:
            raise
        print(f"familywatch: {_escaped(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.debug:
            raise
        print(f"familywatch: unexpected error: {type(error).__name__}: "
              f"{_escaped(str(error))} "
              "(run with --debug for details)", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
