"""The parent-controls part of the text report, in plain words: what the schedule did,
requests for more time, every parent action, the notes, and whether the week was
reviewed together."""

from __future__ import annotations

from datetime import tzinfo

from familywatch.core.timefmt import clock_time, day_label
from familywatch.monitor.parent_settings import audit_words
from familywatch.monitor.records import ParentView

ACTION_WORDS = {
    "schedule-changed": "Schedule changed",
    "exception-granted": "More time allowed",
    "paused": "Monitoring paused",
    "resumed": "Monitoring resumed",
    "retention-changed": "How long records are kept changed",
    "data-deleted": "Records deleted",
    "pin-set": "Parent PIN set",
    "pin-changed": "Parent PIN changed",
    "pin-failed": "A wrong parent PIN was entered",
    "pin-locked-out": "Parent PIN locked after wrong tries",
    "time-requested": "More time asked for",
    "request-declined": "A request for more time was declined",
    "review-reminder-changed": "Weekly review reminder changed",
    "catalogue-changed": "Family app list changed",
}


def parent_lines(view: ParentView, tz: tzinfo) -> list[str]:
    lines: list[str] = []
    if view.rule_events:
        lines += ["", "What the schedule did:"]
        for event in view.rule_events:
            message = str(event.detail.get("message") or event.detail.get("reason") or "")
            lines.append(f"  {day_label(event.at, tz)} {clock_time(event.at, tz)}  "
                         f"{event.kind.value:<13} {message}".rstrip())
    if view.requests:
        lines += ["", "Requests for more time:"]
        for asked in view.requests:
            r = asked.request
            answer = {"granted": f"granted ({asked.granted_minutes or r.minutes} minutes)",
                      "declined": "declined"}.get(r.answer or "", "not answered yet")
            reason = f" - {r.reason}" if r.reason else ""
            lines.append(f"  {day_label(r.at, tz)} {clock_time(r.at, tz)}  asked for "
                         f"{r.minutes} minutes{reason}: {answer}")
    lines += ["", "Parent actions:" if view.audit else "Parent actions: none"]
    for entry in view.audit:
        words = audit_words(entry, tz)
        lines.append(f"  {day_label(entry.at, tz)} {clock_time(entry.at, tz)}  "
                     f"{ACTION_WORDS.get(entry.action.value, entry.action.value)}"
                     f"{': ' + words if words else ''} (by {entry.os_user})")
    if view.notes:
        lines += ["", "Notes:"]
        for note in view.notes:
            about = {"session": f"session {note.target_id}", "highlight":
                     f"highlight {note.target_id}"}.get(note.target_kind, "the week")
            lines.append(f"  {day_label(note.at, tz)} {clock_time(note.at, tz)}  "
                         f"{note.author} on {about}: {note.text}")
    if view.reviews:
        last = view.reviews[-1].reviewed_at
        lines += ["", f"Reviewed together on {day_label(last, tz)} {clock_time(last, tz)}."]
    return lines
