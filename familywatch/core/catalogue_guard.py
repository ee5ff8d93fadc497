"""Which of the family's entries count: none may stop a built-in app from being recorded
under its own name unless a parent approved it with the PIN.

The family's catalogue.toml is plain text anyone at the computer can edit. A hand edit
may add apps; an entry that reuses a built-in app's id (replacing or removing it) counts
only with a parent's approval, and an entry that claims a process name a built-in app
has never counts (a parent changes that built-in app instead). The approval is an
HMAC-SHA256 over the entry's content with a key kept in the keyring, which the
PIN-guarded commands replace at every change to a built-in app: editing an approved
entry voids it, and an old copy of an approval never counts again. Pure: the key is
handed in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from familywatch.core.catalogue import OS_NAMES, CatalogueEntry, match_keys, name_keys

_CONTEXT = b"familywatch catalogue approval 1\n"
HOW_TO_APPROVE = "familywatch apps approve"
KeySource = Callable[[], bytes | None]  # None: no approval key (none given yet, no keyring)


def canonical(entry: CatalogueEntry) -> bytes:
    """What an approval covers: what the entry makes FamilyWatch match and show (not its
    note, not where it is in the file)."""
    content: dict[str, object] = {"id": entry.app_id, "removed": True} if entry.removed else {
        "id": entry.app_id, "name": entry.name, "category": entry.category.value,
        "processes": {os_name: list(entry.processes.get(os_name, ())) for os_name in OS_NAMES}}
    return _CONTEXT + json.dumps(content, sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")).encode()


def approval_for(entry: CatalogueEntry, key: bytes) -> str:
    return hmac.new(key, canonical(entry), hashlib.sha256).hexdigest()


def is_approved(entry: CatalogueEntry, key: bytes | None) -> bool:
    if key is None or not entry.approval:
        return False
    return hmac.compare_digest(entry.approval, approval_for(entry, key))


@dataclass(frozen=True, slots=True)
class Refusal:
    """A family entry that does not count, the built-in app it would have changed, and
    why, in words (file, line and entry named)."""

    entry: CatalogueEntry
    built_in: CatalogueEntry
    message: str


@dataclass(frozen=True, slots=True)
class Guarded:
    accepted: tuple[CatalogueEntry, ...]  # in file order
    refusals: tuple[Refusal, ...]


def _where(entry: CatalogueEntry) -> str:
    place = f"{entry.source} line {entry.line}" if entry.line else entry.source
    return f"{place}, entry '{entry.app_id}'"


def _unapproved(entry: CatalogueEntry, built_in: CatalogueEntry, why: str) -> str:
    change = (f"stops {built_in.name}, a built-in app, from being recorded" if entry.removed
              else f"changes {built_in.name}, a built-in app")
    return (f"{_where(entry)}: this {change}, {why}, so it is ignored and {built_in.name} is "
            f"still recorded as built in. A change to a built-in app needs the parent PIN: "
            f"'{HOW_TO_APPROVE} {entry.app_id}' (or Parent settings > App list) makes it "
            f"count, 'familywatch apps restore {entry.app_id}' removes it.")


def _why_not(entry: CatalogueEntry, key: bytes | None) -> str:
    if not entry.approval:
        return "but a parent has not approved it"
    if key is None:
        return "but its approval can't be checked (no approval key in the keyring)"
    return ("but it no longer matches the parent's approval (it was edited after that, or "
            "a later change to the app list replaced that approval)")


def _taken(entry: CatalogueEntry, name: str, os_name: str, owner: CatalogueEntry) -> str:
    return (f"{_where(entry)}: the process name '{name}' ({os_name}) is {owner.name}'s, a "
            f"built-in app; taking it from {owner.name} needs the parent PIN, so this entry "
            f"is ignored and {owner.name} is still recorded as built in. To change what "
            f"{owner.name} matches, a parent runs 'familywatch apps replace {owner.app_id} "
            f"--process NAME' (or uses Parent settings > App list).")


_Owners = dict[tuple[str, str], CatalogueEntry]  # (os, match key) -> the app it names


def _owners(entries: Iterable[CatalogueEntry]) -> _Owners:
    return {(os_name, key): entry for entry in entries if not entry.removed
            for os_name in OS_NAMES for key in match_keys(entry, os_name)}


def _first_taken(entry: CatalogueEntry, owners: _Owners
                 ) -> tuple[str, str, CatalogueEntry] | None:
    for os_name in OS_NAMES:
        for name in entry.processes.get(os_name, ()):
            for key in name_keys(name, os_name):
                owner = owners.get((os_name, key))
                if owner is not None and owner.app_id != entry.app_id:
                    return name, os_name, owner
    return None


def taken_name(entry: CatalogueEntry, owners: Iterable[CatalogueEntry]
               ) -> tuple[str, str, CatalogueEntry] | None:
    """(process name, os, owner): the first name of `entry` that one of `owners` (other
    apps) is matched by, else None."""
    return _first_taken(entry, _owners(o for o in owners if o.app_id != entry.app_id))


def guard(built_in: Sequence[CatalogueEntry], family: Sequence[CatalogueEntry],
          key: KeySource) -> Guarded:
    """The family entries that count, and a Refusal for each that would change what a
    built-in app matches without a parent's approval. `key` is asked for only when an
    entry that changes a built-in app carries an approval."""
    originals = {entry.app_id: entry for entry in built_in}
    in_force = dict(originals)  # what each built-in id stands for after approved changes
    refused: dict[int, Refusal] = {}
    fetched: list[bytes | None] = []

    def the_key() -> bytes | None:
        if not fetched:
            fetched.append(key())
        return fetched[0]

    for position, entry in enumerate(family):
        original = originals.get(entry.app_id)
        if original is None or canonical(entry) == canonical(original):
            continue  # a family app, or a copy of the built-in entry: nothing changes
        given = the_key() if entry.approval else None  # no keyring read for a plain edit
        if not is_approved(entry, given):
            refused[position] = Refusal(entry, original, _unapproved(
                entry, original, _why_not(entry, given)))
            continue
        clash = None if entry.removed else taken_name(entry, in_force.values())
        if clash is not None:
            refused[position] = Refusal(entry, clash[2], _taken(entry, *clash))
            continue
        if entry.removed:
            in_force.pop(entry.app_id, None)
        else:
            in_force[entry.app_id] = entry
    owners = _owners(in_force.values())
    for position, entry in enumerate(family):
        if position in refused or (entry.app_id in originals and entry.approval):
            continue  # approved changes were checked above
        clash = _first_taken(entry, owners)
        if clash is not None:
            refused[position] = Refusal(entry, clash[2], _taken(entry, *clash))
    return Guarded(tuple(e for n, e in enumerate(family) if n not in refused),
                   tuple(refused[n] for n in sorted(refused)))
