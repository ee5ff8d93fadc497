"""The family's app list: apps FamilyWatch doesn't know yet, and changes to its own.

Every change goes through FamilyCatalogue (PIN checked again, audited); the running
monitor uses it within one app poll. Mistakes in the family's file (made by hand) are
listed with file and line, and the good entries still show. A change to a built-in app
written by hand is listed as ignored, with the PIN way to make it count: select it,
"Approve this change…".
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

from familywatch.core.catalogue import CatalogueEntry
from familywatch.core.catalogue_text import process_names
from familywatch.core.model import Category
from familywatch.monitor.family_catalogue import FamilyList
from familywatch.monitor.parent import Refused
from familywatch.ui.parent.controls import FamilyAppsLike
from familywatch.ui.parent.day_hours import error_label
from familywatch.ui.parent.pin_dialog import ERROR_STYLE, sentence
from familywatch.ui.widgets import footnote, paragraph
from familywatch.ui.wording import Wording

PROBLEMS = (Refused, ValueError)
USER_ROLE = 256  # Qt.UserRole: the entry's id


class FamilyAppsPanel(QWidget):
    def __init__(self, family: FamilyAppsLike, pin: Callable[[], str], words: Wording,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family = family
        self.pin = pin
        self.words = words
        self.listed: FamilyList | None = None
        self.table = QTreeWidget()
        self.table.setHeaderLabels([words("family_apps.name"), words("family_apps.kind"),
                                    words("family_apps.processes"), words("family_apps.what")])
        self.table.setRootIsDecorated(False)
        for column, width in enumerate((160, 150, 170)):
            self.table.setColumnWidth(column, width)
        self.problems = error_label()
        self.refused_hint = footnote(words("family_apps.refused_hint"))
        self.which = QComboBox()  # a new app, or one of FamilyWatch's own to change
        self.which.currentIndexChanged.connect(self._which_changed)
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
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_recording)
        self.remove_button = QPushButton(words("family_apps.remove"))
        self.remove_button.clicked.connect(self.remove)
        self.approve_button = QPushButton(words("family_apps.approve"))
        self.approve_button.clicked.connect(self.approve)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.result = paragraph()
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        words = self.words
        form = QFormLayout()
        form.addRow(words("family_apps.which"), self.which)
        form.addRow(words("family_apps.name"), self.name)
        form.addRow("", self.field_errors["name"])
        form.addRow(words("family_apps.kind"), self.kind)
        form.addRow(words("family_apps.processes"), self.processes)
        form.addRow("", self.field_errors["processes"])
        selected = QHBoxLayout()
        selected.addWidget(self.remove_button)
        selected.addWidget(self.approve_button)
        selected.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words("family_apps.intro")))
        layout.addWidget(self.table, 1)
        layout.addLayout(selected)
        layout.addWidget(self.problems)
        layout.addWidget(self.refused_hint)
        layout.addLayout(form)
        layout.addWidget(footnote(words("family_apps.process_help")))
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    # -- what is shown --------------------------------------------------------------------
    def reload(self) -> None:
        self.table.clear()
        try:
            self.listed = found = self.family.read()
        except PROBLEMS as error:
            self.problems.setText(sentence(str(error)))
            return
        for entry in found.entries:
            names = "; ".join(", ".join(n) for n in entry.processes.values() if n)
            kind = "" if entry.removed else self.words(f"app_hours.category.{entry.category.value}")
            item = QTreeWidgetItem([entry.name, kind, names, self._what(entry, found)])
            item.setData(0, USER_ROLE, entry.app_id)
            self.table.addTopLevelItem(item)
        if not found.entries:
            self.table.addTopLevelItem(QTreeWidgetItem([self.words("family_apps.none")]))
        self.problems.setText("\n".join(found.problems))
        self.refused_hint.setVisible(any(found.built_in(r.entry.app_id) for r in found.refusals))
        chosen = self.which.currentData()
        self.which.blockSignals(True)
        self.which.clear()
        self.which.addItem(self.words("family_apps.new_app"), None)
        for built in sorted(found.built_ins, key=lambda e: e.name.casefold()):
            self.which.addItem(built.name, built.app_id)
        self.which.setCurrentIndex(max(self.which.findData(chosen), 0))
        self.which.blockSignals(False)
        self._which_changed()
        self._selection_changed()

    def _what(self, entry: CatalogueEntry, found: FamilyList) -> str:
        if found.refusal(entry) is not None:
            return self.words("family_apps.ignored")
        if not found.replaces_built_in(entry):
            return self.words("family_apps.added_here")
        if found.same_as_built_in(entry):
            return self.words("family_apps.same_as_built_in")
        return self.words("family_apps.stops_built_in" if entry.removed
                          else "family_apps.changes_built_in")

    def chosen_built_in(self) -> CatalogueEntry | None:
        app_id = self.which.currentData()
        return self.listed.built_in(app_id) if self.listed and isinstance(app_id, str) else None

    def _which_changed(self) -> None:
        built = self.chosen_built_in()
        self.stop_button.setVisible(built is not None)
        if built is None or self.listed is None:
            self.add_button.setText(self.words("family_apps.add"))
            return
        now = self.listed.current(built.app_id)
        shown = built if now is None or now.removed else now
        self.name.setText(shown.name)
        self.kind.setCurrentIndex(list(Category).index(shown.category))
        self.processes.setText(", ".join(shown.processes.get(self.family.os_name, ())))
        self.add_button.setText(self.words("family_apps.change", name=built.name))
        self.stop_button.setText(self.words("family_apps.stop", name=built.name))
        self.stop_button.setEnabled(now is not None and not now.removed)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        value = items[0].data(0, USER_ROLE) if items else None
        return value if isinstance(value, str) else None

    def _selected(self) -> CatalogueEntry | None:
        app_id = self.selected_id()
        entries = self.listed.entries if self.listed is not None else ()
        return next((e for e in entries if e.app_id == app_id), None)

    def _selection_changed(self) -> None:
        entry, found = self._selected(), self.listed
        built_in = entry is not None and found is not None and found.replaces_built_in(entry)
        self.remove_button.setEnabled(entry is not None)
        self.remove_button.setText(self.words("family_apps.restore" if built_in
                                              else "family_apps.remove"))
        self.approve_button.setEnabled(built_in and found is not None and entry is not None
                                       and found.refusal(entry) is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setText(text)

    # -- changes (each asks for the PIN) --------------------------------------------------
    def add(self) -> bool:
        names = process_names(self.processes.text())
        built = self.chosen_built_in()
        for label in self.field_errors.values():
            label.clear()
        try:
            if built is None:
                entry = self.family.add(self.pin(), self.name.text(),
                                        Category(self.kind.currentData()),
                                        {self.family.os_name: names})
            else:
                self.family.replace(self.pin(), built.app_id, name=self.name.text(),
                                    category=Category(self.kind.currentData()),
                                    processes={self.family.os_name: names})
        except PROBLEMS as error:
            field = getattr(error, "field", None)
            if field in self.field_errors:  # next to what was typed wrong
                self.field_errors[field].setText(sentence(str(error)))
            key = "family_apps.not_added" if built is None else "family_apps.not_changed"
            self._say(self.words(key, why=sentence(str(error))), error=True)
            return False
        self.name.clear()
        self.processes.clear()
        self._say(self.words("family_apps.added", name=entry.name) if built is None
                  else self.words("family_apps.changed", change=self.family.last_change))
        self.reload()
        return True

    def _built_in_change(self, change: Callable[[str], object]) -> bool:
        try:
            change(self.pin())
        except PROBLEMS as error:
            self._say(self.words("family_apps.not_changed", why=sentence(str(error))),
                      error=True)
            return False
        self._say(self.words("family_apps.changed", change=self.family.last_change))
        self.reload()
        return True

    def stop_recording(self) -> bool:
        built = self.chosen_built_in()
        return built is not None and self._built_in_change(
            lambda pin: self.family.remove(pin, built.app_id))

    def approve(self) -> bool:
        entry = self._selected()
        return entry is not None and self._built_in_change(
            lambda pin: self.family.approve(pin, entry.app_id))

    def remove(self) -> bool:
        entry = self._selected()
        if entry is None:
            return False
        if self.listed is not None and self.listed.replaces_built_in(entry):
            return self._built_in_change(lambda pin: self.family.restore(pin, entry.app_id))
        try:
            self.family.remove(self.pin(), entry.app_id)
        except PROBLEMS as error:
            self._say(sentence(str(error)), error=True)
            return False
        self._say(self.words("family_apps.removed"))
        self.reload()
        return True
