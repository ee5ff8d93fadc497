"""Commands for schedules and the parent PIN: schedule, pin, allow, pause, resume,
retention (PIN); audit and events (no PIN: the child sees every parent action) are in
cli_audit.py, the helpers these share in cli_support.py.

The PIN is read from the terminal without echo, or as one line from standard input
when that is not a terminal (for scripts). It is asked for only after everything
else was checked, so a typo never costs a PIN try.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from familywatch.cli_audit import add_audit_commands
from familywatch.cli_support import (
    Handler,
    _controls,
    _minute_of_day,
    _new_pin,
    _one_line_errors,
    _pin,
    _read_file,
    _say,
    _whole,
    input_path,
    output_path,
    plain_text,
)
from familywatch.config import Config


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
        made[name].add_argument("file", metavar="FILE", type=input_path,
                                help="a schedule file (TOML)")
    made["export"].add_argument("file", metavar="FILE", nargs="?", type=output_path,
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
    p.add_argument("--reason", metavar="TEXT", type=plain_text,
                   help="why (shown in the audit log)")
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
    add_audit_commands(command)
