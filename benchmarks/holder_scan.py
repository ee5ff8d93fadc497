"""Which process holds the camera: FamilyWatch's /proc scan against the usual tools.

    python -m benchmarks --only scan [--quick]

The machine is topped up to ~300, then ~1,000 processes, each holding ~30 open fds (a
regular file and /dev/null), one of them holding a stand-in camera node. Timed, median
of repeated calls:
  * scan_holders (what the monitor runs on each inotify wake-up and every 30 s);
  * a psutil scan, process_iter() + open_files() - which cannot even see the camera:
    psutil keeps regular files only;
  * `fuser NODE` (psmisc), the command-line way, as a subprocess.
Also the app probe's cached cycle against a psutil.process_iter with attributes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from benchmarks.common import (
    ROOT,
    background_processes,
    make_node,
    median,
    scratch,
    spread,
    timed_ms,
    top_up,
)
from benchmarks.table import Agg, Row, check, compare
from familywatch.core.catalogue import Catalogue, parse_catalogue
from familywatch.core.clock import ManualClock
from familywatch.probes.linux.app_probe import LinuxAppProbe
from familywatch.probes.linux.holders import scan_holders

TITLE = "Holder scan"
FDS_EACH = 30


def psutil_scan(node: str) -> set[int]:
    """The obvious psutil way; open_files() skips device nodes, so this finds nothing."""
    found = set()
    for process in psutil.process_iter():
        try:
            if any(f.path == node for f in process.open_files()):
                found.add(process.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def fuser_scan(fuser: str, node: str) -> set[int]:
    done = subprocess.run([fuser, node], capture_output=True, text=True, check=False,
                          timeout=60)
    return {int(word) for word in done.stdout.split() if word.isdigit()}


def _catalogue() -> Catalogue:
    text = (ROOT / "resources" / "catalogue.toml").read_text(encoding="utf-8")
    return Catalogue(parse_catalogue(text, "catalogue.toml")[0])


def measure(node: Path, holder: int, repeat: int) -> dict[str, Any]:
    """scan_holders and fuser timed in alternation (a load spike from elsewhere on this
    shared machine then hits both), psutil a few times after."""
    real = os.path.realpath(node)
    devices = frozenset({real})
    scan = scan_holders(devices)
    fuser = shutil.which("fuser")
    ours, theirs = [], []
    for _ in range(repeat):
        ours += timed_ms(lambda: scan_holders(devices), 1)
        if fuser:
            theirs += timed_ms(lambda: fuser_scan(fuser, real), 1)
    result: dict[str, Any] = {
        "processes": scan.processes, "fds": scan.fds, "unreadable": scan.unreadable,
        "scan_holders_ms": spread(ours), "scan_holders_found": holder in scan.holders,
        "us_per_fd": round(min(ours) * 1000 / max(scan.fds, 1), 2),
    }
    if fuser:
        result["fuser_ms"] = spread(theirs)
        result["fuser_found"] = holder in fuser_scan(fuser, real)
        result["fuser_over_ours"] = round(median(theirs) / median(ours), 2)
    else:
        result["fuser_missing"] = "fuser not installed (apt-get install psmisc)"
    psutil_ms = timed_ms(lambda: psutil_scan(real), max(3, repeat // 4))
    result["psutil_ms"] = spread(psutil_ms)
    result["psutil_found"] = holder in psutil_scan(real)
    result["psutil_over_ours"] = round(median(psutil_ms) / median(ours), 2)
    return result


def app_probe(repeat: int) -> dict[str, Any]:
    probe = LinuxAppProbe(_catalogue(), ManualClock(datetime.now(UTC)), young_seconds=0,
                          full_every=0)
    first = timed_ms(probe.sample, 1)[0]
    cycle = timed_ms(probe.sample, repeat)
    attrs = ["name", "exe", "cmdline", "create_time"]
    full = timed_ms(lambda: list(psutil.process_iter(attrs)), repeat)
    return {"first_sample_ms": round(first, 2), "cached_cycle_ms": spread(cycle, 3),
            "process_iter_attrs_ms": spread(full),
            "iter_over_cached": round(spread(full)["median"] / spread(cycle, 3)["median"], 1)}


def run(quick: bool) -> dict[str, Any]:
    repeat = 5 if quick else 20
    result: dict[str, Any] = {"fds_per_process": FDS_EACH}
    with scratch() as work:
        node = make_node(work / "video0")
        with background_processes(max(1, top_up(300)), FDS_EACH, hold=node) as first:
            result["p300"] = measure(node, first[0].pid, repeat)
            result["app_probe_p300"] = app_probe(repeat)
            with background_processes(top_up(1000), FDS_EACH):
                result["p1000"] = measure(node, first[0].pid, max(3, repeat // 2))
    return result


def rows(agg: Agg) -> list[Row]:
    out = []
    for key, label in (("p300", "~300"), ("p1000", "~1,000")):
        procs, fds = agg.last(f"{key}.processes"), agg.last(f"{key}.fds")
        ours = agg.get(f"{key}.scan_holders_ms")
        fuser = agg.get(f"{key}.fuser_ms")
        found = "found" if agg.last(f"{key}.fuser_found") else "NOT found"
        missing = agg.last(f"{key}.fuser_missing")
        share = ours / fuser if ours and fuser else None
        out.append(Row(
            TITLE, f"scan_holders at {label} processes ({procs} procs, {fds:,} fds)"
            if procs else f"scan_holders at {label} processes",
            agg.fmt(f"{key}.scan_holders_ms", 1, "ms"),
            missing or f"`fuser` {agg.fmt(f'{key}.fuser_ms', 1, 'ms')} ({found})",
            compare(ours, fuser, "faster", "slower"),
            "≤ ½ of fuser", check(share, 0.5)))
        psutil_found = "found" if agg.last(f"{key}.psutil_found") else "cannot see devices"
        out.append(Row(
            TITLE, f"psutil open_files() scan at {label} processes",
            agg.fmt(f"{key}.scan_holders_ms", 1, "ms"),
            f"psutil {agg.fmt(f'{key}.psutil_ms', 1, 'ms')} ({psutil_found})",
            compare(ours, agg.get(f"{key}.psutil_ms"), "faster", "slower")))
    out.append(Row(
        TITLE, "app probe cycle (cached) at ~300 processes",
        agg.fmt("app_probe_p300.cached_cycle_ms", 2, "ms"),
        f"process_iter(attrs) {agg.fmt('app_probe_p300.process_iter_attrs_ms', 1, 'ms')}",
        compare(agg.get("app_probe_p300.cached_cycle_ms"),
                agg.get("app_probe_p300.process_iter_attrs_ms"), "faster", "slower")))
    return out
