"""The weekly review as a printable PDF (QPdfWriter), drawn with the window's chart routine.

Readable on paper: 18 mm margins, body text 11 pt (never below 9 pt), a highlight is
never split across pages, and a new page starts whenever the next block won't fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from familywatch.core.prompts import PromptBook
from familywatch.core.rules import Rules
from familywatch.core.summary import Summary
from familywatch.core.timefmt import duration
from familywatch.ui.charts import ChartStyle, paint_week_bars
from familywatch.ui.review.data import Item, prompt_book, week_bars
from familywatch.ui.viewmodels import long_date

DPI = 144
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
BODY_PT, SMALL_PT, HEADING_PT, TITLE_PT = 11.0, 9.5, 13.5, 18.0
Block = list[tuple[str, float, bool, bool, str]]  # (text, points, bold, italic, colour)


class _Pages:
    """Flows blocks of wrapped text down the page, breaking between blocks."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.painter = writer, painter
        self.area = QRectF(writer.pageLayout().paintRectPixels(DPI))
        self.area.moveTo(0, 0)
        self.y = 0.0

    def font(self, points: float, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont(["Noto Sans", "DejaVu Sans", "Helvetica", "Arial"])
        font.setPointSizeF(max(9.0, points))
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def _measure(self, block: Block) -> list[tuple[QRectF, QFont, str, str]]:
        laid, y = [], 0.0
        for text, points, bold, italic, colour in block:
            font = self.font(points, bold, italic)
            self.painter.setFont(font)
            box = self.painter.boundingRect(QRectF(0, 0, self.area.width(), 10_000),
                                            int(Qt.TextFlag.TextWordWrap), text)
            laid.append((QRectF(0, y, self.area.width(), box.height()), font, text, colour))
            y += box.height() + points * DPI / 72 * 0.35
        return laid

    def need(self, height: float) -> None:
        if self.y > 0 and self.y + height > self.area.height():
            self.writer.newPage()
            self.y = 0.0

    def block(self, block: Block, space_after: float = 8.0) -> None:
        laid = self._measure(block)
        height = laid[-1][0].bottom() if laid else 0.0
        self.need(height)
        for rect, font, text, colour in laid:
            self.painter.setFont(font)
            self.painter.setPen(QColor(colour))
            self.painter.drawText(rect.translated(0, self.y), int(Qt.TextFlag.TextWordWrap), text)
        self.y += height + space_after * DPI / 72


def render_pdf(summary: Summary, items: Sequence[Item], tz: tzinfo, path: Path | str, *,
               page_size: str = "A4", book: PromptBook | None = None,
               rules: Rules | None = None) -> Path:
    """Write the review of `summary` to `path` ("A4" or "Letter") and return the path."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size {page_size!r} is not one of {sorted(PAGE_SIZES)}")
    book = book or prompt_book()
    text = book.text
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(f"{text('review', 'window_title')} {summary.period.label}")
    writer.setCreator("FamilyWatch")
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[page_size]),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    painter = QPainter(writer)
    try:
        _draw(_Pages(writer, painter), summary, items, book, rules)
    finally:
        painter.end()
    return Path(path)


def _draw(pages: _Pages, summary: Summary, items: Sequence[Item], book: PromptBook,
          rules: Rules | None) -> None:
    text, dark, grey = book.text, "#212121", "#555555"
    days = summary.period.days()
    camera = summary.totals.camera_seconds
    total = (text("review", "camera_total").format(time=duration(camera)) if camera > 0
             else text("review", "camera_none"))
    intro = text("review", "intro" if summary.sessions else "nothing")
    pages.block([(text("review", "heading").format(first=long_date(days[0]),
                                                  last=long_date(days[-1])), TITLE_PT, True,
                  False, dark),
                 (total, HEADING_PT - 1, True, False, dark), (intro, BODY_PT, False, False, grey)])
    pages.block([(text("review", "chart_title"), HEADING_PT, True, False, dark)], 4)
    chart_h = pages.area.width() * 0.38
    pages.need(chart_h)
    paint_week_bars(pages.painter, QRectF(0, pages.y, pages.area.width(), chart_h),
                    week_bars(summary, rules), ChartStyle.light(round(BODY_PT * DPI / 72)))
    pages.y += chart_h + 10 * DPI / 72  # the day names, then air before the next heading
    for key, good in (("talk_heading", False), ("good_news_heading", True)):
        group = [item for item in items if item[0].good_news is good]
        if not group:
            continue
        pages.block([(text("review", key), HEADING_PT, True, False, dark)], 2)
        for _highlight, prompt in group:
            block: Block = [(prompt.title, BODY_PT + 1, True, False, dark),
                            (prompt.observation, BODY_PT, False, False, dark),
                            (f"{text('review', 'question_label')} {prompt.question}", BODY_PT,
                             False, True, dark)]
            for label, line in (("parent_question_label", prompt.parent_question),
                                ("child_tip_label", prompt.child_tip),
                                ("parent_tip_label", prompt.parent_tip)):
                if line:
                    heading = text("review", label).format(child=text("review", "child"))
                    block.append((f"{heading} {line}", BODY_PT, False, False, dark))
            block.append((text("review", "talk_step").format(step=prompt.talk_label), SMALL_PT,
                          False, False, grey))
            pages.block(block, 10)
    rows: Block = [(text("review", "days_heading"), HEADING_PT, True, False, dark)]
    rows += [(f"{d.day:%A} {d.day.day} {d.day:%b}:  {text('review', 'column_camera')} "
              f"{duration(d.totals.camera_seconds)},  {text('review', 'column_microphone')} "
              f"{duration(d.totals.microphone_seconds)}", BODY_PT, False, False, dark)
             for d in summary.days]
    pages.block(rows)
    if summary.apps:
        apps: Block = [(text("review", "apps_heading"), HEADING_PT, True, False, dark)]
        apps += [(f"{a.app.name}: {duration(a.seconds)}", BODY_PT, False, False, dark)
                 for a in summary.apps]
        pages.block(apps)
    pages.block([(text("review", "footer"), SMALL_PT, False, False, grey)])
