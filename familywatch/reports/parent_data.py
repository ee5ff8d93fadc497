"""The parent-controls part of `status --json` and `report --format json`: the schedule
in force, the audit log, rule events, time requests, notes and review marks (a
monitor.records.ParentView as JSON-ready dicts). See README "JSON output"."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from familywatch.core.model import Kind
from familywatch.core.ports import AskedTime, AuditEntry, Note, RuleEvent
from familywatch.monitor.parent_settings import audit_words, describe
from familywatch.monitor.records import ParentView
from familywatch.reports.data import iso, whole


def audit_item(entry: AuditEntry, tz: tzinfo) -> dict[str, Any]:
    return {"at": iso(entry.at, tz), "os_user": entry.os_user, "host": entry.host,
            "action": entry.action.value, "detail": dict(entry.detail),
            "words": audit_words(entry, tz)}


def rule_event_item(event: RuleEvent, tz: tzinfo) -> dict[str, Any]:
    return {"at": iso(event.at, tz), "host": event.host, "subject": event.subject,
            "kind": event.kind.value, "app": event.app_id, "pid": event.pid,
            "detail": dict(event.detail)}


def request_item(asked: AskedTime, tz: tzinfo) -> dict[str, Any]:
    r = asked.request
    return {"id": r.row_id, "at": iso(r.at, tz), "host": r.host, "os_user": asked.os_user,
            "minutes": r.minutes, "reason": r.reason, "answer": r.answer,
            "answered_at": iso(r.answered_at, tz), "granted_minutes": asked.granted_minutes}


def note_item(note: Note, tz: tzinfo) -> dict[str, Any]:
    return {"id": note.row_id, "at": iso(note.at, tz), "author": note.author,
            "target": {"kind": note.target_kind, "id": note.target_id}, "week": note.week,
            "text": note.text, "os_user": note.os_user, "host": note.host}


def schedule_dict(view: ParentView, tz: tzinfo) -> dict[str, Any]:
    settings, decision = view.settings, view.decision
    try:
        rules_words = describe(settings.rules())
    except Exception:  # a damaged stored schedule: rules() already logs and falls back
        rules_words = []
    camera = decision.get(Kind.CAMERA) if decision is not None else None
    budget_left = camera.budget_left if camera is not None else None
    return {
        "paused": settings.paused(view.now),
        "paused_until": iso(settings.paused_until, tz),
        "rules": rules_words,
        "file": settings.schedule_text,
        "camera_allowed_now": camera.allowed if camera is not None else True,
        "camera_reason": camera.reason.value if camera is not None else None,
        "budget_left_seconds": None if budget_left is None
        else whole(budget_left.total_seconds()),
        "next_change": iso(decision.next_change, tz) if decision is not None else None,
        "subjects": [
            {"subject": str(sd.subject), "in_use": sd.in_use, "allowed": sd.allowed,
             "reason": sd.reason.value, "action": sd.action.value,
             "time_left_seconds": None if sd.time_left is None
             else whole(sd.time_left.total_seconds())}
            for sd in (decision.subjects if decision is not None else ())
        ],
    }


def parent_dict(view: ParentView | None, tz: tzinfo) -> dict[str, Any]:
    """The keys added to the status and report JSON (empty lists without parent records)."""
    if view is None:
        return {"schedule": None, "audit": [], "rule_events": [], "requests": [],
                "open_requests": [], "notes": [], "reviewed_at": None}
    return {
        "schedule": schedule_dict(view, tz),
        "audit": [audit_item(e, tz) for e in view.audit],
        "rule_events": [rule_event_item(e, tz) for e in view.rule_events],
        "requests": [request_item(r, tz) for r in view.requests],
        "open_requests": [request_item(r, tz) for r in view.open_requests],
        "notes": [note_item(n, tz) for n in view.notes],
        "reviewed_at": iso(view.reviews[-1].reviewed_at, tz) if view.reviews else None,
    }
