"""The family's own app list (catalogue.toml in the data folder), changed behind the PIN.

Each change is written to the file atomically and then to the audit log the child
reads; if the audit log can't be written, the file is put back, so the two never
disagree. The running monitor notices the changed file within one app poll
(probes/catalogue_files.CatalogueFiles) and names the new app from then on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from familywatch.atomic_file import write_atomically
from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from familywatch.core.catalogue_text import CatalogueEditError, with_entry, without_entry
from familywatch.core.model import Category
from familywatch.core.ports import AuditAction
from familywatch.input_file import InputFileError, read_text
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.probes.base import current_os
from familywatch.probes.catalogue_files import load_catalogue
from familywatch.store.errors import StoreError


class BadEntry(Refused):
    """Refused because of what was typed; `field` is "name" or "processes"."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class FamilyList:
    """What the family's file holds now, and what is wrong in it (file and line named)."""

    entries: tuple[CatalogueEntry, ...]
    problems: tuple[str, ...]
    built_in_ids: frozenset[str]

    def replaces_built_in(self, entry: CatalogueEntry) -> bool:
        return entry.app_id in self.built_in_ids


class FamilyCatalogue:
    def __init__(self, path: Path, built_in: Path, controls: ParentControls,
                 os_name: str | None = None) -> None:
        self.path = path
        self.built_in = built_in
        self.controls = controls
        self.os_name = os_name or current_os()  # process names typed in are for this system

    # -- read by anyone --------------------------------------------------------------
    def read(self) -> FamilyList:
        text = self._text()
        entries, problems = parse_catalogue(text, str(self.path)) if text else ([], [])
        built_in, _ = load_catalogue((self.built_in,))
        return FamilyList(tuple(entries), tuple(problems),
                          frozenset(entry.app_id for entry in built_in.entries))

    def merged(self) -> Catalogue:
        return load_catalogue((self.built_in, self.path))[0]

    # -- behind the PIN -----------------------------------------------------------------
    def add(self, pin: str, name: str, category: Category,
            processes: Mapping[str, Sequence[str]]) -> CatalogueEntry:
        """Add an app; Refused (nothing changed) for bad input, a wrong PIN or a disk error."""
        before = self._text()
        try:
            after, entry = with_entry(before, str(self.path), name, category, processes)
        except CatalogueEditError as error:
            raise BadEntry(str(error), error.field) from None
        self.controls.unlock(pin, "app list")
        self._commit(before, after, {
            "added": entry.app_id, "name": entry.name, "category": entry.category.value,
            "processes": {os_name: list(names) for os_name, names in entry.processes.items()
                          if names}})
        return entry

    def remove(self, pin: str, app_id: str) -> None:
        before = self._text()
        try:
            after = without_entry(before, str(self.path), app_id)
        except CatalogueEditError as error:
            raise Refused(str(error)) from None
        name = next((e.name for e in parse_catalogue(before, str(self.path))[0]
                     if e.app_id == app_id), app_id)
        self.controls.unlock(pin, "app list")
        self._commit(before, after, {"removed": app_id, "name": name})

    # -- helpers ------------------------------------------------------------------------
    def _text(self) -> str:
        try:
            return read_text(self.path)
        except InputFileError as error:
            if error.missing:
                return ""
            raise Refused(f"{error}; nothing was changed") from None

    def _write(self, text: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text)
        except OSError as error:
            raise Refused(f"{self.path} can't be written ({error.strerror or error}); "
                          "nothing was changed") from None

    def _commit(self, before: str, after: str, detail: dict[str, object]) -> None:
        self._write(after)
        try:
            self.controls.record(AuditAction.CATALOGUE_CHANGED, detail)
        except StoreError as error:
            self._write(before)  # the child must see every change: no audit, no change
            raise Refused(f"{error}; the app list was left as it was") from None
