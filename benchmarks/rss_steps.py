"""Prints, as JSON, this interpreter's RSS after importing each module named, in order.

    python -m benchmarks.rss_steps familywatch.config sqlalchemy ...

Standard library only before the first step, so the first figure is the bare interpreter.
"""

from __future__ import annotations

import importlib
import json
import sys


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(modules: list[str]) -> None:
    steps = [("python", round(rss_mb(), 1))]
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as error:
            steps.append((f"{name} (not importable: {error})", round(rss_mb(), 1)))
            continue
        steps.append((name, round(rss_mb(), 1)))
    print(json.dumps(steps))


if __name__ == "__main__":
    main(sys.argv[1:])
