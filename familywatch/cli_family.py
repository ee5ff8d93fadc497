"""Commands for the family's own app list and for deleting records:

  familywatch apps [list] [--json]            the family's list, and what is ignored (no PIN)
  familywatch apps add NAME --category C --process NAME [--process NAME ...]   (PIN)
  familywatch apps remove ID        an added app; a built-in one: no longer recorded (PIN)
  familywatch apps replace ID [--name N] [--category C] [--process NAME ...]   (PIN)
  familywatch apps restore ID       a built-in app as it is built in again     (PIN)
  familywatch apps approve ID       the family's hand-written entry for a built-in app (PIN)
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
    from familywatch.core.catalogue import CatalogueEntry
    from familywatch.monitor.family_catalogue import FamilyCatalogue, FamilyList

Handler = Callable[[argparse.Namespace, Config], int]
OS_CHOICES = ("linux", "windows", "macos")


def _family(config: Config) -> FamilyCatalogue:
    from familywatch.cli_support import _controls
    from familywatch.monitor.family_catalogue import FamilyCatalogue

    return FamilyCatalogue(config.user_catalogue, config.resources / "catalogue.toml",
                           _controls(config))


def _what(entry: CatalogueEntry, found: FamilyList) -> str:
    refusal = found.refusal(entry)
    if refusal is not None:
        return f"ignored: it needs the parent PIN (see the problem about {entry.app_id})"
    if not found.replaces_built_in(entry):
        return "added by the family"
    if found.same_as_built_in(entry):
        return "the same as the built-in entry"
    if entry.removed:
        return "the built-in app is not recorded (approved with the PIN)"
    return "replaces the built-in entry (approved with the PIN)"


def _app_item(entry: CatalogueEntry, found: FamilyList) -> dict[str, Any]:
    refusal = found.refusal(entry)
    return {"id": entry.app_id, "name": entry.name, "category": entry.category.value,
            "processes": {os_name: list(names) for os_name, names in entry.processes.items()},
            "replaces_built_in": found.replaces_built_in(entry), "removed": entry.removed,
            "in_force": refusal is None,
            "refused": None if refusal is None else refusal.message}


def cmd_apps_list(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _one_line_errors

    with _one_line_errors():
        found = _family(config).read()
    if args.json:
        print(json.dumps({"schema": 1, "file": str(config.user_catalogue),
                          "apps": [_app_item(e, found) for e in found.entries],
                          "problems": list(found.problems)}, indent=2))
        return 0
    if not found.entries:
        print(f"The family has added no apps ({config.user_catalogue}).")
    for entry in found.entries:
        names = "; ".join(f"{os_name}: {', '.join(names)}"
                          for os_name, names in entry.processes.items() if names)
        shown = f"{entry.name} [{entry.category.value}]  {names}" if not entry.removed \
            else entry.name
        print(f"{entry.app_id:<24} {shown}  ({_what(entry, found)})")
    for problem in found.problems:
        print(f"problem: {problem}")
    return 0


def _parent_command(config: Config, change: Callable[[FamilyCatalogue, str], object]
                    ) -> FamilyCatalogue:
    from familywatch.cli_support import _one_line_errors, _pin

    with _one_line_errors():
        family = _family(config)
        family.controls.ready()
        change(family, _pin())
    return family


def cmd_apps_add(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _say

    added: list[CatalogueEntry] = []
    _parent_command(config, lambda family, pin: added.append(family.add(
        pin, args.name, Category(args.category), {args.os: args.process})))
    _say(f"added {added[0].name} as '{added[0].app_id}'; the running monitor names it within "
         "a few seconds")
    return 0


def cmd_apps_remove(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _say

    family = _parent_command(config, lambda family, pin: family.remove(pin, args.id))
    if args.id in family.read().built_in_ids:
        _say(f"{family.last_change}; the running monitor stops naming it within a few seconds")
    else:
        _say(f"removed '{args.id}' from the family's app list")
    return 0


def cmd_apps_replace(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli import CliError
    from familywatch.cli_support import _say

    if args.name is None and args.category is None and not args.process:
        raise CliError("say what to change: --name, --category or --process")
    category = Category(args.category) if args.category else None
    processes = {args.os: args.process} if args.process else None
    family = _parent_command(config, lambda family, pin: family.replace(
        pin, args.id, name=args.name, category=category, processes=processes))
    _say(f"{family.last_change}; the running monitor uses the change within a few seconds")
    return 0


def cmd_apps_restore(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _say

    family = _parent_command(config, lambda family, pin: family.restore(pin, args.id))
    _say(f"{family.last_change}; the running monitor uses it within a few seconds")
    return 0


def cmd_apps_approve(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli_support import _say

    family = _parent_command(config, lambda family, pin: family.approve(pin, args.id))
    _say(f"{family.last_change}; the running monitor uses the change within a few seconds")
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
                "Apps the family adds to those FamilyWatch names, and changes to its built-in "
                "apps (kept in catalogue.toml in the data folder). Listing needs no PIN; every "
                "change needs the parent PIN and is shown in 'familywatch audit'. A change to "
                "a built-in app written into that file by hand is ignored until approved.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    group = p.add_subparsers(title="actions", metavar="ACTION", required=False)
    listing = group.add_parser("list", parents=[common],
                               help="list the family's additions and what is ignored")
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
    remove = group.add_parser(
        "remove", parents=[common], help="remove an added app, or stop recording a built-in "
        "one (PIN)", description="Remove an app the family added; for one of FamilyWatch's "
        "built-in apps, stop recording it (PIN). Shown to the child in 'familywatch audit'.")
    remove.add_argument("id", metavar="ID", type=plain_text,
                        help="its id, as 'familywatch apps' lists it")
    remove.set_defaults(handler=cmd_apps_remove)
    replace = group.add_parser(
        "replace", parents=[common], help="change a built-in app (PIN)",
        description="Change what one of FamilyWatch's built-in apps is called, its kind or "
        "its process names (PIN); what is not given stays. Shown to the child in "
        "'familywatch audit'. The same change written into catalogue.toml by hand is ignored.")
    replace.add_argument("id", metavar="ID", help="the built-in app's id, e.g. obs-studio")
    replace.add_argument("--name", help="the name people see")
    replace.add_argument("--category", choices=[c.value for c in Category])
    replace.add_argument("--process", action="append", metavar="NAME",
                         help="its process names on --os from now on (repeat for more)")
    replace.add_argument("--os", choices=OS_CHOICES, default=_this_os(),
                         help="the system these process names are for (default: this one)")
    replace.set_defaults(handler=cmd_apps_replace)
    restore = group.add_parser(
        "restore", parents=[common], help="put a built-in app back as built in (PIN)",
        description="Drop the family's entry for one of FamilyWatch's built-in apps, so it is "
        "recorded as built in again (PIN).")
    restore.add_argument("id", metavar="ID", help="the built-in app's id, e.g. obs-studio")
    restore.set_defaults(handler=cmd_apps_restore)
    approve = group.add_parser(
        "approve", parents=[common], help="make a hand-written change to a built-in app "
        "count (PIN)", description="A change to a built-in app written into catalogue.toml "
        "by hand is ignored until a parent approves it (PIN); 'familywatch apps' lists it.")
    approve.add_argument("id", metavar="ID", help="the entry's id, e.g. obs-studio")
    approve.set_defaults(handler=cmd_apps_approve)
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
