"""Exports of the weekly review: HTML with inline SVG charts, and PDF (QPdfWriter)."""

from familywatch.ui.exports.html import render_html
from familywatch.ui.exports.pdf import render_pdf

__all__ = ["render_html", "render_pdf"]
