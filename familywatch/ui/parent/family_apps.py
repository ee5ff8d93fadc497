"""The family's own additions to the app list: apps FamilyWatch doesn't know yet.

Adding or removing goes through FamilyCatalogue (PIN checked again, audited); the
running monitor names the new app within one app poll. Mistakes in the family's file
(made by hand) are listed with file and line, and the good entries still show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from familywatch.core.catalogue_text import process_names
from familywatch.core.model import Category
from familywatch.monitor.parent import Refused
from familywatch.ui.parent.controls import FamilyAppsLike
from familywatch.ui.parent.day_hours import error_label
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.widgets import footnote, paragraph
from familywatch.ui.wording import Wording

PROBLEMS = (Refused, ValueError)


class FamilyAppsPanel(QWidget):
    def __init__(self, family: FamilyAppsLike, pin: Callable[[], str], words: Wording,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family = family
        self.pin = pin
        self.words = words
        self.table = QTreeWidget()
        self.table.setHeaderLabels([words("family_apps.name"), words("family_apps.kind"),
                                    words("family_apps.processes")])
        self.table.setRootIsDecorated(False)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 170)
        self.problems = error_label()
        self.name = QLineEdit()
        self.name.setPlaceholderText(words("family_apps.name_example"))
        self.kind = QComboBox()
        for category in Category:
            self.kind.addItem(words(f"app_hours.category.{category.value}"), category.value)
        self.processes = QLineEdit()
        self.processes.setPlaceholderText(words("family_apps.processes_example"))
        self.field_errors = {"name": error_label(), "processes": error_label()}
        self.add_button = QPushButton(words("family_apps.add"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(words("family_apps.remove"))
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.result = paragraph()
        form = QFormLayout()
        form.addRow(words("family_apps.name"), self.name)
        form.addRow("", self.field_errors["name"])
        form.addRow(words("family_apps.kind"), self.kind)
        form.addRow(words("family_apps.processes"), self.processes)
        form.addRow("", self.field_errors["processes"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("family_apps.intro")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        layout.addWidget(footnote(words("family_apps.process_help")))
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.reload()

    def reload(self) -> None:
        self.table.clear()
        try:
            found = self.family.read()
        except PROBLEMS as error:
            self.problems.setText(sentence(str(error)))
            return
        for entry in found.entries:
            names = "; ".join(", ".join(n) for n in entry.processes.values() if n)
            kind = self.words(f"app_hours.category.{entry.category.value}")
            item = QTreeWidgetItem([entry.name, kind, names])
            item.setData(0, 256, entry.app_id)  # Qt.UserRole
            if found.replaces_built_in(entry):
                item.setToolTip(0, self.words("family_apps.replaces_built_in"))
            self.table.addTopLevelItem(item)
        if not found.entries:
            self.table.addTopLevelItem(QTreeWidgetItem([self.words("family_apps.none")]))
        self.problems.setText("\n".join(found.problems))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_id() is not None)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        value = items[0].data(0, 256) if items else None
        return value if isinstance(value, str) else None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setText(text)

    def add(self) -> bool:
        names = process_names(self.processes.text())
        for label in self.field_errors.values():
            label.clear()
        try:
            entry = self.family.add(self.pin(), self.name.text(),
                                    Category(self.kind.currentData()), {self.family.os_name: names})
        except PROBLEMS as error:
            field = getattr(error, "field", None)
            if field in self.field_errors:  # next to what was typed wrong
                self.field_errors[field].setText(sentence(str(error)))
            self._say(self.words("family_apps.not_added", why=sentence(str(error))), error=True)
            return False
        self.name.clear()
        self.processes.clear()
        self._say(self.words("family_apps.added", name=entry.name))
        self.reload()
        return True

    def remove(self) -> bool:
        app_id = self.selected_id()
        if app_id is None:
            return False
        try:
            self.family.remove(self.pin(), app_id)
        except PROBLEMS as error:
            self._say(sentence(str(error)), error=True)
            return False
        self._say(self.words("family_apps.removed"))
        self.reload()
        return True
