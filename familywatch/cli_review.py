"""Commands for asking for more time and for the weekly review: ask (no PIN: the child
asks), grant and decline (PIN), requests; note add | list and review done (no PIN: notes
are shown to both, and reviewing is done together); review reminder (PIN).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from familywatch.cli_support import (
    Handler,
    _controls,
    _date,
    _one_line_errors,
    _pin,
    _row_id,
    _say,
    _whole,
    plain_text,
)
from familywatch.config import Config
from familywatch.core.rules import MAX_ASK_MINUTES
from familywatch.monitor.review_records import ReviewNotes, week_label


def _notes(config: Config) -> ReviewNotes:
    from familywatch.store import SqlStore

    controls = _controls(config)
    store = controls.store  # typed as the parent's view of it; it is the whole SqlStore
    assert isinstance(store, SqlStore)
    return ReviewNotes(store, controls.clock, controls.tz, controls.host, controls.os_user)


# -- asking for more time ------------------------------------------------------------
def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        asked = _controls(config).ask(args.minutes, args.reason or "")
    _say(f"asked for {args.minutes} more minutes (request {asked.request.row_id}); a parent "
         "can answer with 'familywatch grant' or 'familywatch decline'")
    return 0


def cmd_grant(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        controls.open_request(args.id)  # refuse before the PIN is asked for
        controls.ready()
        granted = controls.grant(_pin(), args.id, args.minutes)
    _say(f"granted {granted.extra_minutes} more minutes today. Everyone can see this in "
         "'familywatch audit'.")
    return 0


def cmd_decline(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        controls.open_request(args.id)
        controls.ready()
        asked = controls.decline(_pin(), args.id)
    _say(f"declined request {asked.request.row_id} ({asked.request.minutes} minutes)")
    return 0


def cmd_requests(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.timefmt import clock_time, day_label
    from familywatch.reports.parent_data import request_item

    with _one_line_errors():
        controls = _controls(config)
        listed = controls.requests()
    if args.json:
        print(json.dumps({"schema": 1, "requests": [request_item(r, controls.tz)
                                                     for r in listed]}, indent=2))
        return 0
    if not listed:
        print("Nobody has asked for more time yet.")
    for asked in listed:
        r = asked.request
        answer = {"granted": f"granted {asked.granted_minutes or r.minutes} minutes",
                  "declined": "declined"}.get(r.answer or "", "waiting for a parent")
        print(f"{r.row_id:>4}  {day_label(r.at, controls.tz)} {clock_time(r.at, controls.tz)}"
              f"  {r.minutes} minutes  {answer}" + (f"  ({r.reason})" if r.reason else ""))
    return 0


# -- notes and the review ------------------------------------------------------------
def cmd_note_add(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli import CliError
    from familywatch.monitor.review_records import NoteRefused

    with _one_line_errors():
        notes = _notes(config)
        try:
            note = notes.add_note(" ".join(args.text), author=args.author,
                                  session=args.session, highlight=args.highlight,
                                  week=args.week)
        except NoteRefused as error:
            raise CliError(str(error)) from error
    _say(f"note {note.row_id} added ({note.author}, on the {note.target_kind} "
         f"{note.target_id}); it is shown to everyone")
    return 0


def cmd_note_list(args: argparse.Namespace, config: Config) -> int:
    from familywatch.reports.parent_data import note_item

    with _one_line_errors():
        notes = _notes(config)
        listed = notes.store.notes(None if args.week is None else week_label(args.week))
    if args.json:
        print(json.dumps({"schema": 1, "notes": [note_item(n, notes.tz) for n in listed]},
                         indent=2))
        return 0
    if not listed:
        print("No notes yet.")
    for note in listed:
        about = "the week" if note.target_kind == "week" else \
            f"{note.target_kind} {note.target_id}"
        print(f"{note.row_id:>4}  week of {note.week}  {note.author:<6} on {about}: "
              f"{note.text}")
    return 0


def cmd_review_done(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        review = _notes(config).mark_reviewed(args.week)
    _say(f"the week of {review.week} is marked as reviewed together")
    return 0


def cmd_review_reminder(args: argparse.Namespace, config: Config) -> int:
    with _one_line_errors():
        controls = _controls(config)
        if args.when is None:
            print(controls.review_reminder())
            return 0
        from familywatch.core.reminder import parse_reminder
        from familywatch.monitor.parent import Refused

        try:
            parse_reminder(args.when)
        except ValueError as error:
            raise Refused(str(error)) from None
        controls.ready()
        before = controls.set_review_reminder(_pin(), args.when)
    _say(f"weekly review reminder: {args.when} (before: {before})")
    return 0


# -- parsing ---------------------------------------------------------------------------
def add_review_commands(sub: Any, common: argparse.ArgumentParser,
                        command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                        ) -> None:
    p = command("ask", cmd_ask, "ask a parent for more camera time today (no PIN)",
                "Ask for more time: a parent answers with 'familywatch grant' or 'decline'.")
    p.add_argument("--minutes", type=_whole(1, MAX_ASK_MINUTES, "minutes"), metavar="N",
                   required=True, help="how many more minutes")
    p.add_argument("--reason", metavar="TEXT", type=plain_text,
                   help="why (shown to the parent)")
    for name, handler, summary in (
            ("grant", cmd_grant, "grant a request for more time (PIN)"),
            ("decline", cmd_decline, "decline a request for more time (PIN)")):
        p = command(name, handler, summary, summary[0].upper() + summary[1:]
                    + ". Without ID: the newest open request. Shown in 'familywatch audit'.")
        p.add_argument("id", type=_row_id("request"), nargs="?", metavar="ID",
                       help="the request's number")
        if name == "grant":
            p.add_argument("--minutes", type=_whole(1, 1440, "minutes"), metavar="N",
                           help="grant N minutes (default: what was asked)")
    p = command("requests", cmd_requests, "requests for more time and their answers",
                "Every request for more time, answered or not (no PIN).")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("note", cmd_note_list, "add or list notes on sessions, highlights or weeks",
                "Notes from the child or the parent, shown to both (no PIN).")
    group = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = group.add_parser("add", parents=[common], help="add a note",
                           description="Add a note on a session, a highlight or a week.")
    add.set_defaults(handler=cmd_note_add)
    target = add.add_mutually_exclusive_group()
    target.add_argument("--session", type=_row_id("session"), metavar="ID",
                        help="a session's id (report json)")
    target.add_argument("--highlight", metavar="KEY", type=plain_text,
                        help="a highlight's key")
    add.add_argument("--week", type=_date, metavar="DATE",
                     help="the week holding DATE (default: this week)")
    add.add_argument("--as", dest="author", choices=("child", "parent"), default="child",
                     help="who writes it (default: child)")
    add.add_argument("text", nargs="+", metavar="TEXT", type=plain_text)
    listing = group.add_parser("list", parents=[common], help="list notes",
                               description="List notes (all, or of one week).")
    listing.set_defaults(handler=cmd_note_list)
    listing.add_argument("--week", type=_date, metavar="DATE", help="the week holding DATE")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("review", cmd_review_done, "the weekly family review: mark it done, reminder",
                "'review done' records that the week was reviewed together (no PIN); "
                "'review reminder' shows or sets when the weekly reminder is due (PIN).")
    group = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    done = group.add_parser("done", parents=[common], help="we reviewed this week together",
                            description="Record that the week was reviewed together.")
    done.set_defaults(handler=cmd_review_done)
    done.add_argument("--week", type=_date, metavar="DATE",
                      help="the week holding DATE (default: this week)")
    reminder = group.add_parser("reminder", parents=[common], help="when the reminder is due",
                                description="Show, or set (PIN), when the weekly review "
                                "reminder is due, e.g. \"sun 18:00\".")
    reminder.set_defaults(handler=cmd_review_reminder)
    reminder.add_argument("when", nargs="?", metavar="\"DAY HH:MM\"", type=plain_text)
