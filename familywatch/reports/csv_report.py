"""Sessions as CSV, one row per session, for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import tzinfo

from familywatch.core.summary import Summary
from familywatch.reports.data import session_dict

COLUMNS = ("kind", "app", "name", "category", "process", "pid", "user", "device", "via",
           "host", "started_at", "ended_at", "seconds", "ended_by")


def render_csv(summary: Summary, tz: tzinfo) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for line in summary.sessions:
        writer.writerow(session_dict(line.session, line.seconds, tz))
    return out.getvalue()
