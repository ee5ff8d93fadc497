"""'Get help': who to tell and real services to call, for children and for parents.

No PIN, and nothing about it is recorded or logged. Links open in the person's own
browser (QDesktopServices) only when clicked; FamilyWatch itself fetches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from familywatch.input_file import InputFileError, read_text
from familywatch.ui.widgets import app_icon, make_readable, show_markdown
from familywatch.ui.wording import Wording, page, strip_comments

LinkOpener = Callable[[QUrl], object]
FOLLOWED_SCHEMES = frozenset({"https", "http", "tel", "mailto"})
FAMILY_HELPLINE_FILE = "local-helpline.md"  # in the data folder; replaces the default text


def local_helpline_markdown(data_dir: Path | None, language: str = "en") -> str:
    """The family's or school's own helpline text if they wrote one, else the default."""
    if data_dir is not None:
        own = data_dir / FAMILY_HELPLINE_FILE
        try:
            return strip_comments(read_text(own))
        except InputFileError:
            pass  # no file (the usual case) or unreadable: the default text says how to add one
    return page("help", "local-helpline", language)


def help_markdown(data_dir: Path | None, language: str = "en") -> str:
    return page("help", "help", language,
                local_helpline=local_helpline_markdown(data_dir, language).strip())


class HelpWindow(QWidget):
    def __init__(self, words: Wording, *, data_dir: Path | None,
                 open_link: LinkOpener = QDesktopServices.openUrl,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_link = open_link
        self.setWindowTitle(words("help.window_title"))
        self.setWindowIcon(app_icon())
        make_readable(self)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)  # never navigate inside the window; see follow()
        self.text.anchorClicked.connect(self.follow)
        show_markdown(self.text, help_markdown(data_dir))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.text)
        self.resize(720, 820)

    def follow(self, url: QUrl) -> None:
        """Open a clicked link in the person's browser (or phone app for tel:)."""
        if url.scheme().lower() in FOLLOWED_SCHEMES:
            self._open_link(url)

    def markdown(self) -> str:
        return self.text.toMarkdown()

    def show_window(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
