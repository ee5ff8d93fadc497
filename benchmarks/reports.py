"""Reports at scale: the weekly report's JSON from a heavy record, for 1, 2 and 5 years.

    python -m benchmarks --only reports [--quick]

Each database holds 25,000 sessions a year (apps 60 %, camera 25 %, microphone 15 %,
20 apps) and one monitor run a day, bulk-inserted. Timed (median of repeats): the
weekly report's data for the last week - Records.summary (store reads + summarize),
summary_dict and json.dumps, what `familywatch report --format json` does after its
imports - and, on the largest database, that CLI command end to end. The database's
size per year is read with its WAL merged, before and after sealing every record into
the integrity chain (as the monitor does).
"""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import fw_command, fw_env, scratch, spread, timed_ms
from benchmarks.peer import checkpointed_size
from benchmarks.synthetic import (
    SESSIONS_PER_YEAR,
    bulk_insert,
    daily_runs,
    seal_all,
    synthetic_sessions,
    year_start,
)
from benchmarks.table import Agg, Row, check
from familywatch.core.clock import ManualClock
from familywatch.core.summary import summarize, week_period
from familywatch.monitor.records import Records
from familywatch.reports.data import summary_dict
from familywatch.store import open_store

TITLE = "Reports at scale"
FIRST_YEAR = 2020


def build(path: Path, years: int) -> tuple[float, float, bool]:
    """A database with `years` heavy years, sealed into the integrity chain as the
    monitor seals its records; its size in MB before and after sealing, and whether
    there was a chain to seal into."""
    store = open_store(f"sqlite:///{path}")
    try:
        bulk_insert(store, synthetic_sessions(FIRST_YEAR, years),
                    daily_runs(FIRST_YEAR, years))
        plain = checkpointed_size(path)
        sealed = seal_all(store)
    finally:
        store.close()
    return plain / 2**20, checkpointed_size(path) / 2**20, sealed is not None


def weekly_report(path: Path, years: int, repeat: int) -> dict[str, Any]:
    end = year_start(FIRST_YEAR + years)
    store = open_store(f"sqlite:///{path}")
    try:
        records = Records(store, ManualClock(end), UTC, path.parent / "no-monitor.lock")
        week = week_period((end - timedelta(days=7)).date(), UTC)

        def report() -> str:
            return json.dumps(summary_dict(records.summary(week), UTC))

        size = len(report())  # also warms statement caches
        total = timed_ms(report, repeat)
        sessions = timed_ms(lambda: store.sessions_between(week.start, week.end), repeat)
        runs = timed_ms(lambda: store.runs_for_gaps(week.start, week.end), repeat)
        found = store.sessions_between(week.start, week.end)
        all_runs = store.runs_for_gaps(week.start, week.end)
        now = records.clock.now()
        crunch = timed_ms(lambda: summarize(found, all_runs, week, now, UTC), repeat)
        summary = summarize(found, all_runs, week, now, UTC)
        to_dict = timed_ms(lambda: summary_dict(summary, UTC), repeat)
    finally:
        store.close()
    return {"week": week.label, "sessions_in_week": len(found), "runs_read": len(all_runs),
            "json_bytes": size, "total_ms": spread(total),
            "read_sessions_ms": spread(sessions), "read_runs_ms": spread(runs),
            "summarize_ms": spread(crunch), "summary_dict_ms": spread(to_dict)}


def cli_report(root: Path, week_day: str) -> dict[str, Any]:
    env = fw_env(root)
    began = time.perf_counter()
    done = subprocess.run(fw_command("report", "--format", "json", "--week", week_day),
                          env=env, capture_output=True, text=True, check=True, timeout=120)
    took = (time.perf_counter() - began) * 1000
    sessions = len(json.loads(done.stdout)["sessions"])
    return {"cli_ms": round(took, 1), "cli_sessions": sessions}


def run(quick: bool) -> dict[str, Any]:
    spans = (1, 2) if quick else (1, 2, 5)
    repeat = 5 if quick else 15
    result: dict[str, Any] = {"sessions_per_year": SESSIONS_PER_YEAR}
    for years in spans:
        with scratch("fw-bench-reports-") as root:
            path = root / "data" / "familywatch.sqlite3"
            path.parent.mkdir(parents=True)
            plain_mb, size_mb, sealed = build(path, years)
            entry = {"db_mb": round(size_mb, 2), "mb_per_year": round(size_mb / years, 2),
                     "unsealed_mb_per_year": round(plain_mb / years, 2), "sealed": sealed,
                     **weekly_report(path, years, repeat)}
            if years == spans[-1]:
                last_week = year_start(FIRST_YEAR + years) - timedelta(days=7)
                for _ in range(2):  # once to warm the page cache, once to measure
                    entry.update(cli_report(root, last_week.date().isoformat()))
            result[f"y{years}"] = entry
    result["spans"] = list(spans)
    return result


def rows(agg: Agg) -> list[Row]:
    out = []
    spans = agg.last("spans") or []
    for years in spans:
        key = f"y{years}"
        label = f"{years} year{'s' if years > 1 else ''}"
        out.append(Row(
            TITLE, f"weekly report JSON, {label} "
            f"({years * SESSIONS_PER_YEAR:,} sessions; {agg.last(f'{key}.sessions_in_week')} "
            "in the week)",
            agg.fmt(f"{key}.total_ms", 1, "ms"),
            f"read {agg.fmt(f'{key}.read_sessions_ms', 1)} + runs "
            f"{agg.fmt(f'{key}.read_runs_ms', 1)} + summarize "
            f"{agg.fmt(f'{key}.summarize_ms', 1)} + dict {agg.fmt(f'{key}.summary_dict_ms', 1)}"
            " ms"))
    if spans:
        key = f"y{spans[-1]}"
        out.append(Row(TITLE, f"`familywatch report --format json --week`, {spans[-1]} years",
                       agg.fmt(f"{key}.cli_ms", 0, "ms"), "one CLI call, imports included"))
        chain = (f"; without the integrity chain {agg.fmt('y1.unsealed_mb_per_year', 2, 'MB')}"
                 if agg.last("y1.sealed") else "; no integrity chain in this version")
        out.append(Row(TITLE, "database size per heavy year (sealed)",
                       agg.fmt("y1.mb_per_year", 2, "MB"),
                       f"{spans[-1]} years: {agg.fmt(f'{key}.db_mb', 1, 'MB')}{chain}", "",
                       "≤ 20 MB", check(agg.get("y1.mb_per_year"), 20)))
    return out
