"""The tray app's parent-facing entries: Quit (PIN), Parent settings…, Ask for more
time, and the first-run wizard. Kept apart from TrayApp so app.py stays small."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from familywatch.ui.parent.controls import ControlsLike, FamilyAppsLike, optional, pin_is_set
from familywatch.ui.wording import Wording

if TYPE_CHECKING:  # each window is imported when first opened (~1.5 MB kept otherwise)
    from familywatch.ui.parent.first_run import FirstRunWizard
    from familywatch.ui.parent.more_time import MoreTimeDialog
    from familywatch.ui.parent.settings_window import ParentSettingsWindow

log = logging.getLogger(__name__)

FIRST_RUN_DONE = "first-run-done"
QuitGuard = Callable[[QWidget | None], bool]


def confirm_stop(words: Wording) -> QuitGuard:
    """Quit asks first (the guard when no parent PIN is set)."""

    def ask(parent: QWidget | None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, words("quit.title"), words("quit.question"),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setInformativeText(words("quit.detail"))
        stop = box.addButton(words("quit.stop"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(words("quit.keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is stop

    return ask


class ParentUi(QObject):
    def __init__(self, controls: ControlsLike, words: Wording, data_dir: Path,
                 parent: QObject | None = None, family: FamilyAppsLike | None = None) -> None:
        super().__init__(parent)
        self.controls = controls
        self.family = family
        self.words = words
        self.data_dir = data_dir
        self.settings_window: ParentSettingsWindow | None = None
        self.more_time: MoreTimeDialog | None = None
        self.first_run: FirstRunWizard | None = None
        self.sent_box: QMessageBox | None = None

    def quit_guard(self, parent: QWidget | None) -> bool:
        """The parent PIN when one is set; otherwise the confirmation."""
        from familywatch.ui.parent.pin_dialog import ask_pin

        if pin_is_set(self.controls):
            return ask_pin(self.controls, self.words, "quit", parent) is not None
        return confirm_stop(self.words)(parent)

    def open_settings(self) -> ParentSettingsWindow | None:
        from familywatch.ui.parent.pin_dialog import ask_pin
        from familywatch.ui.parent.settings_window import ParentSettingsWindow

        pin = ask_pin(self.controls, self.words, "settings")
        if pin is None:
            return None
        if self.settings_window is not None:
            self.settings_window.close()
        self.settings_window = ParentSettingsWindow(self.controls, pin, self.words,
                                                    family=self.family)
        self.settings_window.show()
        self.settings_window.raise_()
        return self.settings_window

    def can_ask(self) -> bool:
        return optional(self.controls, "ask") is not None

    def ask_more_time(self) -> MoreTimeDialog | None:
        from familywatch.ui.parent.more_time import MoreTimeDialog

        ask = optional(self.controls, "ask")
        if ask is None:
            return None
        self.more_time = MoreTimeDialog(ask, self.words)
        self.more_time.accepted.connect(self._request_sent)
        self.more_time.show()
        self.more_time.raise_()
        return self.more_time

    def _request_sent(self) -> None:
        self.sent_box = QMessageBox(QMessageBox.Icon.Information, self.words("more_time.title"),
                                    self.words("more_time.sent"))
        self.sent_box.open()  # not modal: nothing waits for it

    # -- first run ----------------------------------------------------------------------
    def first_run_needed(self) -> bool:
        return not pin_is_set(self.controls) and not (self.data_dir / FIRST_RUN_DONE).exists()

    def show_first_run(self) -> FirstRunWizard:
        from familywatch.ui.parent.first_run import FirstRunWizard

        self.first_run = FirstRunWizard(self.controls, self.words)
        self.first_run.finished.connect(self._first_run_finished)
        self.first_run.show()
        self.first_run.raise_()
        return self.first_run

    def _first_run_finished(self, result: int) -> None:
        if result:  # cancelled: ask again at the next start
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                (self.data_dir / FIRST_RUN_DONE).write_text("1\n", encoding="utf-8")
            except OSError:
                log.exception("could not note that the first run is done")
