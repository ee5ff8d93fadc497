"""Idle overhead: CPU (% of one core) and memory of FamilyWatch doing its everyday job.

    python -m benchmarks --only idle [--quick]

With ~300 processes on the machine and nothing using the camera, over 60 s (--quick:
20 s) after a 5 s settle:
  * the headless monitor (`familywatch monitor`), started on an existing database as
    on every start but the first (the first start creates and migrates the database
    and so also loads Alembic: its RSS is reported too);
  * the tray app (`familywatch`) under Xvfb with trayer as the tray host, the parent PIN
    set (everyday use: no first-run window open), if Xvfb, trayer and xwininfo are there.
"""

from __future__ import annotations

import time
from typing import Any

import psutil

from benchmarks.common import (
    background_processes,
    cpu_seconds,
    rss_mb,
    sandbox,
    start_monitor,
    stop,
    top_up,
    uss_mb,
    x_tools_missing,
    xvfb_with_tray,
)
from benchmarks.table import Agg, Row, check
from benchmarks.tray import start_tray, with_parent_pin

TITLE = "Idle overhead"
SETTLE = 5.0


def observe(pid: int, seconds: float) -> dict[str, Any]:
    process = psutil.Process(pid)
    time.sleep(SETTLE)
    before, t0 = cpu_seconds(process), time.monotonic()
    time.sleep(seconds)
    used, elapsed = cpu_seconds(process) - before, time.monotonic() - t0
    return {"seconds": round(elapsed, 1), "cpu_percent": round(100 * used / elapsed, 3),
            "rss_mb": round(rss_mb(pid), 1), "uss_mb": round(uss_mb(pid), 1),
            "threads": process.num_threads()}


def headless(seconds: float) -> dict[str, Any]:
    with sandbox() as (_root, env):
        first, _ = start_monitor(env)
        try:
            time.sleep(SETTLE)
            fresh_rss = rss_mb(first.pid)
        finally:
            stop(first)
        monitor, _ = start_monitor(env)
        try:
            result = observe(monitor.pid, seconds)
        finally:
            stop(monitor)
    result["first_start_rss_mb"] = round(fresh_rss, 1)
    return result


def tray(seconds: float) -> dict[str, Any]:
    missing = x_tools_missing()
    if missing:
        return {"skipped": f"not measured: {', '.join(missing)} missing "
                           "(apt-get install xvfb trayer x11-utils)"}
    try:
        import familywatch.ui.app  # noqa: F401
    except ImportError as error:
        return {"skipped": f"not measured: the tray app does not import ({error})"}
    with xvfb_with_tray() as display, sandbox() as (root, plain):
        env = with_parent_pin(plain, root)  # everyday use: no first-run window open
        first, _ = start_tray(display.env, env)  # as for the monitor: not the first start
        stop(first)
        app, _ = start_tray(display.env, env)
        try:
            result = observe(app.pid, seconds)
        finally:
            stop(app)
    return result


def run(quick: bool) -> dict[str, Any]:
    seconds = 20 if quick else 60
    with background_processes(top_up(300)):
        processes = len(psutil.pids())
        return {"other_processes": processes, "headless": headless(seconds),
                "tray": tray(seconds)}


def rows(agg: Agg) -> list[Row]:
    out = [
        Row(TITLE, f"headless monitor CPU, {agg.last('headless.seconds')} s idle, "
            f"{agg.last('other_processes')} processes",
            agg.fmt("headless.cpu_percent", 2, "% of a core"), "", "", "≤ 0.3 %",
            check(agg.get("headless.cpu_percent"), 0.3)),
        Row(TITLE, "headless monitor RSS (USS)",
            f"{agg.fmt('headless.rss_mb', 1, 'MB')} ({agg.fmt('headless.uss_mb', 1, 'MB')})",
            f"first start, new database: {agg.fmt('headless.first_start_rss_mb', 1, 'MB')}",
            "", "≤ 50 MB", check(agg.get("headless.rss_mb"), 50)),
    ]
    skipped = agg.last("tray.skipped")
    if skipped:
        out.append(Row(TITLE, "tray app", skipped))
        return out
    out += [
        Row(TITLE, "tray app (`familywatch`) CPU under Xvfb + trayer",
            agg.fmt("tray.cpu_percent", 2, "% of a core"), "", "", "≤ 0.5 %",
            check(agg.get("tray.cpu_percent"), 0.5)),
        Row(TITLE, "tray app RSS (USS)",
            f"{agg.fmt('tray.rss_mb', 1, 'MB')} ({agg.fmt('tray.uss_mb', 1, 'MB')})", "", "",
            "≤ 120 MB", check(agg.get("tray.rss_mb"), 120)),
    ]
    return out
