"""The tray icon and its menu (rebuilt each time it opens, so it is never stale).

The menu's actions are plain callbacks (MenuActions), shared with the status window
that stands in for the tray where a desktop has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from familywatch.ui.tray_state import TrayLook, TrayState
from familywatch.ui.wording import Wording, icon_file

Callback = Callable[[], object]  # whatever it returns is ignored


@dataclass(frozen=True, slots=True)
class MenuActions:
    """What each menu entry does. None means "not available yet": shown disabled.

    more_time and parent_settings are the hooks for the schedule and parent-PIN work.
    """

    today: Callback
    week: Callback
    what_is_recorded: Callback
    help: Callback
    quit: Callback
    review: Callback | None = None
    more_time: Callback | None = None
    parent_settings: Callback | None = None


def state_icon(state: TrayState) -> QIcon:
    return QIcon(str(icon_file(state.icon_name)))


def _add(menu: QMenu, text: str, callback: Callback | None, disabled_tip: str = "") -> QAction:
    action = menu.addAction(text)
    if callback is None:
        action.setEnabled(False)
        action.setToolTip(disabled_tip)
    else:
        action.triggered.connect(lambda _checked=False: callback())
    return action


def fill_menu(menu: QMenu, actions: MenuActions, words: Wording) -> None:
    """Today · This week · What is recorded · Ask for more time · Get help ·
    Parent settings… · Quit."""
    menu.clear()
    menu.setToolTipsVisible(True)  # the disabled entries explain themselves
    _add(menu, words("menu.today"), actions.today)
    _add(menu, words("menu.week"), actions.week)
    if actions.review is not None:
        _add(menu, words("menu.review"), actions.review)
    _add(menu, words("menu.what_is_recorded"), actions.what_is_recorded)
    menu.addSeparator()
    _add(menu, words("menu.more_time"), actions.more_time, words("menu.more_time_later"))
    _add(menu, words("menu.help"), actions.help)
    menu.addSeparator()
    _add(menu, words("menu.parent_settings"), actions.parent_settings,
         words("menu.parent_settings_later"))
    _add(menu, words("menu.quit"), actions.quit)


class TrayIcon(QObject):
    def __init__(self, words: Wording, actions: MenuActions,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.actions = actions
        self.look: TrayLook | None = None
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.rebuild_menu()  # some trays export the menu before it is ever opened
        self.icon = QSystemTrayIcon(self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)

    def rebuild_menu(self) -> None:
        fill_menu(self.menu, self.actions, self.words)

    def show_look(self, look: TrayLook) -> None:
        if look == self.look:
            return
        self.look = look
        self.icon.setIcon(state_icon(look.state))
        self.icon.setToolTip(look.tooltip)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.actions.today()


def menu_texts(menu: QMenu | QWidget) -> list[tuple[str, bool, str]]:
    """(text, enabled, tooltip) of each entry, separators left out (tests read this)."""
    return [(a.text(), a.isEnabled(), a.toolTip()) for a in menu.actions()
            if not a.isSeparator()]
