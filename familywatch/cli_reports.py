"""Commands that show, and record nothing: probe (what is detected right now), status
(what the monitor recorded today) and report (a day's or a week's record)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from familywatch.cli import EXIT_OK, CliError, _probes, _records
from familywatch.cli_support import _date, output_path
from familywatch.config import Config, local_timezone

if TYPE_CHECKING:
    from familywatch.monitor.records import Records

Handler = Callable[[argparse.Namespace, Config], int]


def cmd_probe(args: argparse.Namespace, config: Config) -> int:
    from familywatch.core.clock import SystemClock
    from familywatch.reports.data import probe_dict

    probes = _probes(config)
    try:
        report = probes.report(SystemClock())
    finally:
        probes.close()
    data = probe_dict(report, local_timezone())
    if args.json:
        print(json.dumps(data, indent=2))
        return EXIT_OK
    from familywatch.reports.probe_text import render_probe

    print(render_probe(data), end="")
    return EXIT_OK


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from familywatch.reports.status import render_status, status_dict

    # Deferred: when the record can't be read, the running monitor's own state still says
    # what it is doing and what is wrong.
    records = _records(config, defer=True)
    data = status_dict(records.status(), records.tz)
    print(json.dumps(data, indent=2) if args.json else render_status(data), end="\n"
          if args.json else "")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, config: Config) -> int:
    records = _records(config)
    if args.format in ("html", "pdf"):
        return _report_document(args, records)
    from familywatch.reports import render

    period = records.day(args.day) if args.day else records.week(args.week)
    summary = records.summary(period)
    text = render(summary, records.tz, args.format, records.parent_view(summary))
    if args.output:
        _write(Path(args.output), text)
        print(f"familywatch: wrote {args.format} report for {period.label} to {args.output}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from error
    except ValueError as error:  # e.g. a NUL byte in the name
        raise CliError(f"cannot write {str(path)!r}: not a usable file name") from error


def _report_document(args: argparse.Namespace, records: Records) -> int:
    """The weekly family review as HTML or PDF (always a whole week)."""
    from familywatch.ui.exports.command import export_review

    if args.format == "pdf" and not args.output:
        raise CliError("a PDF report needs a file name: add -o FILE.pdf")
    day = args.day or args.week
    output = Path(args.output) if args.output else None
    if output is not None and not output.parent.is_dir():
        raise CliError(f"cannot write {output}: the folder {output.parent} does not exist")
    html = export_review(records, day, args.format, path=output, page_size=args.page_size)
    if html is not None and output is None:
        sys.stdout.write(html)
    elif html is not None and output is not None:
        _write(output, html)
    if output is not None:
        print(f"familywatch: wrote the {args.format} review of {records.week(day).label} to "
              f"{output}", file=sys.stderr)
    return EXIT_OK


def add_report_commands(command: Callable[[str, Handler, str, str], argparse.ArgumentParser]
                        ) -> None:
    p = command("probe", cmd_probe, "show what is detected right now (records nothing)",
                "Show which processes use the camera and microphone and which catalogued "
                "apps run right now, and which detection backends work on this machine. "
                "Nothing is recorded.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = command("status", cmd_status, "show what the monitor has recorded today",
                "Whether the monitor runs, what is in use now, and today's totals.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = command("report", cmd_report, "a day's or a week's record",
                "Report a local day or a Monday-to-Sunday week (default: the current week).")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--day", type=_date, metavar="DATE", help="the day YYYY-MM-DD")
    when.add_argument("--week", type=_date, metavar="DATE",
                      help="the week holding DATE (YYYY-MM-DD)")
    p.add_argument("--format", choices=("text", "json", "csv", "html", "pdf"), default="text",
                   help="html and pdf give the weekly family review (charts, highlights, "
                   "conversation prompts) of the week holding --day/--week")
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4",
                   help="paper size for --format pdf")
    p.add_argument("-o", "--output", metavar="FILE", type=output_path,
                   help="write to FILE instead of stdout")
