"""Start-up: from launch until FamilyWatch is monitoring, and until its tray icon shows.

    python -m benchmarks --only startup [--quick]

Headless: `familywatch monitor` until its "monitoring the camera" line on stderr, on a
new data folder (the database is created and migrated: the first start) and on an
existing one (every later start). The bare interpreter's start-up is given for scale.
Tray: `familywatch` under Xvfb with trayer until the icon is embedded in the tray (the
parent PIN set, as every day after the first run).
Files are in the page cache (caches are not dropped: other work shares this machine).
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks.common import sandbox, spread, start_monitor, stop, x_tools_missing, xvfb_with_tray
from benchmarks.table import Agg, Row
from benchmarks.tray import start_tray, with_parent_pin

TITLE = "Start-up"


def python_start(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append((time.perf_counter() - began) * 1000)
    return times


def headless(repeat: int) -> dict[str, Any]:
    first, later = [], []
    for _ in range(repeat):
        with sandbox() as (_root, env):
            for bucket in (first, later):
                process, seconds = start_monitor(env)
                stop(process)
                bucket.append(seconds * 1000)
    return {"first_start_ms": spread(first, 0), "later_start_ms": spread(later, 0)}


def tray(repeat: int) -> dict[str, Any]:
    missing = x_tools_missing()
    if missing:
        return {"skipped": f"not measured: {', '.join(missing)} missing"}
    shown = []
    with xvfb_with_tray() as display:
        for _ in range(repeat):
            with sandbox() as (root, plain):
                env = with_parent_pin(plain, root)  # the PIN is set: no first-run window
                for _ in range(2):  # the first start only warms the page cache
                    process, seconds = start_tray(display.env, env)
                    stop(process)
                shown.append(seconds * 1000)
    return {"later_start_ms": spread(shown, 0)}


def run(quick: bool) -> dict[str, Any]:
    repeat = 2 if quick else 5
    return {"python_ms": spread(python_start(repeat), 0), "headless": headless(repeat),
            "tray": tray(max(1, repeat - 2))}


def rows(agg: Agg) -> list[Row]:
    out = [Row(TITLE, "launch → monitoring (headless), later starts",
               agg.fmt("headless.later_start_ms", 0, "ms"),
               f"first start (new database): {agg.fmt('headless.first_start_ms', 0, 'ms')}; "
               f"bare `python -c pass`: {agg.fmt('python_ms', 0, 'ms')}")]
    skipped = agg.last("tray.skipped")
    if skipped:
        out.append(Row(TITLE, "launch → tray icon shown", skipped))
    else:
        out.append(Row(TITLE, "launch → tray icon shown (`familywatch`, Xvfb + trayer)",
                       agg.fmt("tray.later_start_ms", 0, "ms")))
    return out
