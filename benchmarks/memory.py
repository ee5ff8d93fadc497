"""Where the monitor's memory goes, and what cheap changes would give back.

    python -m benchmarks --only memory [--quick]

1. RSS after each import, in the order the monitor imports them, in a fresh interpreter
   (tracemalloc cannot see C allocations; RSS can): what each dependency costs.
2. The running monitor (existing database, ~300 processes, after a settle) as is and
   with an experiment applied after start-up by benchmarks/monitor_variant.py:
   malloc_trim(0), gc.freeze(), both. No FamilyWatch code is changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import (
    READY_LINE,
    LineWaiter,
    background_processes,
    median,
    rss_mb,
    sandbox,
    start_monitor,
    stop,
    top_up,
    uss_mb,
)
from benchmarks.monitor_variant import VARIANTS
from benchmarks.table import Agg, Row

TITLE = "Memory"
# What keyring imports to find a desktop keyring (Secret Service: secretstorage, jeepney,
# cryptography) when the monitor first reads its integrity key, a few seconds after start.
KEYRING_DESKTOP = "keyring.backends.SecretService"
# The monitor's own import order (cli -> config -> probes -> store -> monitor), then what
# only a first start (Alembic) or the tray app (PySide6) adds.
STEPS = (
    "familywatch.cli", "familywatch.config", "platformdirs", "psutil",
    "familywatch.probes.linux", "sqlalchemy", "familywatch.store",
    "apscheduler.schedulers.background", "familywatch.monitor.runtime",
    KEYRING_DESKTOP, "alembic.command", "PySide6.QtWidgets", "familywatch.ui.app",
)


def import_steps() -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.rss_steps", *STEPS],
                          capture_output=True, text=True, check=True, timeout=120)
    steps = json.loads(done.stdout)
    out, previous = [], None
    for name, rss in steps:
        out.append({"module": name, "rss_mb": rss,
                    "added_mb": round(rss - previous, 1) if previous is not None else 0.0})
        previous = rss
    return out


def variant(env: dict[str, str], name: str, seconds: float) -> dict[str, Any]:
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.monitor_variant", name],
                               env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        LineWaiter(process.stderr).wait_for(READY_LINE, 60)
        samples = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(1)
            samples.append(rss_mb(process.pid))
        return {"rss_mb": round(samples[-1], 1), "rss_first_mb": round(samples[0], 1),
                "rss_peak_mb": round(max(samples), 1),
                "rss_median_mb": round(median(samples), 1),
                "uss_mb": round(uss_mb(process.pid), 1)}
    finally:
        stop(process)


def run(quick: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"imports": import_steps()}
    seconds = 10 if quick else 30
    with background_processes(top_up(300)), sandbox() as (_root, env):
        first, _ = start_monitor(env)  # create and migrate the database once
        stop(first)
        result["variants"] = {name: variant(env, name, seconds) for name in VARIANTS}
    result["window_seconds"] = seconds
    return result


def _by_module(agg: Agg) -> dict[str, dict[str, Any]]:
    return {step["module"]: step for step in agg.last("imports") or []}


def rows(agg: Agg) -> list[Row]:
    steps = _by_module(agg)
    out = []

    def added(*names: str) -> float:
        return sum(steps[n]["added_mb"] for n in names if n in steps)

    base = steps.get("python", {}).get("rss_mb", 0.0)
    monitor_total = steps.get("familywatch.monitor.runtime", {}).get("rss_mb", 0.0)
    sqla = added("sqlalchemy", "familywatch.store")
    out.append(Row(TITLE, "RSS after the monitor's imports (no work done yet)",
                   f"{monitor_total:.1f} MB",
                   f"bare Python {base:.1f} MB; SQLAlchemy (Core, no ORM) + store "
                   f"+{sqla:.1f} MB"))
    if KEYRING_DESKTOP in steps:
        out.append(Row(TITLE, "what reading the integrity key adds (keyring's desktop backend: "
                       "secretstorage + cryptography)", f"+{added(KEYRING_DESKTOP):.1f} MB",
                       "running monitor 1 s after ready: "
                       f"{agg.fmt('variants.as-is.rss_first_mb', 1, 'MB')}"))
    out.append(Row(TITLE, "what a first start adds (Alembic, migrating a new database)",
                   f"+{added('alembic.command'):.1f} MB"))
    out.append(Row(TITLE, "what the tray app's imports add (PySide6 + ui)",
                   f"+{added('PySide6.QtWidgets', 'familywatch.ui.app'):.1f} MB"))
    as_is = agg.get("variants.as-is.rss_mb")
    for name in VARIANTS:
        value = agg.get(f"variants.{name}.rss_mb")
        delta = f"{value - as_is:+.1f} MB" if value is not None and as_is is not None else ""
        out.append(Row(TITLE, f"running monitor RSS, {name} (after "
                       f"{agg.last('window_seconds')} s)",
                       agg.fmt(f"variants.{name}.rss_mb", 1, "MB"),
                       f"USS {agg.fmt(f'variants.{name}.uss_mb', 1, 'MB')}",
                       "" if name == "as-is" else delta))
    return out
