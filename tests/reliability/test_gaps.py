"""Every kind of gap in monitoring comes out with its reason and its length."""

from __future__ import annotations

from datetime import timedelta

from familywatch.core.model import MonitorRun
from familywatch.core.summary import GAP_REASON_WORDS, GAP_REASONS, gaps_between_runs

from .conftest import T0


def test_each_way_a_run_ends_names_the_gap_after_it() -> None:
    def run(start: int, end: int | None, how: str | None, alive: int | None = None) -> MonitorRun:
        at = T0 + timedelta(minutes=start)
        return MonitorRun(at, T0 + timedelta(minutes=alive if alive is not None else end or start),
                          T0 + timedelta(minutes=end) if end is not None else None, how)

    runs = [run(0, 10, "stopped"), run(20, 30, "paused"), run(40, 50, "suspend"),
            run(60, 70, "clock-change"), run(80, None, None, alive=90), run(100, None, None,
                                                                             alive=120)]
    gaps = gaps_between_runs(runs, T0, T0 + timedelta(hours=3), T0 + timedelta(minutes=120))
    assert [(g.reason, (g.start - T0) // timedelta(minutes=1),
             (g.end - g.start) // timedelta(minutes=1)) for g in gaps] == [
        ("monitor-stopped", 10, 10), ("paused", 30, 10), ("suspend", 50, 10),
        ("clock-change", 70, 10), ("crashed", 90, 10)]
    assert set(GAP_REASON_WORDS) == set(GAP_REASONS)
