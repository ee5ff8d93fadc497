"""Charts drawn with QPainter: one paint routine for the window, SVG and PDF.

Each renderer takes a QPainter, the rectangle to fill and the data; it never asks a
widget for anything, so the same call draws into a QWidget, a QImage, a
QSvgGenerator or a QPdfWriter. Meaning never rests on colour alone: lanes are
labelled, and "outside camera hours" and "not running" are hatched. The week's bars
are here; the day's timeline is timeline_chart.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from familywatch.ui.chart_data import ChartWords, DayBar

NICE_MINUTE_STEPS = (5, 10, 15, 30, 60, 120, 180, 240, 360)
ENGLISH = ChartWords()


@dataclass(frozen=True, slots=True)
class ChartStyle:
    text: QColor
    grid: QColor
    plot_background: QColor
    camera: QColor
    microphone: QColor
    apps: QColor
    outside: QColor
    not_recording: QColor
    font_px: int = 13

    @classmethod
    def light(cls, font_px: int = 13) -> ChartStyle:
        """For paper and images: dark text on white."""
        return cls(QColor("#212121"), QColor("#BDBDBD"), QColor("#F5F5F5"), QColor("#1565C0"),
                   QColor("#6A1B9A"), QColor("#00796B"), QColor("#E65100"), QColor("#757575"),
                   font_px)

    @classmethod
    def from_palette(cls, palette: QPalette, font_px: int = 13) -> ChartStyle:
        """Follow the desktop's light or dark theme for text, grid and background."""
        base = cls.light(font_px)
        text = palette.color(QPalette.ColorRole.WindowText)
        dark = text.lightness() > 128
        return cls(text, palette.color(QPalette.ColorRole.Mid),
                   palette.color(QPalette.ColorRole.Base),
                   QColor("#64B5F6") if dark else base.camera,
                   QColor("#CE93D8") if dark else base.microphone,
                   QColor("#4DB6AC") if dark else base.apps,
                   QColor("#FFB74D") if dark else base.outside,
                   QColor("#BDBDBD") if dark else base.not_recording, font_px)

    def lane_colour(self, index: int) -> QColor:
        return (self.camera, self.microphone, self.apps)[index % 3]


def chart_font(painter: QPainter, px: int, bold: bool = False) -> QFontMetricsF:
    font = QFont(painter.font())
    font.setPixelSize(px)
    font.setBold(bold)
    painter.setFont(font)
    return QFontMetricsF(font)


def nice_top(minutes: float) -> tuple[float, float]:
    """(axis top, grid step) in minutes: at least an hour, in steps people read easily."""
    wanted = max(60.0, minutes)
    for step in NICE_MINUTE_STEPS:
        if wanted / step <= 4:
            return step * math.ceil(wanted / step), float(step)
    hours_step = 60.0 * math.ceil(wanted / 240)  # very long days: whole hours
    return hours_step * math.ceil(wanted / hours_step), hours_step


def _axis_label(minutes: float, top: float, words: ChartWords) -> str:
    """Minutes up to two hours ("90 min"), whole hours above ("3 h"): one unit per axis."""
    if top > 120 and minutes % 60 == 0:
        return words.hours_axis.format(n=int(minutes // 60))
    return words.minutes_axis.format(n=int(minutes))


LegendEntry = tuple[QBrush, str] | tuple[QBrush, str, QPen]  # (fill, words, outline)


def hatched(colour: QColor, pattern: Qt.BrushStyle = Qt.BrushStyle.BDiagPattern) -> QBrush:
    return QBrush(colour, pattern)


def draw_legend(painter: QPainter, left: float, top: float, entries: Sequence[LegendEntry],
                style: ChartStyle) -> None:
    """Swatch, label, swatch, label... in one row; the gaps grow with the font (on paper too)."""
    metrics = chart_font(painter, style.font_px - 1)
    box = metrics.height() * 0.8
    gap, between = metrics.height() * 0.45, metrics.height() * 1.4
    x = left
    for brush, label, *outline in entries:
        swatch = QRectF(x, top + (metrics.height() - box) / 2, box * 1.6, box)
        painter.fillRect(swatch, QColor(style.plot_background))
        painter.setPen(outline[0] if outline else QPen(style.text, 1))
        painter.setBrush(brush)
        painter.drawRect(swatch)
        painter.setPen(style.text)
        painter.drawText(QPointF(swatch.right() + gap, top + metrics.ascent()), label)
        x = swatch.right() + gap + metrics.horizontalAdvance(label) + between


def paint_week_bars(painter: QPainter, rect: QRectF, bars: Sequence[DayBar],
                    style: ChartStyle, words: ChartWords = ENGLISH) -> None:
    """One bar of camera minutes per day; the part outside camera hours is hatched on top."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = chart_font(painter, style.font_px)
    line = metrics.height()
    has_outside = any(bar.outside_minutes > 0 for bar in bars)
    legend_h = line * 1.5 if has_outside else 0.0
    top_axis, step = nice_top(max((bar.total_minutes for bar in bars), default=0.0))
    axis_w = metrics.horizontalAdvance(_axis_label(top_axis, top_axis, words)) + 10
    plot = QRectF(rect.left() + axis_w, rect.top() + legend_h + line * 1.4,
                  rect.width() - axis_w - 4, rect.height() - legend_h - line * 2.9)
    if plot.height() <= 4 or plot.width() <= 4 or not bars:
        painter.restore()
        return
    if has_outside:
        draw_legend(painter, plot.left(), rect.top(), [
            (QBrush(style.camera), words.inside_schedule),
            (hatched(style.outside), words.outside_schedule)], style)
        chart_font(painter, style.font_px)

    def y_of(minutes: float) -> float:
        return plot.bottom() - plot.height() * minutes / top_axis

    mark = 0.0
    while mark <= top_axis + 0.01:  # grid lines with their labels
        y = y_of(mark)
        painter.setPen(QPen(style.grid, 1, Qt.PenStyle.SolidLine if mark == 0
                            else Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(style.text)
        painter.drawText(QRectF(rect.left(), y - line / 2, axis_w - 6, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         _axis_label(mark, top_axis, words))
        mark += step

    slot = plot.width() / len(bars)
    width = min(slot * 0.62, line * 4)
    painter.setPen(Qt.PenStyle.NoPen)
    for i, bar in enumerate(bars):
        x = plot.left() + slot * i + (slot - width) / 2
        inside_top = y_of(bar.inside_minutes)
        painter.fillRect(QRectF(x, inside_top, width, plot.bottom() - inside_top), style.camera)
        if bar.outside_minutes > 0:
            outside = QRectF(x, y_of(bar.total_minutes), width,
                             inside_top - y_of(bar.total_minutes))
            painter.fillRect(outside, QColor(style.plot_background))
            painter.fillRect(outside, hatched(style.outside))
            painter.setPen(QPen(style.outside, 1.5))
            painter.drawRect(outside)
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setPen(style.text)
        label_top = y_of(bar.total_minutes) - line * 1.2
        painter.drawText(QRectF(plot.left() + slot * i, label_top, slot, line),
                         Qt.AlignmentFlag.AlignCenter, bar.value_label)
        painter.drawText(QRectF(plot.left() + slot * i, plot.bottom() + line * 0.3, slot, line),
                         Qt.AlignmentFlag.AlignCenter, bar.label)
        painter.setPen(Qt.PenStyle.NoPen)
    painter.restore()


Renderer = Callable[[QPainter, QRectF], None]


class ChartWidget(QWidget):
    """Shows whatever a renderer draws; the renderer is replaced when the data changes."""

    def __init__(self, minimum_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer: Renderer | None = None
        self.setMinimumHeight(minimum_height)
        self.setMinimumWidth(360)

    def set_renderer(self, renderer: Renderer, description: str) -> None:
        self._renderer = renderer
        self.setAccessibleDescription(description)  # screen readers get the facts in words
        self.update()

    def paintEvent(self, _event: object) -> None:
        if self._renderer is None:
            return
        painter = QPainter(self)
        try:
            self._renderer(painter, QRectF(self.rect()).adjusted(4, 4, -4, -4))
        finally:
            painter.end()
