"""What the family's app list holds, as the commands and the App list tab show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from familywatch.core.catalogue import CatalogueEntry
from familywatch.core.catalogue_guard import Refusal, canonical
from familywatch.monitor.parent import Refused


class BadEntry(Refused):
    """Refused because of what was typed; `field` is "name" or "processes"."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


class ApprovalKeys(Protocol):
    """security.approval_key.ApprovalKey: read the key, or replace it with a new one."""

    def read(self) -> bytes | None: ...

    def renew(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class FamilyList:
    """What the family's file holds now, what is wrong in it (file and line named), and
    which of its entries are ignored because they change a built-in app unapproved."""

    entries: tuple[CatalogueEntry, ...]
    problems: tuple[str, ...]
    built_in_ids: frozenset[str]
    refusals: tuple[Refusal, ...] = ()
    built_ins: tuple[CatalogueEntry, ...] = ()

    def replaces_built_in(self, entry: CatalogueEntry) -> bool:
        return entry.app_id in self.built_in_ids

    def refusal(self, entry: CatalogueEntry) -> Refusal | None:
        return next((r for r in self.refusals if r.entry == entry), None)

    def same_as_built_in(self, entry: CatalogueEntry) -> bool:
        built = self.built_in(entry.app_id)
        return built is not None and canonical(built) == canonical(entry)

    def built_in(self, app_id: str) -> CatalogueEntry | None:
        return next((e for e in self.built_ins if e.app_id == app_id), None)

    def current(self, app_id: str) -> CatalogueEntry | None:
        """What a built-in id stands for now: the family's approved entry for it (a
        removal too), else the built-in entry."""
        approved = next((e for e in self.entries if e.app_id == app_id
                         and self.refusal(e) is None), None)
        return approved or self.built_in(app_id)

    def in_force(self) -> list[CatalogueEntry]:
        """The apps matched now that are built-in ones, as they stand now."""
        now = (self.current(entry.app_id) for entry in self.built_ins)
        return [entry for entry in now if entry is not None and not entry.removed]
