"""Side by side with the peer: ActivityWatch's Python server (aw-server 0.12, from PyPI).

    python -m benchmarks --only peer [--quick]

The same workload on both sides - heartbeats merged into intervals and stored in SQLite:
  1. one heartbeat a second for 60 s (--quick: 15 s), one app, pulse time 2 s;
  2. a burst of 2,000 heartbeats, 1 s apart in event time, where 9 of 10 merge;
  3. one synthetic year: 25,000 intervals over 20 apps, inserted in bulk;
  4. a per-app summary of one week and of the whole year;
and the idle RSS of each side's long-running process.

ActivityWatch: `python -m aw_server --testing` on 127.0.0.1:<free port>, XDG_* dirs in a
scratch folder, driven over its REST API (the endpoints aw-client calls); its CPU is the
server process's CPU time. FamilyWatch: what the monitor runs, in this process - the
tracker (Recorder) and the SqlStore, heartbeats batched and flushed every 5 s; summaries
are Records.summary + summary_dict (the weekly report's data). Its CPU is the CPU time of
the thread doing the work (the REST client for the peer runs on another thread).

The peer runs from its own virtual environment, benchmarks/.peer-venv (git-ignored),
created on first use with pip from PyPI: aw-server 0.12.0, aw-core 0.5.18,
aw-client 0.5.15, with peewee<4 and flask<2.3 (newer ones break aw-server 0.12 on
Python 3.11: see FIELD-NOTES).
"""

from __future__ import annotations

import gc
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil

from benchmarks.common import (
    LineWaiter,
    cpu_seconds,
    free_port,
    fw_env,
    median,
    rss_mb,
    scratch,
    spread,
    start_monitor,
    stop,
    timed_ms,
    wait_until,
)
from benchmarks.synthetic import (
    APPS,
    HOST,
    SESSIONS_PER_YEAR,
    aw_event,
    bulk_insert,
    daily_runs,
    seal_all,
    synthetic_sessions,
    year_start,
)
from benchmarks.table import Agg, Row, check, compare
from familywatch.core.clock import ManualClock
from familywatch.core.model import Kind, Sample, Sighting
from familywatch.core.summary import Period, week_period
from familywatch.core.tracker import TrackerConfig, pulse_for
from familywatch.monitor.recorder import Recorder
from familywatch.monitor.records import Records
from familywatch.reports.data import summary_dict
from familywatch.store import SqlStore, open_store

TITLE = "vs ActivityWatch"
PEER_VENV = Path(__file__).resolve().parent / ".peer-venv"
PEER_PINS = ("aw-server==0.12.0", "aw-core==0.5.18", "aw-client==0.5.15", "peewee<4",
             "flask<2.3")
BURST, MERGE_RUN = 2000, 10  # 9 of 10 heartbeats merge
FLUSH_EVERY = 5  # seconds, as the monitor (FAMILYWATCH_FLUSH)
PULSE = pulse_for(1.0)
WEEK = date(2024, 12, 16)  # Monday 16 - Sunday 22 December 2024, UTC
BURST_START = datetime(2025, 6, 1, 12, tzinfo=UTC)


# -- the peer --------------------------------------------------------------------------
def peer_python() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        print("    installing the peer into benchmarks/.peer-venv (pip, PyPI) ...",
              file=sys.stderr, flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PINS],
                       check=True)
    return python


class Peer:
    """aw-server on 127.0.0.1:<port>, its data in `root`; stopped with SIGINT (the
    peewee WAL is merged into the database file only on a clean stop)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        env = {**os.environ, "XDG_DATA_HOME": str(root / "data"),
               "XDG_CONFIG_HOME": str(root / "config"), "XDG_CACHE_HOME": str(root / "cache")}
        self.process = subprocess.Popen(
            [str(peer_python()), "-m", "aw_server", "--testing", "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        self.log = LineWaiter(self.process.stderr)
        self.ps = psutil.Process(self.process.pid)
        try:
            wait_until(self._answers, timeout=60, every=0.05)
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError("aw-server exited: " + self.log.text()[-2000:])
        try:
            self.call("GET", "/api/0/info")
        except OSError:
            return False
        return True

    def call(self, method: str, path: str, body: Any = None) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            payload = None if body is None else json.dumps(body)
            headers = {"Content-Type": "application/json"} if payload is not None else {}
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.status >= 400:
                raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
            return json.loads(data) if data else None
        finally:
            connection.close()

    def bucket(self, name: str) -> str:
        self.call("POST", f"/api/0/buckets/{name}",
                  {"client": "familywatch-bench", "type": "currentwindow", "hostname": HOST})
        return name

    def heartbeat(self, bucket: str, at: datetime, app: str) -> None:
        self.call("POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime={PULSE}",
                  {"timestamp": at.isoformat(), "duration": 0, "data": {"app": app}})

    def per_app(self, bucket: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
        query = [f'events = query_bucket("{bucket}");',
                 'events = merge_events_by_keys(events, ["app"]);',
                 "RETURN = sort_by_duration(events);"]
        result = self.call("POST", "/api/0/query/",
                           {"query": query, "timeperiods": [f"{start.isoformat()}/"
                                                            f"{end.isoformat()}"]})
        return list(result[0])

    def count(self, bucket: str) -> int:
        return int(self.call("GET", f"/api/0/buckets/{quote(bucket)}/events/count"))

    def cpu(self) -> float:
        return cpu_seconds(self.ps)

    def database_bytes(self) -> int:
        folder = self.root / "data" / "activitywatch"
        return sum(checkpointed_size(p) for p in folder.rglob("*.db"))

    def stop(self) -> None:
        stop(self.process)


# -- FamilyWatch's side ------------------------------------------------------------------
class Ours:
    """The monitor's write path (Recorder + SqlStore) and read path (Records)."""

    def __init__(self, root: Path) -> None:
        self.path = root / "familywatch.sqlite3"
        self.store: SqlStore = open_store(f"sqlite:///{self.path}")
        config = TrackerConfig({Kind.CAMERA: PULSE, Kind.MICROPHONE: PULSE, Kind.APP: PULSE})
        self.recorder = Recorder(self.store, config, HOST)
        self.recorder.run_id = self.store.begin_run(datetime.now(UTC), os.getpid(), HOST)
        self.records = Records(self.store, ManualClock(year_start(2025)), UTC,
                               root / "no-monitor.lock", host=HOST)

    def heartbeat(self, at: datetime, monotonic: float, app_index: int) -> None:
        app = APPS[app_index]
        sighting = Sighting(Kind.APP, 1000 + app_index, app.app_id, f"/usr/bin/{app.app_id}",
                            "kid", app=app)
        self.recorder.record(Sample(at, monotonic, frozenset({Kind.APP}), (sighting,)))

    def flush(self, at: datetime) -> None:
        """What the monitor's flush job does every FLUSH_EVERY seconds."""
        self.recorder.flush()
        assert self.recorder.run_id is not None
        self.store.touch_run(self.recorder.run_id, at)

    def summary(self, period: Period) -> dict[str, Any]:
        return summary_dict(self.records.summary(period), UTC)

    def stored_sessions(self) -> int:
        from sqlalchemy import text

        with self.store.engine.connect() as connection:
            return int(connection.scalar(text("SELECT count(*) FROM sessions")) or 0)

    def close(self) -> tuple[int, int]:
        """Seal every record into the integrity chain (as the monitor does) and close;
        the database's size in bytes before and after sealing."""
        plain = checkpointed_size(self.path)
        seal_all(self.store)
        self.store.close()
        return plain, checkpointed_size(self.path)


def checkpointed_size(path: Path) -> int:
    """The database file's size once everything in its WAL is merged into it (a server
    stopped at an unlucky moment may leave a WAL behind; both sides get the same)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return path.stat().st_size


def _cpu_ms(action: Callable[[], object]) -> float:
    began = time.thread_time()
    action()
    return (time.thread_time() - began) * 1000


# -- phases -----------------------------------------------------------------------------------
def live(ours: Ours, peer: Peer, seconds: int) -> dict[str, Any]:
    """One heartbeat a second on both sides at once: ours on a thread, the peer here."""
    ours_cpu: list[float] = []

    def our_loop(start: float) -> None:
        for n in range(seconds):
            time.sleep(max(0.0, start + n - time.monotonic()))
            at = datetime.now(UTC)
            ours_cpu.append(_cpu_ms(lambda at=at: ours.heartbeat(at, time.monotonic(), 0)))
            if n % FLUSH_EVERY == FLUSH_EVERY - 1:
                ours_cpu[-1] += _cpu_ms(lambda at=at: ours.flush(at))
        ours_cpu[-1] += _cpu_ms(lambda: ours.flush(datetime.now(UTC)))

    bucket = peer.bucket("bench-live")
    start = time.monotonic() + 0.5
    worker = threading.Thread(target=our_loop, args=(start,))
    worker.start()
    cpu0 = peer.cpu()
    for n in range(seconds):
        time.sleep(max(0.0, start + 0.5 + n - time.monotonic()))  # half a second apart
        peer.heartbeat(bucket, datetime.now(UTC), APPS[0].app_id)
    peer_cpu = (peer.cpu() - cpu0) * 1000
    worker.join()
    ours_ms = sum(ours_cpu) / seconds
    peer_ms = peer_cpu / seconds
    return {"heartbeats": seconds, "ours_cpu_ms": round(ours_ms, 3),
            "peer_cpu_ms": round(peer_ms, 3), "peer_over_ours": round(peer_ms / ours_ms, 1),
            "peer_intervals": peer.count(bucket)}


def burst(ours: Ours, peer: Peer) -> dict[str, Any]:
    def our_burst() -> None:
        for n in range(BURST):
            at = BURST_START + timedelta(seconds=n)
            ours.heartbeat(at, 10_000.0 + n, (n // MERGE_RUN) % len(APPS))
            if n % FLUSH_EVERY == FLUSH_EVERY - 1:
                ours.flush(at)
        ours.flush(BURST_START + timedelta(seconds=BURST))

    began = time.perf_counter()
    ours_cpu = _cpu_ms(our_burst)
    ours_wall = time.perf_counter() - began

    bucket = peer.bucket("bench-burst")
    cpu0, began = peer.cpu(), time.perf_counter()
    for n in range(BURST):
        peer.heartbeat(bucket, BURST_START + timedelta(seconds=n),
                       APPS[(n // MERGE_RUN) % len(APPS)].app_id)
    peer_wall = time.perf_counter() - began
    peer_cpu = (peer.cpu() - cpu0) * 1000
    return {"heartbeats": BURST, "ours_cpu_ms": round(ours_cpu / BURST, 3),
            "peer_cpu_ms": round(peer_cpu / BURST, 3),
            "peer_over_ours": round(peer_cpu / ours_cpu, 1),
            "ours_per_s": round(BURST / ours_wall), "peer_per_s": round(BURST / peer_wall),
            "peer_intervals": peer.count(bucket)}


def year(ours: Ours, peer: Peer, quick: bool) -> dict[str, Any]:
    sessions = synthetic_sessions(2024, 1, apps_only=True)
    runs = daily_runs(2024, 1)
    began = time.perf_counter()
    bulk_insert(ours.store, sessions, runs)
    ours_insert = time.perf_counter() - began

    bucket = peer.bucket("bench-year")
    events = [aw_event(s) for s in sessions]
    began = time.perf_counter()
    peer.call("POST", f"/api/0/buckets/{bucket}/events", events)
    peer_insert = time.perf_counter() - began

    week = week_period(WEEK, UTC)
    whole = Period(year_start(2024), year_start(2025), "2024", UTC)
    result: dict[str, Any] = {"intervals": len(sessions), "ours_insert_s": round(ours_insert, 2),
                              "peer_insert_s": round(peer_insert, 2),
                              "week_sessions": len(ours.records.summary(week).sessions)}
    del sessions, runs, events  # fewer live objects: the collector's passes cost less
    gc.collect()
    repeats = {"week": (5, 3) if quick else (20, 10), "year": (2, 1) if quick else (5, 3)}
    for name, period in (("week", week), ("year", whole)):
        ours.summary(period)  # warm: first call pays imports and statement compilation
        ours_times = timed_ms(lambda p=period: ours.summary(p), repeats[name][0])
        peer_times = timed_ms(lambda p=period: peer.per_app(bucket, p.start, p.end),
                              repeats[name][1])
        result[f"{name}_ours_ms"] = spread(ours_times, 1)
        result[f"{name}_peer_ms"] = spread(peer_times, 1)
        result[f"{name}_peer_over_ours"] = round(median(peer_times) / median(ours_times), 1)
    result["totals_agree"] = _totals_agree(ours.summary(whole),
                                           peer.per_app(bucket, whole.start, whole.end))
    return result


def _totals_agree(ours: dict[str, Any], peer: list[dict[str, Any]]) -> bool:
    """Both sides name the same per-app totals (to the minute): same work was done."""
    mine = {a["app"]: a["seconds"] for a in ours["apps"]}
    theirs = {e["data"]["app"]: e["duration"] for e in peer}
    return mine.keys() == theirs.keys() and all(
        abs(mine[app] - theirs[app]) <= max(60, 0.01 * theirs[app]) for app in mine)


def idle_rss(root: Path, peer: Peer) -> dict[str, Any]:
    """Both long-running processes, idle: aw-server and `familywatch monitor` (started
    on an existing database, as on every start but the first)."""
    env = fw_env(root / "fw-monitor")
    first, _ = start_monitor(env)  # creates and migrates the database
    stop(first)
    monitor, _ = start_monitor(env)
    try:
        time.sleep(8)
        ours, theirs = [], []
        for _ in range(5):
            ours.append(rss_mb(monitor.pid))
            theirs.append(rss_mb(peer.process.pid))
            time.sleep(1)
    finally:
        stop(monitor)
    return {"ours_rss_mb": round(median(ours), 1), "peer_rss_mb": round(median(theirs), 1)}


def run(quick: bool) -> dict[str, Any]:
    with scratch("fw-bench-peer-") as root:
        peer = Peer(root / "aw")
        ours: Ours | None = None
        try:
            result: dict[str, Any] = {"peer": "aw-server 0.12.0 (aw-core 0.5.18), --testing",
                                      "idle": idle_rss(root, peer)}
            ours = Ours(root)
            result["live"] = live(ours, peer, 15 if quick else 60)
            result["burst"] = burst(ours, peer)
            result["year"] = year(ours, peer, quick)
            peer_intervals = sum(peer.count(b) for b in ("bench-live", "bench-burst",
                                                          "bench-year"))
            our_intervals = ours.stored_sessions()
        finally:
            peer.stop()
            our_plain, our_bytes = ours.close() if ours is not None else (0, 0)
        peer_bytes = peer.database_bytes()
    result["storage"] = {
        "ours_bytes": our_bytes, "ours_intervals": our_intervals,
        "ours_bytes_per_interval": round(our_bytes / our_intervals, 1),
        "ours_unsealed_bytes_per_interval": round(our_plain / our_intervals, 1),
        "peer_bytes": peer_bytes, "peer_intervals": peer_intervals,
        "peer_bytes_per_interval": round(peer_bytes / peer_intervals, 1),
    }
    result["year_intervals"] = SESSIONS_PER_YEAR
    return result


def rows(agg: Agg) -> list[Row]:
    def vs(key: str, better: str, worse: str, digits: int = 1) -> str:
        return compare(agg.get(key.replace("*", "ours")),
                       agg.get(key.replace("*", "peer")), better, worse, digits)

    live_ratio = agg.get("live.peer_over_ours")
    week, whole = agg.get("year.week_ours_ms"), agg.get("year.year_ours_ms")
    agree = agg.last("year.totals_agree")
    return [
        Row(TITLE, f"CPU per heartbeat, 1 Hz for {agg.last('live.heartbeats')} s",
            agg.fmt("live.ours_cpu_ms", 3, "ms"),
            f"aw-server {agg.fmt('live.peer_cpu_ms', 2, 'ms')}",
            vs("live.*_cpu_ms", "less", "more"), "≥ 5× less",
            check(live_ratio, 5, at_least=True)),
        Row(TITLE, f"CPU per heartbeat, burst of {BURST:,} (9 of 10 merge)",
            agg.fmt("burst.ours_cpu_ms", 3, "ms"),
            f"aw-server {agg.fmt('burst.peer_cpu_ms', 2, 'ms')}",
            vs("burst.*_cpu_ms", "less", "more")),
        Row(TITLE, "burst throughput", agg.fmt("burst.ours_per_s", 0, "heartbeats/s"),
            f"aw-server {agg.fmt('burst.peer_per_s', 0, 'heartbeats/s')}",
            compare(agg.get("burst.peer_per_s"), agg.get("burst.ours_per_s"), "more",
                    "fewer")),
        Row(TITLE, f"bulk insert of a year ({SESSIONS_PER_YEAR:,} intervals)",
            agg.fmt("year.ours_insert_s", 2, "s"),
            f"aw-server {agg.fmt('year.peer_insert_s', 2, 's')}",
            vs("year.*_insert_s", "faster", "slower")),
        Row(TITLE, "per-app summary, one week"
            + ("" if agree is None else f" (same totals: {'yes' if agree else 'NO'})"),
            agg.fmt("year.week_ours_ms", 1, "ms"),
            f"aw-server {agg.fmt('year.week_peer_ms', 1, 'ms')}",
            vs("year.week_*_ms", "faster", "slower"), "≤ 10 ms", check(week, 10)),
        Row(TITLE, "per-app summary, whole year", agg.fmt("year.year_ours_ms", 0, "ms"),
            f"aw-server {agg.fmt('year.year_peer_ms', 0, 'ms')}",
            vs("year.year_*_ms", "faster", "slower"), "≤ 150 ms", check(whole, 150)),
        Row(TITLE, "database bytes per interval (ours sealed; unsealed "
            f"{agg.fmt('storage.ours_unsealed_bytes_per_interval', 0, 'B')})",
            agg.fmt("storage.ours_bytes_per_interval", 0, "B"),
            f"aw-server {agg.fmt('storage.peer_bytes_per_interval', 0, 'B')}",
            vs("storage.*_bytes_per_interval", "smaller", "larger")),
        Row(TITLE, "idle RSS: `familywatch monitor` vs aw-server",
            agg.fmt("idle.ours_rss_mb", 1, "MB"),
            f"aw-server {agg.fmt('idle.peer_rss_mb', 1, 'MB')}",
            vs("idle.*_rss_mb", "less", "more", 2)),
    ]
