"""The family's own app list (catalogue.toml in the data folder), changed behind the PIN.

Each change is written to the file atomically and then to the audit log the child
reads; if the audit log can't be written, the file is put back, so the two never
disagree. The running monitor notices the changed file within one app poll
(probes/catalogue_files.CatalogueFiles) and names the new app from then on.

A built-in app can be changed (other process names, another name or kind), removed
(no longer recorded) or put back as built in only here: each such change carries the
parent's approval (core/catalogue_guard.py), made with a new key each time
(monitor/built_in_changes.py). The same entry written by hand is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from familywatch.atomic_file import write_atomically
from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from familywatch.core.catalogue_guard import taken_name
from familywatch.core.catalogue_text import CatalogueEditError, with_entry, without_entry
from familywatch.core.model import Category
from familywatch.core.ports import AuditAction
from familywatch.input_file import InputFileError, read_text
from familywatch.monitor.built_in_changes import BuiltInChanges
from familywatch.monitor.family_list import ApprovalKeys, BadEntry, FamilyList
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.probes.base import current_os
from familywatch.probes.catalogue_files import read_catalogue
from familywatch.security.approval_key import ApprovalKey
from familywatch.security.keyring_slot import KeyringUnavailable
from familywatch.store.errors import StoreError

__all__ = ["BadEntry", "FamilyCatalogue", "FamilyList"]


class FamilyCatalogue(BuiltInChanges):
    def __init__(self, path: Path, built_in: Path, controls: ParentControls,
                 os_name: str | None = None, keys: ApprovalKeys | None = None) -> None:
        self.path = path
        self.built_in = built_in
        self.controls = controls
        self.os_name = os_name or current_os()  # process names typed in are for this system
        self.keys: ApprovalKeys = keys or ApprovalKey()

    # -- read by anyone --------------------------------------------------------------
    def read(self) -> FamilyList:
        loaded = read_catalogue((self.built_in, self.path), self.approval_key)
        return FamilyList(loaded.family, loaded.errors,
                          frozenset(entry.app_id for entry in loaded.built_in),
                          loaded.refusals, loaded.built_in)

    def merged(self) -> Catalogue:
        return read_catalogue((self.built_in, self.path), self.approval_key).catalogue

    def approval_key(self) -> bytes | None:
        try:
            return self.keys.read()
        except KeyringUnavailable:  # no keyring, so no PIN either: nothing is approved
            return None

    # -- behind the PIN -----------------------------------------------------------------
    def add(self, pin: str, name: str, category: Category,
            processes: Mapping[str, Sequence[str]]) -> CatalogueEntry:
        """Add an app; Refused (nothing changed) for bad input, a wrong PIN or a disk error."""
        before = self._text()
        try:
            after, entry = with_entry(before, str(self.path), name, category, processes)
        except CatalogueEditError as error:
            raise BadEntry(str(error), error.field) from None
        listed = self.read()
        built = listed.built_in(entry.app_id)
        if built is not None:
            raise BadEntry(f"{built.name} is a built-in app already; to change it, change "
                           f"the built-in entry ('familywatch apps replace {built.app_id}')",
                           "name")
        self.check_names(entry, listed.in_force())
        self.controls.unlock(pin, "app list")
        self._commit(before, after, {
            "added": entry.app_id, "name": entry.name, "category": entry.category.value,
            "processes": {os_name: list(names) for os_name, names in entry.processes.items()
                          if names}})
        return entry

    def remove(self, pin: str, app_id: str) -> None:
        """Remove an app the family added; for a built-in app: stop recording it."""
        if app_id in self.read().built_in_ids:
            self.remove_built_in(pin, app_id)
            return
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
    @staticmethod
    def check_names(entry: CatalogueEntry, owners: Sequence[CatalogueEntry]) -> None:
        """BadEntry when `entry` would take a process name one of `owners` has."""
        clash = taken_name(entry, owners)
        if clash is None:
            return
        name, _os_name, owner = clash
        raise BadEntry(f"the process name '{name}' is {owner.name}'s, a built-in app; to give "
                       f"it to another app, change {owner.name} first ('familywatch apps "
                       f"replace {owner.app_id}')", "processes")

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
