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


def test_the_times_a_clock_set_back_repeats_are_a_clock_change_gap() -> None:
    """An hour of monitoring, then the clock is set back 10 minutes: the new run starts
    inside the old one; the ten minutes that came twice are named."""
    ran = MonitorRun(T0, T0 + timedelta(minutes=50), T0 + timedelta(hours=1), "clock-change")
    again = MonitorRun(T0 + timedelta(minutes=50), T0 + timedelta(minutes=90),
                       T0 + timedelta(minutes=90), "stopped")
    gaps = gaps_between_runs([again, ran], T0, T0 + timedelta(hours=3),
                             T0 + timedelta(minutes=90))
    assert [(g.start - T0, g.end - T0, g.reason) for g in gaps] == [
        (timedelta(minutes=50), timedelta(minutes=60), "clock-change")]
    # Another computer's run overlapping this one's is no such thing.
    other = MonitorRun(T0 + timedelta(minutes=30), T0 + timedelta(minutes=90),
                       T0 + timedelta(minutes=90), "stopped", host="laptop")
    stopped = MonitorRun(T0, T0 + timedelta(hours=1), T0 + timedelta(hours=1), "stopped")
    assert gaps_between_runs([stopped, other], T0, T0 + timedelta(hours=3),
                             T0 + timedelta(minutes=90)) == ()
