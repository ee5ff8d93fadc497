"""`familywatch status`: the contract dict and its text form."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from familywatch.core.summary import GAP_REASON_WORDS
from familywatch.core.timefmt import duration
from familywatch.monitor.records import Status
from familywatch.reports.data import iso, whole
from familywatch.reports.parent_data import parent_dict


def status_dict(status: Status, tz: tzinfo) -> dict[str, Any]:
    today = status.today
    return {
        "schema": 1,
        "monitor": {"running": status.monitor.running, "pid": status.monitor.pid,
                    "since": iso(status.monitor.since, tz)},
        "open_sessions": [
            {"kind": s.kind.value, "app": s.app.app_id if s.app else None,
             "name": s.app.name if s.app else s.process, "process": s.process,
             "pid": s.pid, "device": s.device, "started_at": iso(s.started_at, tz),
             "id": s.serial, "outside_schedule_seconds": whole(s.outside_schedule_seconds)}
            for s in status.open_sessions
        ],
        "today": {
            "date": today.days[0].day.isoformat() if today.days else None,
            "camera_seconds": whole(today.totals.camera_seconds),
            "microphone_seconds": whole(today.totals.microphone_seconds),
            "apps": {a.app.app_id: whole(a.seconds) for a in today.apps},
        },
        "gaps_today": [{"start": iso(g.start, tz), "end": iso(g.end, tz), "reason": g.reason,
                        "seconds": whole((g.end - g.start).total_seconds())}
                       for g in today.gaps],
        **parent_dict(status.parent, tz),
    }


def render_status(data: dict[str, Any]) -> str:
    monitor = data["monitor"]
    if monitor["running"]:
        since = datetime.fromisoformat(monitor["since"]).strftime("%H:%M") if monitor["since"] \
            else "?"
        lines = [f"Monitor: running (pid {monitor['pid']}) since {since}"]
    else:
        lines = ["Monitor: not running - nothing is being recorded now"]
    lines.append("In use now:" if data["open_sessions"] else "In use now: nothing recorded")
    for s in data["open_sessions"]:
        since = datetime.fromisoformat(s["started_at"]).strftime("%H:%M")
        lines.append(f"  {s['kind']:<10} {s['name']} ({s['process']}, pid {s['pid']}) "
                     f"since {since}")
    today = data["today"]
    lines.append(f"Today: camera {duration(today['camera_seconds'])}, "
                 f"microphone {duration(today['microphone_seconds'])}")
    for app, secs in today["apps"].items():
        lines.append(f"  {app}: {duration(secs)}")
    if data["gaps_today"]:
        lines.append("Not watching today:")
    for gap in data["gaps_today"]:
        start, end = (datetime.fromisoformat(gap[k]) for k in ("start", "end"))
        lines.append(f"  {start:%H:%M}-{end:%H:%M}  "
                     f"{GAP_REASON_WORDS.get(gap['reason'], gap['reason'])} "
                     f"({duration(gap['seconds'])})")
    schedule = data.get("schedule")
    if schedule and schedule["rules"]:
        allowed = "allowed" if schedule["camera_allowed_now"] else "not allowed"
        left = schedule["budget_left_seconds"]
        lines.append(f"Schedule: camera {allowed} now"
                     + (f", {duration(left)} of today's camera time left" if left is not None
                        else ""))
    for request in data.get("open_requests", []):
        lines.append(f"Waiting for a parent: request {request['id']} for "
                     f"{request['minutes']} more minutes")
    if data.get("audit"):
        lines.append("Parent actions today:")
        lines += [f"  {datetime.fromisoformat(e['at']):%H:%M}  {e['action']}  {e['words']}"
                  .rstrip() for e in data["audit"]]
    return "\n".join(lines) + "\n"
