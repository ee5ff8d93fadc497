"""HTML and PDF exports of the weekly review: self-contained, valid, carrying the totals."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from familywatch.core.rules import CameraRule, Rules, WeekHours, Window
from familywatch.core.timefmt import duration
from familywatch.ui.charts import ChartStyle
from familywatch.ui.exports import render_html, render_pdf
from familywatch.ui.exports.pdf import DPI
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


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_pdf_chart_legend_labels_stand_clear_of_their_boxes(house: Household,
                                                            tmp_path: Path) -> None:
    evenings = WeekHours(((Window(16 * 60, 20 * 60),),) * 7)  # Tuesday 10:00 is outside
    data = build_review(house.records)
    path = render_pdf(data.summary, data.items, LONDON, tmp_path / "week.pdf",
                      rules=Rules(camera=CameraRule(hours=evenings)))
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(tmp_path / "page")], check=True, timeout=60)
    page = QImage(str(tmp_path / "page.png"))
    camera = ChartStyle.light().camera

    def is_camera(x: int, y: int) -> bool:
        c = page.pixelColor(x, y)
        return abs(c.red() - camera.red()) + abs(c.green() - camera.green()) + \
            abs(c.blue() - camera.blue()) < 40

    # The legend is the first thing in the camera's colour from the top: its box.
    top = next(y for y in range(page.height()) if any(is_camera(x, y)
                                                      for x in range(0, page.width(), 2)))
    rows = range(top, top + 14)
    box = [x for x in range(page.width()) if any(is_camera(x, y) for y in rows)]
    end = box[0]
    while end + 1 in box:
        end += 1
    ink = next(x for x in range(end + 3, page.width())
               if any(page.pixelColor(x, y).lightness() < 110 for y in rows))
    assert ink - end >= 11  # half the chart's 22 px text: "camera time" doesn't touch it
