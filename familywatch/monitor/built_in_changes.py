"""Changing a built-in app's entry behind the PIN: replace it, remove it (stop recording
it), put it back as built in, or approve the family's hand-written entry for it.

Each change renews the approval key in the keyring first, then writes the family's
file with the approvals still in force made again with the new key (so a copy of any
older approval stops counting), then writes the audit entry whose words tell the child
what changed. No audit, no change: the file is put back (with the new key's approvals).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from familywatch.core.catalogue import OS_NAMES, CatalogueEntry, parse_catalogue
from familywatch.core.catalogue_guard import approval_for, is_approved, taken_name
from familywatch.core.catalogue_text import (
    MAX_NAME_LENGTH,
    CatalogueEditError,
    block_for,
    with_approvals,
    with_only,
)
from familywatch.core.model import Category
from familywatch.core.ports import AuditAction
from familywatch.monitor.catalogue_words import catalogue_change_words
from familywatch.monitor.family_list import ApprovalKeys, BadEntry, FamilyList
from familywatch.monitor.parent import ParentControls, Refused
from familywatch.security.keyring_slot import KeyringUnavailable
from familywatch.store.errors import StoreError

_PLACEHOLDER = "0" * 64  # stands in for the approval when checking a change before the PIN


def side(entry: CatalogueEntry | None) -> dict[str, object]:
    """An entry as the audit detail keeps it (`before` / `after`)."""
    if entry is None or entry.removed:
        return {"removed": True}
    return {"name": entry.name, "category": entry.category.value,
            "processes": {os_name: list(names) for os_name, names in entry.processes.items()
                          if names}}


def _changed(base: CatalogueEntry, source: str, name: str | None, category: Category | None,
             processes: Mapping[str, Sequence[str]] | None) -> CatalogueEntry:
    new_name = " ".join((base.name if name is None else name).split())
    if not new_name:
        raise BadEntry("the app needs a name", "name")
    if len(new_name) > MAX_NAME_LENGTH:
        raise BadEntry(f"keep the name under {MAX_NAME_LENGTH} characters", "name")
    by_os = {os_name: tuple(base.processes.get(os_name, ())) for os_name in OS_NAMES}
    for os_name, names in (processes or {}).items():
        if os_name not in OS_NAMES:
            raise BadEntry(f"unknown system {os_name!r} (use {', '.join(OS_NAMES)})", "processes")
        by_os[os_name] = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not any(by_os.values()):
        raise BadEntry(f"give at least one process name (to stop recording {base.name}, "
                       "remove it instead)", "processes")
    return CatalogueEntry(base.app_id, new_name, category or base.category,
                          MappingProxyType(by_os), source)


class BuiltInChanges:
    """The built-in half of FamilyCatalogue (monitor/family_catalogue.py)."""

    path: Path
    controls: ParentControls
    keys: ApprovalKeys
    last_change = ""  # the audit's words for the last change made here

    def read(self) -> FamilyList:
        raise NotImplementedError

    def approval_key(self) -> bytes | None:
        raise NotImplementedError

    def _text(self) -> str:
        raise NotImplementedError

    def _write(self, text: str) -> None:
        raise NotImplementedError

    # -- the four changes ---------------------------------------------------------------
    def replace(self, pin: str, app_id: str, *, name: str | None = None,
                category: Category | None = None,
                processes: Mapping[str, Sequence[str]] | None = None) -> CatalogueEntry:
        """Change a built-in app; what is not given stays as it stands now."""
        listed = self.read()
        original = self._original(listed, app_id)
        base = listed.current(app_id)
        base = original if base is None or base.removed else base
        entry = _changed(base, str(self.path), name, category, processes)
        if side(entry) == side(listed.current(app_id)):
            raise Refused(f"{original.name} already stands like that; nothing was changed")
        self._check_taken(entry, listed)
        self._change(pin, listed, app_id, entry, "replaced")
        return entry

    def remove_built_in(self, pin: str, app_id: str) -> None:
        listed = self.read()
        original = self._original(listed, app_id)
        current = listed.current(app_id)
        if current is not None and current.removed:
            raise Refused(f"{original.name} is not recorded already; nothing was changed")
        removal = CatalogueEntry(app_id, original.name, Category.OTHER,
                                 MappingProxyType({os_name: () for os_name in OS_NAMES}),
                                 str(self.path), removed=True)
        self._change(pin, listed, app_id, removal, "removed")

    def restore(self, pin: str, app_id: str) -> None:
        """Put a built-in app back as it is built in (the family's entries for it go)."""
        listed = self.read()
        original = self._original(listed, app_id)
        if not any(entry.app_id == app_id for entry in listed.entries):
            raise Refused(f"{original.name} is as built in already; nothing was changed")
        self._change(pin, listed, app_id, None, "restored")

    def approve(self, pin: str, app_id: str) -> CatalogueEntry:
        """Make the family's hand-written entry for a built-in app count, as written."""
        listed = self.read()
        entry = next((e for e in listed.entries if e.app_id == app_id), None)
        if entry is None:
            raise Refused(f"there is no '{app_id}' in the family's list")
        refusal = listed.refusal(entry)
        if listed.built_in(app_id) is None:
            if refusal is None:
                raise Refused(f"{entry.name} is one of the family's own apps: it needs no "
                              "approval")
            owner = refusal.built_in
            raise Refused(f"{entry.name} takes a process name from {owner.name}, a built-in "
                          f"app: change {owner.name} instead ('familywatch apps replace "
                          f"{owner.app_id} --process NAME')")
        if refusal is None:
            raise Refused(f"this change to {entry.name} counts already; nothing was changed")
        if entry.removed:
            self.remove_built_in(pin, app_id)
            return entry
        fresh = CatalogueEntry(app_id, entry.name, entry.category, entry.processes,
                               str(self.path))
        self._check_taken(fresh, listed)
        self._change(pin, listed, app_id, fresh, "replaced")
        return fresh

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _original(listed: FamilyList, app_id: str) -> CatalogueEntry:
        original = listed.built_in(app_id)
        if original is None:
            raise Refused(f"'{app_id}' is not one of FamilyWatch's built-in apps "
                          "('familywatch apps' lists the family's own)")
        return original

    @staticmethod
    def _check_taken(entry: CatalogueEntry, listed: FamilyList) -> None:
        own = [e for e in listed.entries
               if e.app_id not in listed.built_in_ids and listed.refusal(e) is None]
        clash = taken_name(entry, [*listed.in_force(), *own])
        if clash is None:
            return
        name, _os_name, owner = clash
        whose = ("a built-in app" if owner.app_id in listed.built_in_ids
                 else "in the family's list")
        raise BadEntry(f"the process name '{name}' is {owner.name}'s, {whose}; change or "
                       f"remove {owner.name} first", "processes")

    def _resigned(self, text: str, built_in_ids: frozenset[str], old: bytes | None,
                  new: bytes) -> str:
        """`text` with every approval that counts under `old` made again with `new`."""
        entries = parse_catalogue(text, str(self.path))[0] if text.strip() else []
        return with_approvals(text, {e.line: approval_for(e, new) for e in entries
                                     if e.line and e.app_id in built_in_ids
                                     and is_approved(e, old)})

    def _change(self, pin: str, listed: FamilyList, app_id: str,
                entry: CatalogueEntry | None, change: str) -> None:
        original = self._original(listed, app_id)
        detail: dict[str, object] = {"built_in": app_id, "change": change,
                                     "name": original.name,
                                     "before": side(listed.current(app_id))}
        if entry is not None and not entry.removed:
            detail["after"] = side(entry)
        before, source = self._text(), str(self.path)
        try:  # a file this can't be written into is refused before the PIN is used
            with_only(before, source, app_id, block_for(entry, _PLACEHOLDER) if entry else "")
        except CatalogueEditError as error:
            raise Refused(str(error)) from None
        self.controls.unlock(pin, "app list")
        old = self.approval_key()
        try:
            new = self.keys.renew()
        except KeyringUnavailable as error:
            raise Refused(f"{error}; nothing was changed") from None
        kept = self._resigned(before, listed.built_in_ids, old, new)
        after = with_only(kept, source, app_id,
                          block_for(entry, approval_for(entry, new)) if entry else "")
        try:
            self._write(after)
        except Refused:
            with contextlib.suppress(Refused):
                self._write(kept)  # what counted before, approved with the new key
            raise
        try:
            self.controls.record(AuditAction.CATALOGUE_CHANGED, detail)
        except StoreError as error:
            self._write(kept)  # the child must see every change: no audit, no change
            raise Refused(f"{error}; the app list was left as it was") from None
        self.last_change = catalogue_change_words(detail)
