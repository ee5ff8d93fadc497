"""`familywatch status`: the contract dict and its text form."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from familywatch.core.summary import GAP_REASON_WORDS
from familywatch.core.timefmt import duration
from familywatch.monitor.records import MonitorStatus, Status
from familywatch.reports.data import iso, whole
from familywatch.reports.parent_data import parent_dict


def _monitor_dict(monitor: MonitorStatus, tz: tzinfo) -> dict[str, Any]:
    age = monitor.heartbeat_age_seconds
    return {"running": monitor.running, "pid": monitor.pid, "since": iso(monitor.since, tz),
            "state": monitor.state, "last_heartbeat": iso(monitor.last_heartbeat, tz),
            "heartbeat_age_seconds": None if age is None else round(age, 1),
            "pending_writes": monitor.live.pending_writes if monitor.live else 0}


def status_dict(status: Status, tz: tzinfo) -> dict[str, Any]:
    today = status.today
    return {
        "schema": 1,
        "monitor": _monitor_dict(status.monitor, tz),
        "problems": [{"kind": p.kind, "message": p.message} for p in status.monitor.problems],
        "record_problem": status.record_problem,
        "open_sessions": [
            {"kind": s.kind.value, "app": s.app.app_id if s.app else None,
             "name": s.app.name if s.app else s.process, "process": s.process,
             "pid": s.pid, "device": s.device, "started_at": iso(s.started_at, tz),
             "id": s.serial if s.serial > 0 else None,
             "outside_schedule_seconds": whole(s.outside_schedule_seconds)}
            for s in status.open_sessions
        ],
        "today": {
            "date": today.days[0].day.isoformat() if today and today.days
            else status.day.isoformat() if status.day else None,
            # null when the record can't be read (record_problem says why)
            "camera_seconds": whole(today.totals.camera_seconds) if today else None,
            "microphone_seconds": whole(today.totals.microphone_seconds) if today else None,
            "apps": {a.app.app_id: whole(a.seconds) for a in today.apps} if today else {},
        },
        "gaps_today": [{"start": iso(g.start, tz), "end": iso(g.end, tz), "reason": g.reason,
                        "seconds": whole((g.end - g.start).total_seconds())}
                       for g in (today.gaps if today else ())],
        **parent_dict(status.parent, tz),
    }


def _monitor_line(monitor: dict[str, Any]) -> str:
    if monitor["running"]:
        since = datetime.fromisoformat(monitor["since"]).strftime("%H:%M") if monitor["since"] \
            else "?"
        return f"Monitor: running (pid {monitor['pid']}) since {since}"
    if monitor["state"] == "not-responding":
        return (f"Monitor: NOT RESPONDING (pid {monitor['pid']}, no heartbeat for "
                f"{duration(monitor['heartbeat_age_seconds'] or 0)}) - nothing is being "
                "recorded now")
    return "Monitor: not running - nothing is being recorded now"


def render_status(data: dict[str, Any]) -> str:
    lines = [_monitor_line(data["monitor"])]
    for problem in data["problems"]:
        lines.append(f"Problem: {problem['message']}")
    lines.append("In use now:" if data["open_sessions"] else "In use now: nothing recorded")
    for s in data["open_sessions"]:
        since = datetime.fromisoformat(s["started_at"]).strftime("%H:%M")
        lines.append(f"  {s['kind']:<10} {s['name']} ({s['process']}, pid {s['pid']}) "
                     f"since {since}")
    today = data["today"]
    if today["camera_seconds"] is None:
        lines.append(f"Today: the record can't be read ({data['record_problem']})")
    else:
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
