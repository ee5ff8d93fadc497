"""Commands for the family's own app list and for deleting records:

  familywatch apps [list] [--json]            the family's additions (no PIN)
  familywatch apps add NAME --category C --process NAME [--process NAME ...]   (PIN)
  familywatch apps remove ID                                                     (PIN)
  familywatch delete-records (--older-than DAYS | --all)                         (PIN)

Each change is in 'familywatch audit', which the child sees too.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from familywatch.cli_support import _whole, plain_text
from familywatch.config import Config
from familywatch.core.model import Category

if TYPE_CHECKING:  # imported when used (it brings the keyring and the store)
    from familywatch.monitor.family_catalogue import FamilyCatalogue

Handler = Callable[[argparse.Namespace, Config], int]
OS_CHOICES = ("linux", "windows", "macos")


def _family(config: Config) -> FamilyCatalogue:
    from familywatch.cli_support import _controls
    from familywatch.monitor.family_catalogue import FamilyCatalogue

    return FamilyCatalogue(config.user_catalogue, config.resources / "catalogue.toml",
                           _controls(config))


def cmd_apps_list(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _one_line_errors

    with _one_line_errors():
        found = _family(config).read()
    if args.json:
        print(json.dumps({"schema": 1, "file": str(config.user_catalogue), "apps": [
            {"id": e.app_id, "name": e.name, "category": e.category.value,
             "processes": {os_name: list(names) for os_name, names in e.processes.items()},
             "replaces_built_in": found.replaces_built_in(e)} for e in found.entries],
            "problems": list(found.problems)}, indent=2))
        return 0
    if not found.entries:
        print(f"The family has added no apps ({config.user_catalogue}).")
    for entry in found.entries:
        names = "; ".join(f"{os_name}: {', '.join(names)}"
                          for os_name, names in entry.processes.items() if names)
        replaces = "  (replaces the built-in entry)" if found.replaces_built_in(entry) else ""
        print(f"{entry.app_id:<24} {entry.name} [{entry.category.value}]  {names}{replaces}")
    for problem in found.problems:
        print(f"problem: {problem}")
    return 0


def cmd_apps_add(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _one_line_errors, _pin, _say

    with _one_line_errors():
        family = _family(config)
        family.controls.ready()
        entry = family.add(_pin(), args.name, Category(args.category),
                           {args.os: args.process})
    _say(f"added {entry.name} as '{entry.app_id}'; the running monitor names it within a "
         "few seconds")
    return 0


def cmd_apps_remove(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _one_line_errors, _pin, _say

    with _one_line_errors():
        family = _family(config)
        family.controls.ready()
        family.remove(_pin(), args.id)
    _say(f"removed '{args.id}' from the family's app list")
    return 0


def cmd_delete_records(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _controls, _one_line_errors, _pin, _say

    days = 0 if args.all else args.older_than
    with _one_line_errors():
        controls = _controls(config)
        controls.ready()
        counts = controls.delete_records(_pin(), days)
    what = "everything that had ended" if days == 0 else f"records older than {days} days"
    gone = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items() if n)
    _say(f"deleted {what}: {gone or 'there was nothing to delete'}; "
         "the deletion is in 'familywatch audit'")
    return 0


def add_family_commands(sub: Any, common: argparse.ArgumentParser,
                        command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                        ) -> None:
    p = command("apps", cmd_apps_list, "the family's own additions to the app catalogue",
                "Apps the family adds to those FamilyWatch names (kept in catalogue.toml in "
                "the data folder). Listing needs no PIN; adding and removing need the parent "
                "PIN and are shown in 'familywatch audit'.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    group = p.add_subparsers(title="actions", metavar="ACTION", required=False)
    listing = group.add_parser("list", parents=[common], help="list the family's additions")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=cmd_apps_list)
    add = group.add_parser("add", parents=[common], help="add an app (PIN)",
                           description="Add an app for FamilyWatch to name (PIN).")
    add.add_argument("name", metavar="NAME", type=plain_text,
                     help="the name people see, e.g. 'Bigo Live'")
    add.add_argument("--category", required=True, choices=[c.value for c in Category])
    add.add_argument("--process", required=True, action="append", metavar="NAME",
                     type=plain_text,
                     help="a process name as the task manager shows it (repeat for more)")
    add.add_argument("--os", choices=OS_CHOICES, default=_this_os(),
                     help="the system these process names are for (default: this one)")
    add.set_defaults(handler=cmd_apps_add)
    remove = group.add_parser("remove", parents=[common], help="remove an added app (PIN)",
                              description="Remove an app the family added (PIN).")
    remove.add_argument("id", metavar="ID", type=plain_text,
                        help="its id, as 'familywatch apps' lists it")
    remove.set_defaults(handler=cmd_apps_remove)
    p = command("delete-records", cmd_delete_records, "delete recorded sessions (PIN)",
                "Delete what was recorded: sessions, monitor runs, schedule events, requests "
                "and notes. Sessions still going on stay. The audit log of parent actions is "
                "kept and shows the deletion.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--older-than", type=_whole(1, 3650, "days"), metavar="DAYS",
                       help="only records that ended more than DAYS days ago")
    which.add_argument("--all", action="store_true", help="everything that has ended")


def _this_os() -> str:
    from familywatch.probes.base import current_os

    return current_os()
