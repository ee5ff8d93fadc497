"""`familywatch status` in words: gaps today carry their reason and length."""

from __future__ import annotations

from familywatch.reports.status import render_status


def test_gaps_today_are_listed_with_reason_and_length() -> None:
    data = {
        "monitor": {"running": True, "pid": 42, "since": "2026-11-25T10:05:00+00:00",
                    "state": "running"},
        "problems": [],
        "open_sessions": [],
        "today": {"camera_seconds": 600, "microphone_seconds": 0, "apps": {}},
        "gaps_today": [
            {"start": "2026-11-25T08:00:00+00:00", "end": "2026-11-25T09:30:00+00:00",
             "reason": "suspend", "seconds": 5400},
            {"start": "2026-11-25T09:40:00+00:00", "end": "2026-11-25T10:05:00+00:00",
             "reason": "paused", "seconds": 1500},
        ],
    }
    text = render_status(data)
    assert "  08:00-09:30  the computer was asleep (1 h 30 min)" in text
    assert "  09:40-10:05  monitoring was paused by a parent (25 min)" in text
