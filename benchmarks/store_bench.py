"""Store reads at scale: the week's sessions, the runs behind its gaps, a whole year, and
what one `familywatch status --json` call spends its time on.

    python -m benchmarks --only store [--quick]

Databases as in the reports benchmark (25,000 sessions and 365 runs a heavy year, sealed),
for 1, 2 and 5 years (--quick: 1 and 5). Side by side in the same run:
- the last and the first week's sessions through SqlStore.sessions_between (index chosen
  by the window) and through the query as it was before (SQLite picks the index), with the
  index each plan used (EXPLAIN QUERY PLAN on the statement really executed);
- the runs for the week's gaps: runs_for_gaps against every run since 1970 (as before);
- on one year: the whole year's report data (Records.summary + summary_dict), in parts;
- on the largest database: `familywatch status --json` end to end, `PRAGMA quick_check`
  (what every CLI open runs first), and the import of familywatch.store.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, union_all

from benchmarks.common import fw_command, fw_env, scratch, spread, timed_ms
from benchmarks.reports import FIRST_YEAR, build
from benchmarks.synthetic import year_start
from benchmarks.table import Agg, Row, check, compare
from familywatch.core.clock import ManualClock
from familywatch.core.summary import Period, summarize, week_period
from familywatch.monitor.records import Records
from familywatch.reports.data import summary_dict
from familywatch.store import SqlStore, open_store
from familywatch.store.health import check_database
from familywatch.store.rows import SESSION_COLUMNS, gc_paused, sessions_from_rows
from familywatch.store.tables import SESSIONS

TITLE = "Store"
EVER = datetime(1970, 1, 1, tzinfo=UTC)


def _as_before(store: SqlStore, start: datetime, end: datetime) -> int:
    """The week's sessions through the query as it was: SQLite chose the index."""
    ended = select(*SESSION_COLUMNS).where(SESSIONS.c.ended_at > start,
                                           SESSIONS.c.started_at < end)
    still_open = select(*SESSION_COLUMNS).where(SESSIONS.c.ended_at.is_(None),
                                                SESSIONS.c.started_at < end)
    with gc_paused(), store.engine.connect() as connection:
        return len(sessions_from_rows(connection.execute(union_all(ended, still_open)).all()))


def _index_used(store: SqlStore, read: Any) -> str:
    """The index SQLite used for the overlap condition of the statement `read` ran last."""
    executed: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        read()
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    statement, parameters = executed[-1]
    assert store.path is not None
    with sqlite3.connect(store.path) as connection:
        plan = [str(row[3]) for row in
                connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    for line in plan:
        if "(ended_at>?)" in line or "(started_at<?)" in line:
            return line.split("INDEX ", 1)[1].split(" ", 1)[0]
    return "; ".join(plan)


def week_reads(store: SqlStore, years: int, repeat: int) -> dict[str, Any]:
    end = year_start(FIRST_YEAR + years)
    out: dict[str, Any] = {}
    for name, day in (("last", end - timedelta(days=7)), ("first", year_start(FIRST_YEAR)
                                                             + timedelta(days=7))):
        week = week_period(day.date(), UTC)
        now_read = lambda w=week: store.sessions_between(w.start, w.end)  # noqa: E731
        before_read = lambda w=week: _as_before(store, w.start, w.end)  # noqa: E731
        now_read(), before_read()  # warm statement caches
        out[name] = {
            "sessions": len(now_read()),
            "now_ms": spread(timed_ms(now_read, repeat)),
            "now_index": _index_used(store, now_read),
            "before_ms": spread(timed_ms(before_read, repeat)),
            "before_index": _index_used(store, before_read),
        }
        if name == "last":
            out["runs_now_ms"] = spread(timed_ms(
                lambda w=week: store.runs_for_gaps(w.start, w.end), repeat))
            out["runs_before_ms"] = spread(timed_ms(
                lambda w=week: store.runs_between(EVER, w.end), repeat))
            out["runs_now"] = len(store.runs_for_gaps(week.start, week.end))
            out["runs_before"] = len(store.runs_between(EVER, week.end))
    return out


def whole_year(store: SqlStore, path: Path, repeat: int) -> dict[str, Any]:
    year = Period(year_start(FIRST_YEAR), year_start(FIRST_YEAR + 1), str(FIRST_YEAR), UTC)
    records = Records(store, ManualClock(year.end), UTC, path.parent / "no-monitor.lock")
    summary_dict(records.summary(year), UTC)  # warm
    total = timed_ms(lambda: summary_dict(records.summary(year), UTC), repeat)
    read = timed_ms(lambda: store.sessions_between(year.start, year.end), repeat)
    sessions = store.sessions_between(year.start, year.end)
    runs = store.runs_for_gaps(year.start, year.end)
    crunch = timed_ms(lambda: summarize(sessions, runs, year, year.end, UTC), repeat)
    summary = summarize(sessions, runs, year, year.end, UTC)
    to_dict = timed_ms(lambda: summary_dict(summary, UTC), repeat)
    return {"sessions": len(sessions), "total_ms": spread(total, 1), "read_ms": spread(read, 1),
            "summarize_ms": spread(crunch, 1), "dict_ms": spread(to_dict, 1)}


def _wall_ms(command: list[str], env: dict[str, str] | None, repeat: int) -> dict[str, float]:
    def once() -> None:
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=120)
    once()  # page cache
    return spread(timed_ms(once, repeat), 1)


def cli_call(root: Path, path: Path, repeat: int) -> dict[str, Any]:
    env = fw_env(root)
    quick_check = timed_ms(lambda: check_database(f"sqlite:///{path}"), repeat)
    return {
        "status_ms": _wall_ms(fw_command("status", "--json"), env, repeat),
        "python_ms": _wall_ms([sys.executable, "-c", "pass"], None, repeat),
        "import_store_ms": _wall_ms([sys.executable, "-c", "import familywatch.store"], None,
                                    repeat),
        "quick_check_ms": spread(quick_check, 1),
        "db_mb": round(path.stat().st_size / 2**20, 1),
    }


def run(quick: bool) -> dict[str, Any]:
    spans = (1, 5) if quick else (1, 2, 5)
    repeat = 5 if quick else 15
    result: dict[str, Any] = {"spans": list(spans)}
    for years in spans:
        with scratch("fw-bench-store-") as root:
            path = root / "data" / "familywatch.sqlite3"
            path.parent.mkdir(parents=True)
            build(path, years)
            store = open_store(f"sqlite:///{path}")
            try:
                entry = week_reads(store, years, repeat)
                if years == 1:
                    result["year"] = whole_year(store, path, max(3, repeat // 3))
            finally:
                store.close()
            if years == spans[-1]:
                result["cli"] = cli_call(root, path, max(5, repeat // 2))
            result[f"y{years}"] = entry
        time.sleep(0.5)  # let the files go before the next, larger database
    return result


def rows(agg: Agg) -> list[Row]:
    out = []
    for years in agg.last("spans") or []:
        key, label = f"y{years}", f"{years} year{'s' if years > 1 else ''}"
        for week in ("last", "first"):
            k = f"{key}.{week}"
            out.append(Row(
                TITLE, f"sessions of the {week} week, {label} ({agg.last(f'{k}.sessions')} "
                f"sessions; index: {agg.last(f'{k}.now_index')})",
                agg.fmt(f"{k}.now_ms", 2, "ms"),
                f"SQLite's own pick ({agg.last(f'{k}.before_index')}): "
                f"{agg.fmt(f'{k}.before_ms', 2, 'ms')}",
                compare(agg.get(f"{k}.now_ms"), agg.get(f"{k}.before_ms"), "faster", "slower")))
        out.append(Row(
            TITLE, f"runs for the last week's gaps, {label} ({agg.last(f'{key}.runs_now')} "
            "runs read)", agg.fmt(f"{key}.runs_now_ms", 2, "ms"),
            f"every run since 1970 ({agg.last(f'{key}.runs_before')}): "
            f"{agg.fmt(f'{key}.runs_before_ms', 2, 'ms')}",
            compare(agg.get(f"{key}.runs_now_ms"), agg.get(f"{key}.runs_before_ms"),
                    "faster", "slower")))
    if agg.last("year.sessions"):
        out.append(Row(
            TITLE, f"whole-year report data, 1 year ({agg.last('year.sessions'):,} sessions)",
            agg.fmt("year.total_ms", 0, "ms"),
            f"read {agg.fmt('year.read_ms', 0)} + summarize {agg.fmt('year.summarize_ms', 0)}"
            f" + dict {agg.fmt('year.dict_ms', 0)} ms", "", "≤ 150 ms",
            check(agg.get("year.total_ms"), 150)))
    if agg.last("cli.db_mb"):
        out.append(Row(
            TITLE, f"`familywatch status --json`, {(agg.last('spans') or [0])[-1]} years "
            f"({agg.last('cli.db_mb')} MB)", agg.fmt("cli.status_ms", 0, "ms"),
            f"of it: `python -c pass` {agg.fmt('cli.python_ms', 0)}, import of the store "
            f"{agg.fmt('cli.import_store_ms', 0)} (with Python), quick_check "
            f"{agg.fmt('cli.quick_check_ms', 1)} ms"))
    return out
