"""Idle overhead of the headless monitor: CPU (% of one core) and RSS over a window.

    python -m benchmarks.idle [--seconds 60] [--others 300]
"""

from __future__ import annotations

import argparse
import json
import time

import psutil

from benchmarks.common import background_processes, sandbox, start_monitor


def measure(seconds: float, others: int) -> dict[str, float]:
    with background_processes(others), sandbox() as (_root, env):
        monitor = start_monitor(env)
        try:
            process = psutil.Process(monitor.pid)
            time.sleep(5)  # let start-up settle (imports, first scans)
            before = process.cpu_times()
            t0 = time.monotonic()
            time.sleep(seconds)
            after = process.cpu_times()
            elapsed = time.monotonic() - t0
            rss = process.memory_info().rss
        finally:
            monitor.terminate()
            monitor.wait()
    cpu = (after.user + after.system) - (before.user + before.system)
    return {"seconds": round(elapsed, 1), "other_processes": others,
            "cpu_percent": round(100 * cpu / elapsed, 3), "rss_mb": round(rss / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--others", type=int, default=300)
    args = parser.parse_args()
    print(json.dumps(measure(args.seconds, args.others)))


if __name__ == "__main__":
    main()
