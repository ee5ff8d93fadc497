"""Charts drawn with QPainter: one paint routine for the window, SVG and PDF.

Each renderer takes a QPainter, the rectangle to fill and the data; it never asks a
widget for anything, so the same call draws into a QWidget, a QImage, a
QSvgGenerator or a QPdfWriter. Meaning never rests on colour alone: lanes are
labelled, and "outside camera hours" and "not running" are hatched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from familywatch.ui.chart_data import ChartWords, DayBar, DayTimeline

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


def _font(painter: QPainter, px: int, bold: bool = False) -> QFontMetricsF:
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


def _hatched(colour: QColor, pattern: Qt.BrushStyle = Qt.BrushStyle.BDiagPattern) -> QBrush:
    return QBrush(colour, pattern)


def _legend(painter: QPainter, left: float, top: float, entries: Sequence[tuple[QBrush, str]],
            style: ChartStyle) -> None:
    metrics = _font(painter, style.font_px - 1)
    x = left
    box = metrics.height() * 0.8
    for brush, label in entries:
        swatch = QRectF(x, top + (metrics.height() - box) / 2, box * 1.6, box)
        painter.setPen(QPen(style.text, 1))
        painter.fillRect(swatch, QColor(style.plot_background))
        painter.setBrush(brush)
        painter.drawRect(swatch)
        painter.setPen(style.text)
        painter.drawText(QPointF(swatch.right() + 6, top + metrics.ascent()), label)
        x = swatch.right() + 6 + metrics.horizontalAdvance(label) + 18


def paint_week_bars(painter: QPainter, rect: QRectF, bars: Sequence[DayBar],
                    style: ChartStyle, words: ChartWords = ENGLISH) -> None:
    """One bar of camera minutes per day; the part outside camera hours is hatched on top."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = _font(painter, style.font_px)
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
        _legend(painter, plot.left(), rect.top(), [
            (QBrush(style.camera), words.inside_schedule),
            (_hatched(style.outside), words.outside_schedule)], style)
        _font(painter, style.font_px)

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
            painter.fillRect(outside, _hatched(style.outside))
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


def _tick_every(timeline: DayTimeline, plot_width: float, label_width: float) -> int:
    """Label every 1, 2, 3, 4 or 6 hours, whichever leaves room between labels."""
    per_hour = plot_width * 60 / max(timeline.length_minutes, 1)
    for hours in (1, 2, 3, 4, 6):
        if per_hour * hours >= label_width * 1.8:
            return hours
    return 12


def paint_day_timeline(painter: QPainter, rect: QRectF, timeline: DayTimeline,
                       style: ChartStyle, words: ChartWords = ENGLISH) -> None:
    """Lanes (camera, microphone, apps) across the day, hour ticks, gaps hatched."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = _font(painter, style.font_px)
    line = metrics.height()
    label_w = max((metrics.horizontalAdvance(lane.label) for lane in timeline.lanes),
                  default=0.0) + 12
    legend_h = line * 1.6 if timeline.gaps else 0.0
    top_pad = line * 1.3  # room for the "now" label
    plot = QRectF(rect.left() + label_w, rect.top() + top_pad, rect.width() - label_w - 8,
                  rect.height() - top_pad - line * 1.6 - legend_h)
    if plot.height() <= 4 or plot.width() <= 4:
        painter.restore()
        return

    def x_of(minute: float) -> float:
        return plot.left() + plot.width() * minute / timeline.length_minutes

    painter.fillRect(plot, style.plot_background)
    if timeline.future_from is not None:  # the rest of today has not happened yet
        painter.fillRect(QRectF(x_of(timeline.future_from), plot.top(),
                                plot.right() - x_of(timeline.future_from), plot.height()),
                         QColor(style.plot_background).darker(104))
    for gap in timeline.gaps:
        area = QRectF(x_of(gap.start), plot.top(), max(1.0, x_of(gap.end) - x_of(gap.start)),
                      plot.height())
        painter.fillRect(area, _hatched(style.not_recording, Qt.BrushStyle.FDiagPattern))

    every = _tick_every(timeline, plot.width(), metrics.horizontalAdvance("00"))
    for tick in timeline.ticks:
        x = x_of(tick.minute)
        labelled = int(tick.label or 0) % every == 0 if tick.label.isdigit() else True
        painter.setPen(QPen(style.grid, 1, Qt.PenStyle.SolidLine if labelled
                            else Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if labelled:
            painter.setPen(style.text)
            painter.drawText(QRectF(x - line * 2, plot.bottom() + 2, line * 4, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             tick.label)

    lane_h = plot.height() / max(1, len(timeline.lanes))
    for i, lane in enumerate(timeline.lanes):
        top = plot.top() + lane_h * i
        painter.setPen(style.text)
        painter.drawText(QRectF(rect.left(), top, label_w - 8, lane_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, lane.label)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.lane_colour(i))
        bar_h = min(lane_h * 0.6, line * 1.4)
        for span in lane.spans:
            left = x_of(span.start)
            width = max(2.5, x_of(span.end) - left)  # a one-minute call stays visible
            painter.drawRoundedRect(QRectF(left, top + (lane_h - bar_h) / 2, width, bar_h), 2, 2)
        if i:
            painter.setPen(QPen(style.grid, 1))
            painter.drawLine(QPointF(plot.left(), top), QPointF(plot.right(), top))

    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(style.grid, 1))
    painter.drawRect(plot)
    if timeline.now_minute is not None:
        x = x_of(timeline.now_minute)
        painter.setPen(QPen(style.text, 2))
        painter.drawLine(QPointF(x, plot.top() - 2), QPointF(x, plot.bottom()))
        _font(painter, style.font_px - 1, bold=True)
        painter.drawText(QRectF(x - line * 3, rect.top(), line * 6, top_pad),
                         Qt.AlignmentFlag.AlignCenter, words.now)
    if timeline.gaps:
        _legend(painter, plot.left(), plot.bottom() + line * 1.5,
                [(_hatched(style.not_recording, Qt.BrushStyle.FDiagPattern),
                  words.not_recording)], style)
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
