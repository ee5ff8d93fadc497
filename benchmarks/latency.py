"""Detection latency: stand-in camera opened -> camera session in the database.

    python -m benchmarks.latency [--opens 30] [--polling]

Event-driven (inotify wake-up) by default; --polling turns events off and scans
every FAMILYWATCH_RECONCILE seconds (2 s here) to show what events buy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time

from benchmarks.common import SLEEP, percentile, sandbox, start_monitor, wait_until


def measure(opens: int, polling: bool) -> dict[str, float]:
    extra = {"FAMILYWATCH_EVENTS": "0", "FAMILYWATCH_RECONCILE": "2"} if polling else {}
    with sandbox(**extra) as (root, env):
        monitor = start_monitor(env)
        from familywatch.store import open_store

        store = open_store(f"sqlite:///{root / 'data' / 'familywatch.sqlite3'}")
        latencies = []
        try:
            for _ in range(opens):
                with open(root / "dev" / "video0", "rb") as node:
                    t0 = time.perf_counter()
                    holder = subprocess.Popen([SLEEP, "60"], stdin=node)
                pid = holder.pid
                wait_until(lambda pid=pid: any(s.pid == pid for s in store.open_sessions()),
                           timeout=10)
                latencies.append((time.perf_counter() - t0) * 1000)
                holder.kill()
                holder.wait()
                wait_until(lambda pid=pid: not any(s.pid == pid for s in store.open_sessions()),
                           timeout=10)
        finally:
            monitor.terminate()
            monitor.wait()
            store.close()
    return {"opens": opens, "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1), "max_ms": round(max(latencies), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--opens", type=int, default=30)
    parser.add_argument("--polling", action="store_true")
    args = parser.parse_args()
    print(json.dumps({"mode": "polling" if args.polling else "event-driven",
                      **measure(args.opens, args.polling)}))


if __name__ == "__main__":
    main()
