"""FamilyWatch's benchmark suite: one command, one table, one JSON file.

    python -m benchmarks                    # everything (about 10 minutes on 2 cores)
    python -m benchmarks --quick            # shorter windows and fewer repeats
    python -m benchmarks --only peer scan   # some of them
    python -m benchmarks --runs 3           # repeat each, report median (min–max)

Benchmarks: latency, scan, peer, idle, memory, reports, store, startup. Run as root for the
stand-in camera (mknod) and to scan every process; `fuser` (psmisc), and for the tray
app Xvfb, trayer and xwininfo (x11-utils), are needed by some of them; the peer
(ActivityWatch) is installed on first use into benchmarks/.peer-venv from PyPI.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import holder_scan, idle, latency, memory, peer, reports, startup, store_bench
from benchmarks.common import ROOT, machine_info, machine_line
from benchmarks.table import Agg, Row, markdown

BENCHMARKS: dict[str, ModuleType] = {
    "latency": latency,
    "scan": holder_scan,
    "peer": peer,
    "idle": idle,
    "memory": memory,
    "reports": reports,
    "store": store_bench,
    "startup": startup,
}
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "latest.json"


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="short windows and fewer repeats (a few minutes)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                        help=f"run only these: {', '.join(BENCHMARKS)}")
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat each benchmark; the table shows median (min–max)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, metavar="FILE",
                        help="where to write the results (default: %(default)s)")
    parser.add_argument("--render", type=Path, metavar="FILE",
                        help="measure nothing: print the table of a results file again")
    return parser.parse_args(argv)


def table_rows(names: list[str], results: dict[str, list[dict[str, Any]]]) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        agg = Agg(results[name])
        if agg.runs:
            rows.extend(BENCHMARKS[name].rows(agg))
        for error in agg.errors:
            rows.append(Row(BENCHMARKS[name].TITLE, "failed", error))
    return rows


def render(path: Path) -> int:
    report = json.loads(path.read_text(encoding="utf-8"))
    results = report["results"]
    print(f"Machine: {machine_line(report['machine'])}")
    print(f"Command: {report['command']}")
    print()
    print(markdown(table_rows([n for n in BENCHMARKS if n in results], results)))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.render:
        return render(args.render)
    names = args.only or list(BENCHMARKS)
    command = "python -m benchmarks " + shlex.join(sys.argv[1:] if argv is None else argv)
    machine = machine_info()
    print(f"machine: {machine_line(machine)}; {machine['processes']} processes, "
          f"load {machine['load_average']}", file=sys.stderr)
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    began = time.monotonic()
    for run in range(args.runs):
        for name in names:
            print(f"[{run + 1}/{args.runs}] {name} ...", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            try:
                outcome = BENCHMARKS[name].run(args.quick)
            except Exception as error:  # one failing benchmark must not lose the others
                traceback.print_exc()
                outcome = {"error": f"{type(error).__name__}: {error}"}
            outcome["seconds"] = round(time.monotonic() - t0, 1)
            results[name].append(outcome)
            print(f"    done in {outcome['seconds']} s", file=sys.stderr, flush=True)
    rows = table_rows(names, results)
    table = markdown(rows)
    machine_after = machine_info()
    print()
    print(f"Machine: {machine_line(machine)}")
    print(f"Command: {command}  ({'quick' if args.quick else 'full'}, {args.runs} run(s), "
          f"{(time.monotonic() - began) / 60:.1f} min; load average before/after "
          f"{machine['load_average'][0]}/{machine_after['load_average'][0]})")
    print()
    print(table)
    report = {
        "command": command,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "runs": args.runs,
        "machine": machine,
        "load_average_after": machine_after["load_average"],
        "table": [row.as_dict() for row in rows],
        "markdown": table,
        "results": results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
