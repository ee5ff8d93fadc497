"""HTML and PDF exports of the weekly review: self-contained, valid, carrying the totals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from familywatch.core.timefmt import duration
from familywatch.ui.exports import render_html, render_pdf
from familywatch.ui.review.data import build_review
from tests.ui.sample_data import LONDON, Household

EXTERNAL = re.compile(r"(https?:)?//[\w.-]+\.\w|<link\b|<script\b|<img\b[^>]*\bsrc=|@import|url\(",
                      re.IGNORECASE)


def test_html_is_self_contained_and_has_the_totals(house: Household) -> None:
    data = build_review(house.records)
    html = render_html(data.summary, data.items, LONDON)
    assert not EXTERNAL.search(html.replace("http://www.w3.org/2000/svg", "")
                               .replace("http://www.w3.org/1999/xlink", ""))
    assert "<svg" in html and "<style>" in html
    assert duration(data.summary.totals.camera_seconds) in html
    for _, prompt in data.items:
        assert prompt.observation.split("(")[0].strip()[:30] in html.replace("&#x27;", "'")


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_pdf_is_valid_with_pages(house: Household, tmp_path: Path, size: str) -> None:
    data = build_review(house.records)
    path = render_pdf(data.summary, data.items, LONDON, tmp_path / "week.pdf", page_size=size)
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", raw)) >= 1


def test_pdf_rejects_unknown_page_size(house: Household, tmp_path: Path) -> None:
    data = build_review(house.records)
    with pytest.raises(ValueError):
        render_pdf(data.summary, data.items, LONDON, tmp_path / "x.pdf", page_size="A3")


def test_empty_week_exports(empty_house: Household, tmp_path: Path) -> None:
    data = build_review(empty_house.records)
    assert "not used this week" in render_html(data.summary, data.items, LONDON)
    assert render_pdf(data.summary, data.items, LONDON, tmp_path / "e.pdf").stat().st_size > 500
