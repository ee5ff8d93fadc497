"""The chart renderers draw what the data says: measured in the pixels of a QImage."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from familywatch.core.rules import CameraRule, DailyBudget, DayException, Rules, WeekHours, Window
from familywatch.core.summary import day_period
from familywatch.ui.chart_data import DayBar, DayTimeline, Lane, Span, Tick, camera_hours
from familywatch.ui.charts import ChartStyle, nice_top, paint_week_bars
from familywatch.ui.timeline_chart import paint_day_timeline
from tests.ui.sample_data import LONDON

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


def column_counts(image: QImage, wanted: QColor, top: int = 0, tolerance: int = 40
                  ) -> list[int]:
    """How many pixels of each column (from row `top` down) have the wanted colour."""
    return [sum(near(image.pixelColor(x, y), wanted, tolerance)
                for y in range(top, image.height())) for x in range(image.width())]


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


def test_legend_labels_keep_clear_of_their_boxes_at_print_size() -> None:
    style = ChartStyle.light(22)  # the PDF's 11 pt at 144 dpi
    image = render(lambda p, r: paint_week_bars(p, r, week(30, 30, outside=(0, 30)), style),
                   width=1000, height=400)
    legend_rows = range(30)
    swatch = [x for x in range(image.width())
              if any(near(image.pixelColor(x, y), style.camera) for y in legend_rows)]
    end = swatch[0]
    while end + 1 in swatch:
        end += 1
    # The first ink after the box's outline is the label's first letter.
    ink = next(x for x in range(end + 3, image.width())
               if any(image.pixelColor(x, y).lightness() < 110 for y in legend_rows))
    assert ink - end >= style.font_px / 2  # was 9 px at this size: "camera time" touched it


# -- the camera hours behind the day's timeline -------------------------------------------

def hours_rules(days: tuple[tuple[Window, ...] | None, ...] | None = None,
                exceptions: tuple[DayException, ...] = ()) -> Rules:
    evenings = (Window(16 * 60, 20 * 60),)
    return Rules(camera=CameraRule(hours=WeekHours(days or (evenings,) * 7)),
                 exceptions=exceptions)


WEDNESDAY = date(2024, 6, 5)


def test_the_camera_hours_of_a_day_are_minutes_of_that_day() -> None:
    wednesday = day_period(WEDNESDAY, LONDON)
    assert camera_hours(wednesday, hours_rules()) == (Span(960, 1200),)
    # Tuesday 22:00-01:00 runs into Wednesday's first hour.
    evening = (Window(16 * 60, 20 * 60),)
    late = (evening, (Window(22 * 60, 25 * 60),), *(evening,) * 5)
    assert camera_hours(wednesday, hours_rules(late)) == (Span(0, 60), Span(960, 1200))
    # A one-off "allowed 10:00-12:00" on Wednesday, and an exception on another day.
    extra = (DayException(WEDNESDAY, allowed_from=600, allowed_until=720),
             DayException(date(2024, 6, 6), allowed_from=0, allowed_until=1440))
    assert camera_hours(wednesday, hours_rules(exceptions=extra)) == \
        (Span(600, 720), Span(960, 1200))
    no_limit = ((Window(960, 1200),),) * 2 + (None,) + ((Window(960, 1200),),) * 4
    assert camera_hours(wednesday, hours_rules(no_limit)) == (Span(0, 1440),)
    none_today = ((Window(960, 1200),),) * 2 + ((),) + ((Window(960, 1200),),) * 4
    assert camera_hours(wednesday, hours_rules(none_today)) == ()


def test_without_camera_hours_there_is_no_band() -> None:
    wednesday = day_period(WEDNESDAY, LONDON)
    assert camera_hours(wednesday, None) is None
    assert camera_hours(wednesday, Rules()) is None
    assert camera_hours(wednesday, Rules(camera=CameraRule(
        budget=DailyBudget((60,) * 7)))) is None
    assert DayTimeline(1440, (), ()).in_camera_hours(1000) is None


def test_the_camera_hours_on_a_short_dst_day_are_real_minutes() -> None:
    spring = day_period(date(2024, 3, 31), LONDON)  # 23 hours: 01:00 GMT became 02:00 BST
    (band,) = camera_hours(spring, hours_rules()) or ()
    assert band == Span(15 * 60, 19 * 60)  # 16:00-20:00 BST, an hour fewer since midnight
    timeline = DayTimeline(1380, (), (), camera_hours=(band,))
    assert timeline.in_camera_hours(15 * 60) and not timeline.in_camera_hours(19 * 60)


def test_the_camera_hours_are_shaded_behind_the_day_and_in_the_legend() -> None:
    lanes = (Lane("Camera", (Span(600, 660),)), Lane("Microphone", ()))
    with_hours = DayTimeline(1440, (), lanes, camera_hours=(Span(960, 1200),))
    tint = QColor(STYLE.camera)
    tint.setAlpha(40)
    shaded = QImage(WIDTH, 200, QImage.Format.Format_ARGB32)
    shaded.fill(STYLE.plot_background)
    painter = QPainter(shaded)
    painter.fillRect(shaded.rect(), tint)
    painter.end()
    wanted = shaded.pixelColor(0, 0)  # the tint over the plot's background
    image = render(lambda p, r: paint_day_timeline(p, r, with_hours, STYLE), height=200)
    plain = render(lambda p, r: paint_day_timeline(p, r, DayTimeline(1440, (), lanes), STYLE),
                   height=200)

    def tinted(picture: QImage) -> list[tuple[int, int, int]]:  # not antialiased edges
        return [run for run in runs(column_counts(picture, wanted, tolerance=6)) if run[1] > 3]

    band = max(tinted(image), key=lambda run: run[1])  # the legend's swatch is the small one
    assert len(tinted(image)) == 2 and band[2] > 60  # a tall band, and a box in the legend
    assert tinted(plain) == []  # no schedule: no band
    # The session is the tallest solid run of the camera's colour (the dashed outlines are
    # 1 px wide, the legend's box is short).
    session = max((run for run in runs(column_counts(image, STYLE.camera)) if run[1] > 3),
                  key=lambda run: run[2])
    # 16:00-20:00 is 4 hours, the 10:00 session an hour, six hours earlier.
    hour = band[1] / 4
    assert abs(session[1] - hour) <= 2 and abs(band[0] - session[0] - 6 * hour) <= 3
