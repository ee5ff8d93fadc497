"""Summaries and probe reports as plain JSON-ready dicts: the documented contract.

Times are ISO 8601 in local time with their UTC offset; durations are whole seconds.
Changing a key here is a breaking change for scripts: see README "JSON output".
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from familywatch.core.model import BackendStatus, ProbeReport, Session, Sighting
from familywatch.core.summary import Summary

SCHEMA_VERSION = 1


def iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat(timespec="seconds")


def whole(seconds: float) -> int:
    return round(seconds)


def session_dict(session: Session, seconds: float, tz: tzinfo) -> dict[str, Any]:
    app = session.app
    return {
        "kind": session.kind.value,
        "app": app.app_id if app else None,
        "name": app.name if app else session.process,
        "category": app.category.value if app else None,
        "process": session.process,
        "pid": session.pid,
        "exe": session.exe,
        "user": session.user,
        "device": session.device,
        "via": session.via,
        "host": session.host,
        "started_at": iso(session.started_at, tz),
        "ended_at": iso(session.ended_at, tz),
        "seconds": whole(seconds),
        "ended_by": session.ended_by.value if session.ended_by else None,
        "id": session.serial,  # the store's row id (what `note add --session` takes)
        "outside_schedule_seconds": whole(session.outside_schedule_seconds),
    }


def summary_dict(summary: Summary, tz: tzinfo, parent: Any = None) -> dict[str, Any]:
    """`parent`: a monitor.records.ParentView; with it the schedule, audit, rule_events,
    requests, notes and reviewed_at keys are added (reports.render adds them always)."""
    data = _summary_dict(summary, tz)
    if parent is not None:
        from familywatch.reports.parent_data import parent_dict

        data.update(parent_dict(parent, tz))
    return data


def _summary_dict(summary: Summary, tz: tzinfo) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "generated_at": iso(summary.now, tz),
        "timezone": str(tz),
        "period": {"label": summary.period.label, "start": iso(summary.period.start, tz),
                   "end": iso(summary.period.end, tz)},
        "totals": {"camera_seconds": whole(summary.totals.camera_seconds),
                   "microphone_seconds": whole(summary.totals.microphone_seconds)},
        "days": [
            {"date": d.day.isoformat(),
             "camera_seconds": whole(d.totals.camera_seconds),
             "microphone_seconds": whole(d.totals.microphone_seconds),
             "apps": {app: whole(secs) for app, secs in sorted(d.apps.items())}}
            for d in summary.days
        ],
        "sessions": [session_dict(line.session, line.seconds, tz) for line in summary.sessions],
        "apps": [
            {"app": a.app.app_id, "name": a.app.name, "category": a.app.category.value,
             "seconds": whole(a.seconds), "sessions": a.sessions}
            for a in summary.apps
        ],
        "gaps": [{"start": iso(g.start, tz), "end": iso(g.end, tz), "reason": g.reason,
                  "seconds": whole((g.end - g.start).total_seconds())}
                 for g in summary.gaps],
    }


def _device_item(s: Sighting) -> dict[str, Any]:
    return {"device": s.device, "pid": s.pid, "process": s.process, "exe": s.exe,
            "app": s.app.app_id if s.app else None, "user": s.user, "via": s.via}


def _app_item(s: Sighting) -> dict[str, Any]:
    assert s.app is not None
    return {"app": s.app.app_id, "name": s.app.name, "category": s.app.category.value,
            "pid": s.pid, "process": s.process, "exe": s.exe, "user": s.user}


def _backend_item(b: BackendStatus) -> dict[str, Any]:
    return {"probe": b.probe, "backend": b.backend, "ok": b.ok, "detail": b.detail}


def probe_dict(report: ProbeReport, tz: tzinfo) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "at": iso(report.at, tz),
        "camera": [_device_item(s) for s in report.camera],
        "microphone": [_device_item(s) for s in report.microphone],
        "apps": [_app_item(s) for s in report.apps if s.app is not None],
        "backends": [_backend_item(b) for b in report.backends],
        "unreadable_processes": report.unreadable,
        "catalogue_errors": list(report.notes),
    }
