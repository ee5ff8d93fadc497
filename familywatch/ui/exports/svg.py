"""Charts as inline SVG, drawn by the same QPainter routines as the windows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from familywatch.ui.chart_data import ChartWords, DayBar
from familywatch.ui.charts import ENGLISH, ChartStyle, paint_week_bars


def week_bars_svg(bars: Sequence[DayBar], title: str, width: int = 720, height: int = 260,
                  words: ChartWords = ENGLISH) -> str:
    """An <svg> element (no XML declaration) to paste into an HTML page."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        paint_week_bars(painter, QRectF(0, 0, width, height), bars, ChartStyle.light(14), words)
    finally:
        painter.end()
    buffer.close()
    text = bytes(data.data()).decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text
