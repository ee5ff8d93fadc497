"""Commands for schedules and the parent PIN: schedule, pin, allow, pause, resume,
retention (PIN) and audit, events (no PIN: the child sees every parent action).

The PIN is read from the terminal without echo, or as one line from standard input
when that is not a terminal (for scripts). It is asked for only after everything
else was checked, so a typo never costs a PIN try.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familywatch.config import Config, local_timezone
from familywatch.core.ports import AuditEntry, RuleEvent

if TYPE_CHECKING:  # imported when used: the keyring and the store cost ~0.2 s to import
    from familywatch.monitor.parent import ParentControls

Handler = Callable[[argparse.Namespace, Config], int]
_HHMM = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")


# -- wiring -----------------------------------------------------------------------
def _controls(config: Config) -> ParentControls:
    from familywatch.cli import _open_store
    from familywatch.core.clock import SystemClock
    from familywatch.monitor.parent import ParentControls
    from familywatch.security import PinVault
    from familywatch.security.lockout import LockoutPolicy

    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        os_user = "unknown"
    clock, policy = SystemClock(), LockoutPolicy()
    store = _open_store(config)
    return ParentControls(store, PinVault(config.data_dir, clock, policy=policy),
                          policy, clock, local_timezone(), config.host, os_user,
                          seal=lambda: _seal(store))


def _seal(store: object) -> int:
    from familywatch.monitor.integrity import Sealer

    return Sealer(store).seal()


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Everything a parent command can refuse with becomes one line on stderr, exit 1."""
    from familywatch.cli import CliError
    from familywatch.core.schedule_file import ScheduleError
    from familywatch.monitor.parent import Refused
    from familywatch.security import (
        DamagedPinRecord,
        KeyringUnavailable,
        NoPinGiven,
        PinAlreadySet,
        PinNotSet,
        WeakPin,
    )
    from familywatch.store import StoreError

    try:
        yield
    except (Refused, ScheduleError, KeyringUnavailable, PinNotSet, WeakPin, DamagedPinRecord,
            NoPinGiven, StoreError) as error:
        raise CliError(str(error)) from error
    except PinAlreadySet as error:
        raise CliError("a parent PIN is already set; to change it use "
                       "'familywatch pin change'") from error


def _pin(prompt: str = "Parent PIN: ") -> str:
    from familywatch.security import read_pin

    return read_pin(prompt, sys.stdin, sys.stderr)


def _new_pin() -> str:
    new = _pin("New parent PIN: ")
    if sys.stdin.isatty() and _pin("The same PIN again: ") != new:
        from familywatch.cli import CliError

        raise CliError("the two PINs differ; nothing was changed")
    return new


def _read_file(name: str) -> str:
    from familywatch.cli import CliError

    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot read {name}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise CliError(f"{name} is not UTF-8 text") from error


def _say(message: str) -> None:
    print(f"familywatch: {message}", file=sys.stderr)


# -- schedule ---------------------------------------------------------------------------
def cmd_schedule_show(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.rules import Rules
    from familywatch.monitor.parent_settings import describe

    with _one_line_errors():
        controls = _controls(config)
        settings = controls.settings()
        if settings.paused(controls.clock.now()):
            until = settings.paused_until
            print("Monitoring is paused " + (f"until {until.astimezone(controls.tz):%H:%M}."
                                            if until else "until a parent resumes it."))
        if settings.schedule_text is None and not settings.granted:
            print("No schedule is set: camera, microphone and apps are only recorded.")
            print("A parent can import one: familywatch schedule import FILE "
                  "(the format: docs/schedules.md).")
            return 0
        print("\n".join(describe(settings.rules())))
        if settings.schedule_text is not None and settings.schedule() != Rules():
            print("\n--- the schedule file (familywatch schedule export) ---")
            print(settings.schedule_text, end="" if settings.schedule_text.endswith("\n")
                  else "\n")
    return 0


def cmd_schedule_check(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.schedule_file import parse_schedule
    from familywatch.monitor.parent_settings import describe

    text = _read_file(args.file)
    with _one_line_errors():
        rules = parse_schedule(text, args.file)
    print(f"{args.file} is a valid schedule (nothing was changed):")
    print("\n".join(describe(rules)))
    return 0


def cmd_schedule_import(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.schedule_file import parse_schedule

    text = _read_file(args.file)
    with _one_line_errors():
        parse_schedule(text, args.file)  # a wrong file fails here, before the PIN
        controls = _controls(config)
        controls.ready()
        controls.import_schedule(text, args.file, _pin())
    _say(f"imported {args.file}; it applies now. The change is in 'familywatch audit' "
         "for everyone to see.")
    return 0


def cmd_schedule_export(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli import CliError
    from familywatch.core.rules import Rules
    from familywatch.core.schedule_file import dump_schedule

    with _one_line_errors():
        text = _controls(config).settings().schedule_text or dump_schedule(Rules())
    if args.file is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.file).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {args.file}: {error.strerror}") from error
    _say(f"wrote the current schedule to {args.file}")
    return 0


# -- pin ------------------------------------------------------------------------------
def cmd_pin_set(args: argparse.Namespace, config: Config) -> int:
    from familywatch.security import PinAlreadySet

    with _one_line_errors():
        controls = _controls(config)
        if controls.vault.is_set():
            raise PinAlreadySet()
        controls.set_pin(_new_pin())
    _say("parent PIN set (only a salted hash is kept, in the system keyring)")
    return 0


def cmd_pin_change(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        controls.ready()
        old = _pin("Current parent PIN: ")
        controls.change_pin(old, _new_pin())
    _say("parent PIN changed")
    return 0


# -- exceptions, pause, retention ---------------------------------------------------------
def _minute_of_day(text: str) -> int:
    match = _HHMM.fullmatch(text)
    if match is None or (match.group(1) == "24" and match.group(2) != "00"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (use HH:MM, e.g. 21:30)")
    return int(match.group(1)) * 60 + int(match.group(2))


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit} "
                                             f"({low}-{high})")
        return int(text)
    return parse


def cmd_allow(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli import CliError
    from familywatch.monitor.parent_settings import exception_words

    with _one_line_errors():
        controls = _controls(config)
        local = controls.clock.now().astimezone(controls.tz)
        if args.until is not None and args.until <= local.hour * 60 + local.minute:
            raise CliError(f"{args.until // 60:02d}:{args.until % 60:02d} has already passed "
                           "today; nothing was changed")
        controls.ready()
        granted = controls.allow(_pin(), minutes=args.minutes or 0, until=args.until,
                                 reason=args.reason or "")
    _say(f"allowed today: {exception_words(granted)}. Everyone can see this in "
         "'familywatch audit'.")
    return 0


def cmd_pause(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        controls.ready()
        until = controls.pause(_pin(), args.minutes)
    when = f"until {until.astimezone(controls.tz):%H:%M}" if until else \
        "until 'familywatch resume'"
    _say(f"monitoring paused {when}; the pause shows as a gap in the record and in "
         "'familywatch audit'")
    return 0


def cmd_resume(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        if not controls.settings().paused(controls.clock.now()):
            _say("monitoring is not paused; nothing to do")
            return 0
        controls.ready()
        controls.resume(_pin())
    _say("monitoring resumed")
    return 0


def cmd_retention(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        controls.ready()
        before = controls.set_retention(_pin(), args.days)
    _say(f"records are now kept for {args.days} days (before: {before}); older ones are "
         "deleted by the monitor once a day, and each deletion is in 'familywatch audit'")
    return 0


# -- audit and events (no PIN) ---------------------------------------------------------
def _entry_dict(entry: AuditEntry | RuleEvent, tz: Any) -> dict[str, Any]:
    from familywatch.reports.data import iso

    common = {"at": iso(entry.at, tz), "host": entry.host, "detail": dict(entry.detail)}
    if isinstance(entry, AuditEntry):
        return {**common, "action": entry.action.value, "os_user": entry.os_user}
    return {**common, "subject": entry.subject, "kind": entry.kind.value,
            "app": entry.app_id, "pid": entry.pid}


def cmd_audit(args: argparse.Namespace, config: Config) -> int:
    from familywatch.monitor.parent_settings import audit_words

    with _one_line_errors():
        controls = _controls(config)
        entries = controls.audit_entries()
    if args.json:
        print(json.dumps({"schema": 1, "entries": [_entry_dict(e, controls.tz)
                                                    for e in entries]}, indent=2))
    elif not entries:
        print("No parent actions recorded yet.")
    for entry in [] if args.json else entries:
        print(f"{entry.at.astimezone(controls.tz):%Y-%m-%d %H:%M}  {entry.action.value:<18} "
              f"{entry.os_user}@{entry.host}  {audit_words(entry, controls.tz)}".rstrip())
    return 0


def cmd_events(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        events = controls.store.rule_events()
    if args.json:
        print(json.dumps({"schema": 1, "events": [_entry_dict(e, controls.tz)
                                                   for e in events]}, indent=2))
    elif not events:
        print("The schedule has not reminded, warned or closed anything yet.")
    for event in [] if args.json else events:
        who = f"{event.app_id or event.detail.get('process', '')} (pid {event.pid})" \
            if event.pid else ""
        print(f"{event.at.astimezone(controls.tz):%Y-%m-%d %H:%M:%S}  {event.subject:<10} "
              f"{event.kind.value:<13} {who}  {event.detail.get('message', '')}".rstrip())
    return 0


# -- parsing ---------------------------------------------------------------------------
def add_parent_commands(sub: Any, common: argparse.ArgumentParser,
                        command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                        ) -> None:
    def nested(parent: argparse.ArgumentParser, actions: list[tuple[str, Handler, str]],
               required: bool = True) -> dict[str, argparse.ArgumentParser]:
        group = parent.add_subparsers(title="actions", metavar="ACTION", required=required)
        made = {}
        for name, handler, summary in actions:
            made[name] = group.add_parser(name, parents=[common], help=summary,
                                          description=summary[0].upper() + summary[1:] + ".")
            made[name].set_defaults(handler=handler)
        return made

    p = command("schedule", cmd_schedule_show, "show, check, import or export the camera "
                "schedule", "Camera-time schedules (format: docs/schedules.md). Showing, "
                "checking and exporting need no PIN; importing needs the parent PIN.")
    made = nested(p, [
        ("show", cmd_schedule_show, "show the schedule in words, and its file"),
        ("check", cmd_schedule_check, "check a schedule file without using it"),
        ("import", cmd_schedule_import, "use a schedule file from now on (PIN)"),
        ("export", cmd_schedule_export, "write the current schedule file"),
    ], required=False)  # plain `familywatch schedule` shows it
    for name in ("check", "import"):
        made[name].add_argument("file", metavar="FILE", help="a schedule file (TOML)")
    made["export"].add_argument("file", metavar="FILE", nargs="?",
                                help="where to write it (default: standard output)")
    p = command("pin", cmd_pin_set, "set or change the parent PIN",
                "The parent PIN protects schedules, exceptions, pause and retention. Only a "
                "salted hash is kept, in the system keyring.")
    nested(p, [("set", cmd_pin_set, "set the first parent PIN"),
               ("change", cmd_pin_change, "change the parent PIN (needs the current one)")])
    p = command("allow", cmd_allow, "allow more camera time today (PIN)",
                "A one-off exception for today: extra minutes, or allowed until a time. It "
                "applies to every rule and is shown in 'familywatch audit'.")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--minutes", type=_whole(1, 1440, "minutes"), metavar="N",
                     help="N extra minutes today")
    how.add_argument("--until", type=_minute_of_day, metavar="HH:MM",
                     help="allowed until HH:MM today")
    p.add_argument("--reason", metavar="TEXT", help="why (shown in the audit log)")
    p = command("pause", cmd_pause, "pause monitoring (PIN)",
                "Stop recording for a while; the pause is shown as a gap and in the audit log.")
    p.add_argument("--minutes", type=_whole(1, 1440, "minutes"), metavar="N",
                   help="resume by itself after N minutes (default: until 'familywatch resume')")
    command("resume", cmd_resume, "resume monitoring after a pause (PIN)",
            "Start recording again after 'familywatch pause'.")
    p = command("retention", cmd_retention, "how many days records are kept (PIN)",
                "Records older than DAYS days are deleted by the monitor once a day (default "
                "180); the audit log of parent actions is kept.")
    p.add_argument("days", type=_whole(1, 3650, "days"), metavar="DAYS")
    for name, handler, summary in (
            ("audit", cmd_audit, "every parent action, for everyone to see (no PIN)"),
            ("events", cmd_events, "what the schedule did: reminders, warnings, closed apps")):
        p = command(name, handler, summary, summary[0].upper() + summary[1:] + ".")
        p.add_argument("--json", action="store_true", help="machine-readable output")
