"""`familywatch monitor` with a memory experiment applied right after it started.

    python -m benchmarks.monitor_variant {as-is,malloc_trim,gc_freeze,both}

No FamilyWatch code is changed: Monitor.start is wrapped in this process only, so the
effect of a one-line change in the monitor can be measured before proposing it.
"""

from __future__ import annotations

import ctypes
import gc
import sys

from familywatch import cli
from familywatch.monitor import runtime

VARIANTS = ("as-is", "malloc_trim", "gc_freeze", "both")


def main() -> int:
    variant = sys.argv[1] if len(sys.argv) > 1 else "as-is"
    if variant not in VARIANTS:
        raise SystemExit(f"variant must be one of {VARIANTS}")
    original = runtime.Monitor.start

    def start(self: runtime.Monitor) -> None:
        original(self)
        if variant in ("gc_freeze", "both"):
            gc.collect()
            gc.freeze()  # start-up objects leave the collector's generations for good
        if variant in ("malloc_trim", "both"):
            ctypes.CDLL("libc.so.6").malloc_trim(0)  # give freed heap pages back

    runtime.Monitor.start = start  # type: ignore[method-assign]
    return cli.main(["monitor"])


if __name__ == "__main__":
    sys.exit(main())
