"""What the parent windows need from familywatch.monitor.parent.ParentControls.

Written as a Protocol so the UI only depends on the methods it calls. "Ask for more
time" and the inbox use optional methods (ask / pending_requests / grant / decline)
that ParentControls may not have yet: `optional()` finds them when they exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, Protocol

from familywatch.core.catalogue import CatalogueEntry
from familywatch.core.model import Category
from familywatch.core.ports import TimeRequest
from familywatch.core.rules import DayException, Rules
from familywatch.monitor.family_catalogue import FamilyList
from familywatch.monitor.parent_settings import ParentSettings


class ControlsLike(Protocol):
    tz: tzinfo

    def settings(self) -> ParentSettings: ...

    def ready(self) -> None: ...

    def unlock(self, pin: str, purpose: str) -> None: ...

    def set_pin(self, new: str) -> None: ...

    def change_pin(self, old: str, new: str) -> None: ...

    def import_schedule(self, text: str, source: str, pin: str) -> Rules: ...

    def allow(self, pin: str, *, minutes: int = 0, until: int | None = None,
              reason: str = "") -> DayException: ...

    def pause(self, pin: str, minutes: int | None) -> datetime | None: ...

    def resume(self, pin: str) -> None: ...

    def set_retention(self, pin: str, days: int) -> int: ...

    def delete_records(self, pin: str, older_than_days: int) -> dict[str, int]: ...


def optional(controls: object, name: str) -> Callable[..., Any] | None:
    """A method ParentControls may grow later (ask, grant, decline, pending_requests)."""
    method = getattr(controls, name, None)
    return method if callable(method) else None


def pending_requests(controls: object) -> list[TimeRequest]:
    """Open "more time" requests: ParentControls.pending_requests(), else the store's."""
    method = optional(controls, "pending_requests")
    if method is None:
        store = getattr(controls, "store", None)
        method = getattr(store, "open_requests", None)
    if method is None:
        return []
    # ParentControls lists AskedTime (the request, who asked, what was granted).
    return [getattr(item, "request", item) for item in method()]


def pin_is_set(controls: object | None) -> bool:
    """True when a parent PIN exists (False too when the keyring can't be read)."""
    vault = getattr(controls, "vault", None)
    if vault is None:
        return False
    try:
        return bool(vault.is_set())
    except Exception:  # KeyringUnavailable: the PIN dialog explains it when asked
        return False


class FamilyAppsLike(Protocol):
    """familywatch.monitor.family_catalogue.FamilyCatalogue, as the settings use it."""

    os_name: str

    def read(self) -> FamilyList: ...

    def add(self, pin: str, name: str, category: Category,
            processes: Mapping[str, Sequence[str]]) -> CatalogueEntry: ...

    def remove(self, pin: str, app_id: str) -> None: ...

    # A built-in app: change it, put it back as built in, or approve a hand-written change.
    last_change: str

    def replace(self, pin: str, app_id: str, *, name: str | None = None,
                category: Category | None = None,
                processes: Mapping[str, Sequence[str]] | None = None) -> CatalogueEntry: ...

    def restore(self, pin: str, app_id: str) -> None: ...

    def approve(self, pin: str, app_id: str) -> CatalogueEntry: ...
