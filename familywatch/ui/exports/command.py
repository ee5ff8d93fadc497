"""`familywatch report --format html|pdf`: the week's review as a document, headless-safe."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from familywatch.core.rules import Rules
from familywatch.ui.sources import RecordSource


def _ensure_gui_app() -> None:
    """QPdfWriter and QSvgGenerator need a QGuiApplication; without a display, offscreen."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not any(os.environ.get(n) for n in ("DISPLAY", "WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def export_review(records: RecordSource, day: date | None, fmt: str, *,
                  path: Path | None = None, page_size: str = "A4",
                  rules: Rules | None = None) -> str | None:
    """HTML is returned as text (and written to `path` by the caller); PDF is written to
    `path`, which it needs. Returns the HTML, or None for PDF."""
    _ensure_gui_app()
    from familywatch.ui.exports import render_html, render_pdf
    from familywatch.ui.review.data import build_review

    data = build_review(records, day, rules=rules)
    if fmt == "html":
        return render_html(data.summary, data.items, records.tz, rules=rules)
    if fmt == "pdf":
        if path is None:
            raise ValueError("a PDF report needs a file: add -o FILE.pdf")
        render_pdf(data.summary, data.items, records.tz, path, page_size=page_size, rules=rules)
        return None
    raise ValueError(f"not a document format: {fmt}")
