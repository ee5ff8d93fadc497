"""The chart renderers draw what the data says: measured in the pixels of a QImage."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from familywatch.ui.chart_data import DayBar, DayTimeline, Lane, Span, Tick
from familywatch.ui.charts import ChartStyle, nice_top, paint_day_timeline, paint_week_bars

STYLE = ChartStyle.light()
WIDTH, HEIGHT = 700, 300


def render(paint, width: int = WIDTH, height: int = HEIGHT) -> QImage:  # type: ignore[no-untyped-def]
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def near(colour: QColor, wanted: QColor, tolerance: int = 40) -> bool:
    return (abs(colour.red() - wanted.red()) + abs(colour.green() - wanted.green())
            + abs(colour.blue() - wanted.blue())) <= tolerance


def column_counts(image: QImage, wanted: QColor, top: int = 0) -> list[int]:
    """How many pixels of each column (from row `top` down) have the wanted colour."""
    return [sum(near(image.pixelColor(x, y), wanted) for y in range(top, image.height()))
            for x in range(image.width())]


def runs(counts: list[int]) -> list[tuple[int, int, int]]:
    """(first column, width, tallest) of each run of columns holding the colour."""
    found, start = [], None
    for x, n in enumerate([*counts, 0]):
        if n and start is None:
            start = x
        elif not n and start is not None:
            found.append((start, x - start, max(counts[start:x])))
            start = None
    return found


def week(*minutes: float, outside: tuple[float, ...] = ()) -> list[DayBar]:
    outside = outside or (0.0,) * len(minutes)
    return [DayBar(day, m, o, f"{m + o:.0f} min") for day, m, o in
            zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), minutes, outside,
                strict=False)]


def test_bar_heights_are_proportional_to_minutes() -> None:
    image = render(lambda p, r: paint_week_bars(p, r, week(30, 60, 0, 15, 0, 0, 0), STYLE))
    bars = runs(column_counts(image, STYLE.camera))
    assert len(bars) == 3  # the empty days draw nothing
    (_, w30, h30), (_, w60, h60), (_, w15, h15) = bars
    assert min(w30, w60, w15) > 20 and max(w30, w60, w15) - min(w30, w60, w15) <= 1
    assert abs(h60 - 2 * h30) <= 2 and abs(h60 - 4 * h15) <= 3
    assert h60 > HEIGHT / 2  # the tallest bar uses most of the height


def test_bars_sit_in_equal_slots_monday_first() -> None:
    image = render(lambda p, r: paint_week_bars(p, r, week(10, 10, 10, 10, 10, 10, 10), STYLE))
    starts = [start for start, _, _ in runs(column_counts(image, STYLE.camera))]
    gaps = {b - a for a, b in itertools.pairwise(starts)}
    assert len(starts) == 7 and max(gaps) - min(gaps) <= 1


def test_time_outside_the_camera_hours_is_stacked_and_hatched() -> None:
    image = render(lambda p, r: paint_week_bars(p, r, week(30, 30, outside=(0, 30)), STYLE))
    # Runs wider than 20 px are bars; the legend's swatch is narrower.
    inside = [run for run in runs(column_counts(image, STYLE.camera)) if run[1] > 20]
    assert len(inside) == 2 and abs(inside[0][2] - inside[1][2]) <= 1  # same inside part
    orange = column_counts(image, STYLE.outside, top=40)  # below the legend
    first, second = inside[0], inside[1]
    assert sum(orange[second[0]:second[0] + second[1]]) > 100  # hatched part on Tuesday
    assert sum(orange[first[0]:first[0] + first[1]]) == 0


def test_the_axis_grows_in_steps_people_read() -> None:
    assert nice_top(0) == (60, 15)
    assert nice_top(42) == (60, 15)
    assert nice_top(89) == (90, 30)
    assert nice_top(100) == (120, 30)
    assert nice_top(200) == (240, 60)


def test_timeline_places_sessions_in_proportion_to_the_day() -> None:
    timeline = DayTimeline(
        length_minutes=1440,
        ticks=tuple(Tick(h * 60, f"{h:02d}") for h in range(25)),
        lanes=(Lane("Camera", (Span(0, 360), Span(720, 1080))), Lane("Microphone", ())),
    )
    image = render(lambda p, r: paint_day_timeline(p, r, timeline, STYLE), height=160)
    (a_start, a_width, _), (b_start, b_width, _) = runs(column_counts(image, STYLE.camera))
    assert abs(a_width - b_width) <= 1
    assert abs((b_start - a_start) - 2 * a_width) <= 2  # noon is twice six hours on


def test_a_one_minute_call_stays_visible() -> None:
    timeline = DayTimeline(1440, (), (Lane("Camera", (Span(600, 601),)),))
    image = render(lambda p, r: paint_day_timeline(p, r, timeline, STYLE), height=120)
    assert runs(column_counts(image, STYLE.camera))


def test_the_same_routine_draws_svg_and_pdf(tmp_path: Path) -> None:
    bars = week(30, 60, 45)
    svg_path = tmp_path / "week.svg"
    svg = QSvgGenerator()
    svg.setFileName(str(svg_path))
    svg.setSize(QSize(WIDTH, HEIGHT))
    svg.setViewBox(QRectF(0, 0, WIDTH, HEIGHT))
    painter = QPainter(svg)
    paint_week_bars(painter, QRectF(0, 0, WIDTH, HEIGHT), bars, STYLE)
    painter.end()
    text = svg_path.read_text(encoding="utf-8")
    assert "<svg" in text and "Tue" in text and "60 min" in text

    pdf_path = tmp_path / "week.pdf"
    pdf = QPdfWriter(str(pdf_path))
    pdf.setPageSize(QPageSize(QSizeF(180, 90), QPageSize.Unit.Millimeter))
    pdf.setResolution(96)
    painter = QPainter(pdf)
    paint_week_bars(painter, QRectF(0, 0, WIDTH, HEIGHT), bars, STYLE)
    painter.end()
    assert pdf_path.read_bytes().startswith(b"%PDF")
