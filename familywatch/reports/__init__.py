"""Renderers of a summary: text, JSON and CSV (HTML and PDF come with the review window)."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from familywatch.core.summary import Summary

FORMATS = ("text", "json", "csv")


def render(summary: Summary, tz: tzinfo, fmt: str, parent: Any = None) -> str:
    """`parent`: a monitor.records.ParentView (schedule, audit, requests, notes...)."""
    if fmt == "json":
        from familywatch.reports.data import summary_dict
        from familywatch.reports.parent_data import parent_dict

        data = summary_dict(summary, tz) | parent_dict(parent, tz)
        return json.dumps(data, indent=2) + "\n"
    if fmt == "csv":
        from familywatch.reports.csv_report import render_csv

        return render_csv(summary, tz)
    if fmt == "text":
        from familywatch.reports.text import render_text

        return render_text(summary, tz, parent)
    raise ValueError(f"unknown report format {fmt!r} (expected one of {', '.join(FORMATS)})")
