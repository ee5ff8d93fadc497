"""Small building blocks shared by the windows: readable text, fitted tables, sections."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLayout,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from familywatch.ui.viewmodels import Table
from familywatch.ui.wording import icon_file

READABLE_POINT_SIZE = 10.5  # children read these windows: never smaller than this


def app_icon() -> QIcon:
    return QIcon(str(icon_file("familywatch")))


def make_readable(widget: QWidget) -> None:
    font = QFont(widget.font())
    if font.pointSizeF() < READABLE_POINT_SIZE:
        font.setPointSizeF(READABLE_POINT_SIZE)
        widget.setFont(font)


def heading(text: str = "", *, level: int = 1) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF(), READABLE_POINT_SIZE) * (1.45 if level == 1
                                                                      else 1.15))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    if level > 1:
        label.setContentsMargins(0, 10, 0, 2)  # a section starts with some air above it
    return label


def paragraph(text: str = "", *, strong: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # record data is never read as markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if strong:
        font = QFont(label.font())
        font.setPointSizeF(max(font.pointSizeF(), READABLE_POINT_SIZE) * 1.1)
        label.setFont(font)
    return label


def show_markdown(browser: QTextBrowser, markdown: str) -> None:
    """Show a Markdown page with room above its headings (Qt's import leaves none)."""
    document = browser.document()
    document.setMarkdown(markdown)
    document.setDocumentMargin(16)
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            spacing = QTextBlockFormat()
            spacing.setTopMargin(18 if level > 1 and block != document.begin() else 4)
            spacing.setBottomMargin(6)
            cursor = QTextCursor(block)
            cursor.mergeBlockFormat(spacing)
        block = block.next()
    browser.moveCursor(QTextCursor.MoveOperation.Start)  # open at the top of the page
    browser.verticalScrollBar().setValue(0)


def clear_layout(layout: QLayout) -> None:
    """Take every widget out of `layout` before it is filled again."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item else None
        if widget is not None:
            widget.hide()  # gone at once, even before the event loop deletes it
            widget.deleteLater()


def footnote(text: str = "") -> QLabel:
    """Quieter text that stays readable: text and background colours mixed 70:30.

    (A disabled label would be too faint to read, and a fixed grey breaks dark themes.)
    """
    label = paragraph(text)
    palette = label.palette()
    ink = palette.color(QPalette.ColorRole.WindowText)
    paper = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(*(round(0.7 * a + 0.3 * b) for a, b in
                     ((ink.red(), paper.red()), (ink.green(), paper.green()),
                      (ink.blue(), paper.blue()))))
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    return label


class FittedTable(QTableWidget):
    """A read-only table as tall as its rows, for pages that scroll as a whole."""

    def __init__(self, parent: QWidget | None = None, *, fit_height: bool = True) -> None:
        super().__init__(parent)
        self._fit_height = fit_height
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_table(self, table: Table) -> None:
        self.setColumnCount(len(table.headers))
        self.setHorizontalHeaderLabels(list(table.headers))
        self.setRowCount(len(table.rows))
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setToolTip(cell)
                self.setItem(r, c, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if table.headers and table.stretch is not None:
            header.setSectionResizeMode(table.stretch % len(table.headers),
                                        QHeaderView.ResizeMode.Stretch)
        elif table.headers:  # as narrow as its columns: short tables stay readable
            self.resizeColumnsToContents()
            self.setMaximumWidth(sum(self.columnWidth(c) for c in range(self.columnCount()))
                                 + 2 * self.frameWidth() + 2)
        self.resizeRowsToContents()
        if self._fit_height:
            height = header.height() + 2 * self.frameWidth() + 2
            height += sum(self.rowHeight(r) for r in range(self.rowCount()))
            if self.horizontalScrollBar().isVisible():
                height += self.horizontalScrollBar().height()
            self.setFixedHeight(height)

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row (tests and screen readers read this)."""
        def text(row: int, column: int) -> str:
            item = self.item(row, column)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(self.columnCount())] for r in range(self.rowCount())]


class Section(QWidget):
    """A heading, then either a table or a sentence saying there is nothing to show."""

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(title, level=2)
        self.empty = paragraph(empty_text)
        self.table = FittedTable()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def show_table(self, table: Table) -> None:
        self.table.show_table(table)
        self.table.setVisible(bool(table.rows))
        self.empty.setVisible(not table.rows)


class SentenceList(QWidget):
    """A heading and one line per sentence (gaps, what is in use now)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(title, level=2)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.title)
        self._lines: list[QLabel] = []

    def show_sentences(self, sentences: Sequence[str]) -> None:
        # Labels are reused, not recreated: this runs on every refresh.
        while len(self._lines) < len(sentences):
            label = paragraph()
            self._lines.append(label)
            self._layout.addWidget(label)
        for label, text in zip(self._lines, sentences, strict=False):
            label.setText(text)
            label.show()
        for label in self._lines[len(sentences):]:
            label.hide()

    def texts(self) -> list[str]:
        return [label.text() for label in self._lines if not label.isHidden()]
