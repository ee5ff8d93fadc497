"""What a change to the app list means, in the words a child reads (audit, reports, Today).

A change to a built-in app's entry is the one a child most needs to understand: it
decides what FamilyWatch calls an app, and whether it records it at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from familywatch.core.catalogue import OS_NAMES
from familywatch.core.model import Category


def _names(side: object) -> list[str]:
    processes = side.get("processes") if isinstance(side, dict) else None
    if not isinstance(processes, dict):
        return []
    lists = [processes.get(os_name) for os_name in OS_NAMES]  # one order, stored or not
    found = [str(n) for names in lists if isinstance(names, list) for n in names]
    return list(dict.fromkeys(found))


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _category_words(value: object) -> str:
    from familywatch.monitor.parent_settings import CATEGORY_WORDS  # it imports this module

    try:
        return CATEGORY_WORDS[Category(str(value))]
    except ValueError:
        return str(value)


def _replaced(name: str, before: object, after: object) -> str:
    was = before if isinstance(before, dict) else {}
    now = after if isinstance(after, dict) else {}
    parts = []
    if now.get("name") and now.get("name") != was.get("name"):
        parts.append(f"is now called {now['name']}")
    if now.get("category") and now.get("category") != was.get("category"):
        parts.append(f"now counts among {_category_words(now['category'])}")
    old, new = _names(was), _names(now)
    gained = [n for n in new if n not in old]
    lost = [n for n in old if n not in new]
    if gained:
        parts.append(f"is now also known as {_listed(gained)}")
    if lost:
        parts.append(f"is no longer known as {_listed(lost)}")
    if not parts:
        return f"{name}, a built-in app, was approved as it is"
    return f"{name}, a built-in app, {_listed(parts)}"


def built_in_change_words(detail: Mapping[str, object]) -> str | None:
    """'OBS Studio, a built-in app, is no longer recorded', or None when the change was
    not to a built-in app."""
    if not detail.get("built_in"):
        return None
    name = str(detail.get("name") or detail["built_in"])
    change = detail.get("change")
    if change == "removed":
        return f"{name}, a built-in app, is no longer recorded"
    if change == "restored":
        return f"{name}, a built-in app, is recorded as built in again"
    return _replaced(name, detail.get("before"), detail.get("after"))


def catalogue_change_words(detail: Mapping[str, object]) -> str:
    """The audit's words for any change to the app list."""
    built_in = built_in_change_words(detail)
    if built_in is not None:
        return built_in
    if detail.get("added"):
        return f"added {detail.get('name')} ({detail.get('category')}) to the app list"
    return f"removed {detail.get('name')} from the app list"
