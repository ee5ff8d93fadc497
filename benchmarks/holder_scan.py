"""How long a /proc fd scan for device holders takes, and a cycle of the app probe.

    .venv/bin/python benchmarks/holder_scan.py [--processes 300 1000] [--fds 5] [--repeat 20]

Starts N sleeping processes each holding --fds open fds (stdin/stdout/stderr on a file
plus inherited extras), one of them holding a stand-in camera node, then times
scan_holders (median of --repeat) and, for comparison, a LinuxAppProbe cycle after the
first sample (the cached path) against psutil.process_iter with attributes. Every
process it starts is killed by pid at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psutil

from familywatch.core.catalogue import Catalogue, parse_catalogue
from familywatch.core.clock import ManualClock
from familywatch.probes.linux.app_probe import LinuxAppProbe
from familywatch.probes.linux.holders import scan_holders

ROOT = Path(__file__).resolve().parents[1]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def start_sleepers(count: int, fds: int, work: Path, node: Path) -> list[subprocess.Popen[bytes]]:
    sleep = shutil.which("sleep") or "/bin/sleep"
    filler = work / "filler"
    filler.write_bytes(b"")
    started = []
    extra = max(0, fds - 3)
    for n in range(count):
        held = [os.open(filler, os.O_RDONLY) for _ in range(extra)]
        target = node if n == 0 else filler
        try:
            with open(target, "rb") as stdin, open(filler, "wb") as out:
                started.append(
                    subprocess.Popen(
                        [sleep, "600"], stdin=stdin, stdout=out, stderr=out, pass_fds=held
                    )
                )
        finally:
            for fd in held:
                os.close(fd)
    return started


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for proc in processes:
        proc.kill()
    for proc in processes:
        proc.wait()


def measure(count: int, fds: int, repeat: int, catalogue: Catalogue) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        node = work / "video0"
        node.write_bytes(b"")
        sleepers = start_sleepers(count, fds, work, node)
        try:
            devices = frozenset({os.path.realpath(node)})
            scan = scan_holders(devices)
            assert sleepers[0].pid in scan.holders, "the holder was not found"
            scan_ms = median_ms(lambda: scan_holders(devices), repeat)
            probe = LinuxAppProbe(
                catalogue,
                ManualClock(datetime.now(UTC)),
                young_seconds=0,
                full_every=0,
            )
            first_ms = median_ms(probe.sample, 1)
            cycle_ms = median_ms(probe.sample, repeat)
            attrs = ["name", "exe", "cmdline", "create_time"]
            iter_ms = median_ms(lambda: list(psutil.process_iter(attrs)), repeat)
        finally:
            stop(sleepers)
        print(
            f"{scan.processes:5d} processes, {scan.fds:6d} fds: scan_holders {scan_ms:7.2f} ms "
            f"({scan_ms * 1000 / max(scan.fds, 1):.2f} µs/fd); unreadable {scan.unreadable}"
        )
        print(
            f"{'':5s}  app probe: first sample {first_ms:7.2f} ms, cached cycle {cycle_ms:6.3f} ms"
            f" vs process_iter(attrs) {iter_ms:6.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--fds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text = (ROOT / "resources" / "catalogue.toml").read_text(encoding="utf-8")
    catalogue = Catalogue(parse_catalogue(text, "catalogue.toml")[0])
    print(f"median of {args.repeat}; machine has {len(psutil.pids())} processes before start")
    for count in args.processes:
        measure(count, args.fds, args.repeat, catalogue)


if __name__ == "__main__":
    main()
