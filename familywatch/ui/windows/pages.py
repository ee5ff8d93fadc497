"""The Today and This week pages: sentences first, then charts, then the details."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from familywatch.ui.chart_data import ChartWords
from familywatch.ui.charts import ChartStyle, ChartWidget, paint_week_bars
from familywatch.ui.timeline_chart import paint_day_timeline
from familywatch.ui.viewmodels import DayView, InUseNow, WeekView
from familywatch.ui.widgets import Section, SentenceList, footnote, heading, paragraph
from familywatch.ui.wording import Wording


class PageBody(QWidget):
    """The column inside a page: as tall as its content is at the width it really has.

    A layout's minimum height adds up each wrapped label's height at the label's own
    narrow guess of a width (~1250 px for ~910 px of content at 820 px wide), and a
    resizable QScrollArea never lets its widget be shorter than that: the page always
    scrolled into empty space. With no minimum height, the scroll area asks
    heightForWidth(the viewport's width) instead, so it scrolls only when the content
    really is taller.
    """

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)


class _Page(QScrollArea):
    """A page that scrolls as a whole, so nothing inside it needs its own scrollbar."""

    def __init__(self, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = PageBody()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(18, 14, 18, 14)
        self.column.setSpacing(6)
        self.setWidget(body)
        self.heading = heading()
        self.camera = paragraph(strong=True)
        self.microphone = paragraph(strong=True)
        self.error = paragraph()
        self.error.setStyleSheet("color: #B71C1C;")
        self.error.hide()
        self.updated = footnote()
        for widget in (self.heading, self.camera, self.microphone, self.error):
            self.column.addWidget(widget)

    def chart_style(self) -> ChartStyle:
        return ChartStyle.from_palette(self.palette(), font_px=max(12, self.fontInfo().pixelSize()))

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def finish(self) -> None:
        self.column.addWidget(self.updated)
        self.column.addStretch(1)


class DayPage(_Page):
    def __init__(self, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(words, parent)
        self.in_use = SentenceList(words("summary.in_use_heading"))
        self.schedule = SentenceList(words("summary.schedule_heading"))
        self.schedule.hide()
        self.parent_actions = SentenceList(words("summary.parent_actions_heading"))
        self.parent_actions.hide()
        self.timeline_heading = heading(words("summary.timeline_heading"), level=2)
        self.timeline = ChartWidget(minimum_height=175)
        self.sessions = Section(words("summary.sessions_heading"), words("summary.sessions_none"))
        self.apps = Section(words("summary.apps_heading"), words("summary.apps_none"))
        self.gaps = SentenceList(words("summary.gaps_heading"))
        for widget in (self.in_use, self.schedule, self.timeline_heading, self.timeline,
                       self.sessions, self.apps, self.gaps, self.parent_actions):
            self.column.addWidget(widget)
        self.finish()

    def show_day(self, view: DayView, chart_words: ChartWords) -> None:
        self.heading.setText(view.heading)
        self.camera.setText(view.camera_sentence)
        self.microphone.setText(view.microphone_sentence)
        style, timeline = self.chart_style(), view.timeline

        def draw(painter: QPainter, rect: QRectF) -> None:
            paint_day_timeline(painter, rect, timeline, style, chart_words)

        self.timeline.set_renderer(draw, " ".join((self.words("chart.timeline_description"),
                                                   view.camera_sentence,
                                                   view.microphone_sentence)))
        self.sessions.show_table(view.sessions)
        self.apps.show_table(view.apps)
        self.gaps.show_sentences(view.gaps or (self.words("summary.gaps_none"),))

    def show_in_use(self, now: InUseNow) -> None:
        lines = list(now.lines) + ([now.apps_line] if now.apps_line else [])
        self.in_use.show_sentences(lines)

    def show_schedule(self, sentences: Sequence[str]) -> None:
        """Paused / outside the hours / time left; hidden when there is no schedule."""
        self.schedule.show_sentences(sentences)
        self.schedule.setVisible(bool(sentences))

    def show_parent_actions(self, sentences: Sequence[str] | None) -> None:
        """The period's parent actions; None: the record source keeps none (hidden)."""
        if sentences is None:
            self.parent_actions.hide()
            return
        self.parent_actions.show_sentences(
            sentences or (self.words("summary.parent_actions_none"),))
        self.parent_actions.show()


class WeekPage(_Page):
    def __init__(self, words: Wording, parent: QWidget | None = None) -> None:
        super().__init__(words, parent)
        self.bars_heading = heading(words("summary.bars_heading"), level=2)
        self.bars = ChartWidget(minimum_height=230)
        self.days = Section(words("summary.days_heading"), "")
        self.apps = Section(words("summary.apps_heading"), words("summary.apps_none"))
        self.gaps = SentenceList(words("summary.gaps_heading"))
        for widget in (self.bars_heading, self.bars, self.days, self.apps, self.gaps):
            self.column.addWidget(widget)
        self.finish()

    def show_week(self, view: WeekView, chart_words: ChartWords) -> None:
        self.heading.setText(view.heading)
        self.camera.setText(view.camera_sentence)
        self.microphone.setText(view.microphone_sentence)
        style, bars = self.chart_style(), view.bars

        def draw(painter: QPainter, rect: QRectF) -> None:
            paint_week_bars(painter, rect, bars, style, chart_words)

        self.bars.set_renderer(draw, " ".join((self.words("chart.bars_description"),
                                               view.camera_sentence)))
        self.days.show_table(view.days)
        self.apps.show_table(view.apps)
        self.gaps.show_sentences(view.gaps or (self.words("summary.gaps_none"),))


def label_texts(widget: QWidget) -> list[str]:
    """Every visible label's text under `widget`, top to bottom (for tests and checks)."""
    return [label.text() for label in widget.findChildren(QLabel) if not label.isHidden()]
