"""`familywatch audit` and `familywatch events`: every parent action and what the
schedule did. No PIN: the child sees every parent action too."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from familywatch.cli_support import Handler, _controls, _one_line_errors
from familywatch.config import Config
from familywatch.core.ports import AuditEntry, RuleEvent


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
def add_audit_commands(command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                       ) -> None:
    for name, handler, summary in (
            ("audit", cmd_audit, "every parent action, for everyone to see (no PIN)"),
            ("events", cmd_events, "what the schedule did: reminders, warnings, closed apps")):
        p = command(name, handler, summary, summary[0].upper() + summary[1:] + ".")
        p.add_argument("--json", action="store_true", help="machine-readable output")
