"""`familywatch audit` and `familywatch events`: every parent action and what the
schedule did. No PIN: the child sees every parent action too."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from familywatch.cli_support import Handler, _controls, _one_line_errors
from familywatch.config import Config


def cmd_audit(args: argparse.Namespace, config: Config) -> int:
    from familywatch.monitor.parent_settings import audit_words
    from familywatch.reports.parent_data import audit_item

    with _one_line_errors():
        controls = _controls(config)
        entries = controls.audit_entries()
    if args.json:
        print(json.dumps({"schema": 1, "entries": [audit_item(e, controls.tz)
                                                    for e in entries]}, indent=2))
    elif not entries:
        print("No parent actions recorded yet.")
    for entry in [] if args.json else entries:
        print(f"{entry.at.astimezone(controls.tz):%Y-%m-%d %H:%M}  {entry.action.value:<18} "
              f"{entry.os_user}@{entry.host}  {audit_words(entry, controls.tz)}".rstrip())
    return 0


def cmd_events(args: argparse.Namespace, config: Config) -> int:
    from familywatch.reports.parent_data import rule_event_item

    with _one_line_errors():
        controls = _controls(config)
        events = controls.store.rule_events()
    if args.json:
        print(json.dumps({"schema": 1, "events": [rule_event_item(e, controls.tz)
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
def add_audit_commands(command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                       ) -> None:
    for name, handler, summary in (
            ("audit", cmd_audit, "every parent action, for everyone to see (no PIN)"),
            ("events", cmd_events, "what the schedule did: reminders, warnings, closed apps")):
        p = command(name, handler, summary, summary[0].upper() + summary[1:] + ".")
        p.add_argument("--json", action="store_true", help="machine-readable output")
