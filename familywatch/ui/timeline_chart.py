"""The day's timeline, drawn with QPainter (the Today window, and any SVG or PDF of it).

Lanes (camera, microphone, apps) run across the day under hour ticks. Behind the
sessions: the camera hours, tinted, outlined with a dashed line and labelled
"camera hours", so a session outside them shows; and the time FamilyWatch wasn't
running, hatched. Like charts.py, it asks no widget for anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from familywatch.ui.chart_data import ChartWords, DayTimeline
from familywatch.ui.charts import ENGLISH, ChartStyle, LegendEntry, chart_font, draw_legend, hatched

HOURS_TINT_ALPHA = 40  # of 255: light enough that the sessions stay the strongest colour


def _tick_every(timeline: DayTimeline, plot_width: float, label_width: float) -> int:
    """Label every 1, 2, 3, 4 or 6 hours, whichever leaves room between labels."""
    per_hour = plot_width * 60 / max(timeline.length_minutes, 1)
    for hours in (1, 2, 3, 4, 6):
        if per_hour * hours >= label_width * 1.8:
            return hours
    return 12


def _hours_tint(style: ChartStyle) -> QBrush:
    tint = QColor(style.camera)
    tint.setAlpha(HOURS_TINT_ALPHA)
    return QBrush(tint)


def _hours_outline(style: ChartStyle) -> QPen:
    return QPen(style.camera, 1.5, Qt.PenStyle.DashLine)


def _legend_entries(timeline: DayTimeline, style: ChartStyle, words: ChartWords
                    ) -> list[LegendEntry]:
    entries: list[LegendEntry] = []
    if timeline.camera_hours is not None:  # a day with no camera hours at all says so
        entries.append((_hours_tint(style), words.camera_hours if timeline.camera_hours
                        else words.no_camera_hours, _hours_outline(style)))
    if timeline.gaps:
        entries.append((hatched(style.not_recording, Qt.BrushStyle.FDiagPattern),
                        words.not_recording))
    return entries


Stretch = tuple[float, float]  # (left, right) of a label, in x


def _apart(a: Stretch, b: Stretch, pad: float) -> bool:
    return a[1] + pad <= b[0] or b[1] + pad <= a[0]


def _draw_label(painter: QPainter, where: Stretch, row: QRectF, text: str) -> None:
    painter.drawText(QRectF(where[0], row.top(), where[1] - where[0] + 2, row.height()),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def _label_row(painter: QPainter, row: QRectF, bands: Sequence[QRectF], now_x: float | None,
               style: ChartStyle, words: ChartWords) -> None:
    """The row above the plot: "now" over its line, and "camera hours" over the start (else
    the end) of each band with room for it; "now" moves aside rather than cover one."""
    hours_px = max(9, style.font_px - 1)  # as the legend
    metrics = chart_font(painter, hours_px)
    width, pad = metrics.horizontalAdvance(words.camera_hours), metrics.height() * 0.4
    spots = [[(left, left + width) for left in (band.left() + 3, band.right() - 3 - width)
              if band.left() < left and left + width < band.right()] for band in bands]
    painter.setPen(style.text)
    now: Stretch | None = None
    if now_x is not None:
        now_w = chart_font(painter, style.font_px - 1, bold=True).horizontalAdvance(words.now)
        options = [(now_x - now_w / 2, now_x + now_w / 2), (now_x + pad, now_x + pad + now_w),
                   (now_x - pad - now_w, now_x - pad)]
        fitting = [o for o in options if row.left() <= o[0] and o[1] <= row.right()] or options
        firsts = [band_spots[0] for band_spots in spots if band_spots]
        now = next((o for o in fitting if all(_apart(o, f, pad) for f in firsts)), fitting[0])
        _draw_label(painter, now, row, words.now)
    chart_font(painter, hours_px)
    for band_spots in spots:
        spot = next((s for s in band_spots if now is None or _apart(s, now, pad)), None)
        if spot is not None:
            _draw_label(painter, spot, row, words.camera_hours)


def paint_day_timeline(painter: QPainter, rect: QRectF, timeline: DayTimeline,
                       style: ChartStyle, words: ChartWords = ENGLISH) -> None:
    """Lanes across the day, hour ticks, the camera hours behind, gaps hatched."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = chart_font(painter, style.font_px)
    line = metrics.height()
    label_w = max((metrics.horizontalAdvance(lane.label) for lane in timeline.lanes),
                  default=0.0) + 12
    legend = _legend_entries(timeline, style, words)
    legend_h = line * 1.6 if legend else 0.0
    top_pad = line * 1.3  # room for the "now" and "camera hours" labels
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
    bands = [QRectF(x_of(span.start), plot.top(), x_of(span.end) - x_of(span.start),
                    plot.height()) for span in timeline.camera_hours or ()]
    for band in bands:
        painter.fillRect(band, _hours_tint(style))
    for gap in timeline.gaps:
        area = QRectF(x_of(gap.start), plot.top(), max(1.0, x_of(gap.end) - x_of(gap.start)),
                      plot.height())
        painter.fillRect(area, hatched(style.not_recording, Qt.BrushStyle.FDiagPattern))
    _draw_ticks(painter, timeline, plot, x_of, style)
    _draw_lanes(painter, timeline, rect, plot, label_w, x_of, style)

    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_hours_outline(style))
    for band in bands:  # over the sessions: where one crosses the edge of the hours shows
        painter.drawRect(band)
    painter.setPen(QPen(style.grid, 1))
    painter.drawRect(plot)
    now_x = None if timeline.now_minute is None else x_of(timeline.now_minute)
    if now_x is not None:
        painter.setPen(QPen(style.text, 2))
        painter.drawLine(QPointF(now_x, plot.top() - 2), QPointF(now_x, plot.bottom()))
    _label_row(painter, QRectF(rect.left(), rect.top(), rect.width(), top_pad), bands, now_x,
               style, words)
    if legend:
        draw_legend(painter, plot.left(), plot.bottom() + line * 1.5, legend, style)
    painter.restore()


def _draw_ticks(painter: QPainter, timeline: DayTimeline, plot: QRectF,
                x_of: Callable[[float], float], style: ChartStyle) -> None:
    metrics = chart_font(painter, style.font_px)
    line = metrics.height()
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


def _draw_lanes(painter: QPainter, timeline: DayTimeline, rect: QRectF, plot: QRectF,
                label_w: float, x_of: Callable[[float], float], style: ChartStyle) -> None:
    line = chart_font(painter, style.font_px).height()
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
