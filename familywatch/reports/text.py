"""The plain-text report: what `familywatch report` prints by default."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import Any

from familywatch.core.summary import GAP_REASON_WORDS, Summary
from familywatch.core.timefmt import clock_time, day_label, duration

GAP_WORDS = GAP_REASON_WORDS  # one wording table for every reason (core/summary.py)
KIND_WORDS = {"camera": "camera", "microphone": "microphone", "app": "app open"}


def render_text(summary: Summary, tz: tzinfo, parent: Any = None) -> str:
    """`parent`: a monitor.records.ParentView; adds what the schedule did, the requests,
    the parent actions and the notes."""
    p = summary.period
    last_day = p.end - timedelta(seconds=1)
    span = (day_label(p.start, tz) if len(summary.days) == 1
            else f"{day_label(p.start, tz)} to {day_label(last_day, tz)}")
    lines = [
        f"FamilyWatch - {p.label}: {span} {last_day.astimezone(tz).year} (times in {tz})",
        "",
        f"Camera in use:      {duration(summary.totals.camera_seconds)}",
        f"Microphone in use:  {duration(summary.totals.microphone_seconds)}",
        "",
    ]
    if len(summary.days) > 1:
        lines.append(f"{'Day':<12}{'Camera':>12}{'Microphone':>14}")
        for d in summary.days:
            lines.append(f"{d.day:%a %d %b}  {duration(d.totals.camera_seconds):>12}"
                         f"{duration(d.totals.microphone_seconds):>14}")
        lines.append("")
    lines.append("Apps seen:" if summary.apps else "Apps seen: none of the catalogued apps")
    for a in summary.apps:
        times = "1 time" if a.sessions == 1 else f"{a.sessions} times"
        lines.append(f"  {a.app.name} ({a.app.category.value}): {duration(a.seconds)}, "
                     f"opened {times}")
    lines.append("")
    devices = [s for s in summary.sessions if s.session.kind.value != "app"]
    lines.append("Camera and microphone sessions:" if devices else
                 "Camera and microphone sessions: none")
    for line in devices:
        s = line.session
        end = clock_time(s.ended_at, tz) if s.ended_at else "now"
        who = s.app.name if s.app else s.process
        via = f" via {s.via}" if s.via else ""
        lines.append(f"  {day_label(s.started_at, tz)} {clock_time(s.started_at, tz)}-{end}  "
                     f"{KIND_WORDS[s.kind.value]:<10} {who} ({s.process}, pid {s.pid}){via}  "
                     f"{duration(line.seconds)}" + (
                         f" ({duration(s.outside_schedule_seconds)} outside the schedule)"
                         if s.outside_schedule_seconds >= 1 else ""))
    if summary.gaps:
        lines += ["", "Gaps in monitoring:"]
        for g in summary.gaps:
            lines.append(f"  {day_label(g.start, tz)} {clock_time(g.start, tz)}-"
                         f"{clock_time(g.end, tz)}  {GAP_WORDS.get(g.reason, g.reason)} "
                         f"({duration((g.end - g.start).total_seconds())})")
    if parent is not None:
        from familywatch.reports.parent_text import parent_lines

        lines += parent_lines(parent, tz)
    return "\n".join(lines) + "\n"
