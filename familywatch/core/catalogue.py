"""The app catalogue: which processes are streaming, video-chat, virtual-camera or browser apps.

Pure: it parses TOML text handed to it and matches names; reading files is the probes'
job. Bad entries never stop the good ones from loading: each problem becomes a message
naming the file, the line and the entry, and the entry is skipped. Which of the family's
entries may change a built-in app is decided in core/catalogue_guard.py.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from familywatch.core import toml_text
from familywatch.core.model import AppInfo, Category

OS_NAMES = ("linux", "windows", "macos")

# Linux keeps only the first 15 bytes of a process name (the kernel's `comm`).
LINUX_COMM_LENGTH = 15

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_APP_HEADER = re.compile(r"^\s*\[\[\s*(app|\"app\"|'app')\s*\]\]")
_TOML_LINE = re.compile(r"at line (\d+)")
_ENTRY_KEYS = frozenset({"id", "name", "category", "processes", "note", "approval", "removed"})
_REMOVAL_KEYS = frozenset({"id", "name", "removed", "approval", "note"})
_CATEGORIES = ", ".join(c.value for c in Category)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    app_id: str
    name: str
    category: Category
    # os name -> process names; read-only, and left out of the hash (a mapping has none)
    processes: Mapping[str, tuple[str, ...]] = field(hash=False)
    source: str = ""  # the file it came from, for messages
    line: int = 0  # line of its [[app]] header, 0 if unknown
    # A parent's approval of a change to a built-in app (core/catalogue_guard.py), or "".
    approval: str = ""
    # `removed = true`: the app with this id is not named at all (a built-in one, removed
    # with the PIN); such an entry has no processes.
    removed: bool = False

    @property
    def info(self) -> AppInfo:
        return AppInfo(app_id=self.app_id, name=self.name, category=self.category)


class _EntryError(ValueError):
    pass


def _header_lines(text: str) -> list[int]:
    """1-based line numbers of the `[[app]]` headers, in order."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _APP_HEADER.match(line)]


def _names(value: object, os_name: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _EntryError(f"processes.{os_name} must be a list of process names")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _EntryError(f"processes.{os_name} must hold only non-empty strings, not {item!r}")
        names.append(item.strip())
    return tuple(names)


def _approval(raw: dict[str, Any]) -> str:
    approval = raw.get("approval", "")
    if not isinstance(approval, str):
        raise _EntryError("approval must be a string (a parent's approval, written by "
                          "'familywatch apps')")
    return approval.strip()


def _removal(raw: dict[str, Any], app_id: str, source: str, line: int) -> CatalogueEntry:
    if raw.get("removed") is not True:
        raise _EntryError("removed must be true, or left out")
    extra = sorted(set(raw) - _REMOVAL_KEYS)
    if extra:
        raise _EntryError(f"a removed app has only id, name and approval, not "
                          f"{', '.join(map(repr, extra))}")
    name = raw.get("name", app_id)
    if not isinstance(name, str) or not name.strip():
        raise _EntryError("name must be a non-empty string")
    return CatalogueEntry(app_id=app_id, name=name.strip(), category=Category.OTHER,
                          processes=MappingProxyType({os_name: () for os_name in OS_NAMES}),
                          source=source, line=line, approval=_approval(raw), removed=True)


def _entry(raw: object, source: str, line: int) -> CatalogueEntry:
    if not isinstance(raw, dict):
        raise _EntryError("an [[app]] entry must be a table")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise _EntryError(
            f"unknown key(s) {', '.join(map(repr, unknown))} "
            f"(expected {', '.join(sorted(_ENTRY_KEYS))})"
        )
    app_id = raw.get("id")
    if not isinstance(app_id, str) or not _ID_PATTERN.match(app_id):
        raise _EntryError(
            "missing or bad id: use lowercase letters, digits, '.', '_' or '-', e.g. 'obs-studio'"
        )
    if "removed" in raw:
        return _removal(raw, app_id, source, line)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _EntryError("missing name (the name people see, e.g. 'OBS Studio')")
    category = raw.get("category")
    if category is None:
        raise _EntryError(f"missing category (one of {_CATEGORIES})")
    try:
        parsed_category = Category(str(category)) if isinstance(category, str) else None
    except ValueError:
        parsed_category = None
    if parsed_category is None:
        raise _EntryError(f"unknown category {category!r} (expected one of {_CATEGORIES})")
    processes = raw.get("processes")
    if not isinstance(processes, dict):
        raise _EntryError("missing processes table (processes.linux / .windows / .macos)")
    bad_os = sorted(set(processes) - set(OS_NAMES))
    if bad_os:
        raise _EntryError(
            f"unknown operating system(s) {', '.join(map(repr, bad_os))} under processes "
            f"(expected {', '.join(OS_NAMES)})"
        )
    by_os = {os_name: _names(processes.get(os_name, []), os_name) for os_name in OS_NAMES}
    if not any(by_os.values()):
        raise _EntryError("no process names for any operating system")
    return CatalogueEntry(
        app_id=app_id,
        name=name.strip(),
        category=parsed_category,
        processes=MappingProxyType(by_os),
        source=source,
        line=line,
        approval=_approval(raw),
    )


def _where(source: str, line: int) -> str:
    return f"{source} line {line}" if line else source


def _label(raw: object, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"entry {raw['id']!r}"
    return f"entry #{index + 1}"


def parse_catalogue(text: str, source: str) -> tuple[list[CatalogueEntry], list[str]]:
    """Entries that are valid, and one message per problem (file, line and entry named)."""
    try:
        document: dict[str, Any] = toml_text.loads(text)
    except toml_text.TooDeep as exc:
        return [], [f"{_where(source, exc.line)}: not valid TOML, nothing loaded from it: {exc}"]
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else 0
        return [], [f"{_where(source, line)}: not valid TOML, nothing loaded from it: {exc}"]

    errors: list[str] = []
    extra = sorted(set(document) - {"app"})
    if extra:
        errors.append(
            f"{source}: unknown top-level key(s) {', '.join(map(repr, extra))} ignored "
            "(apps go in [[app]] tables)"
        )
    raw_apps = document.get("app", [])
    if not isinstance(raw_apps, list):
        errors.append(f"{source}: 'app' must be written as [[app]] tables; nothing loaded")
        return [], errors

    headers = _header_lines(text)
    if len(headers) != len(raw_apps):
        headers = [0] * len(raw_apps)  # written some other way: say "entry #n" without lines
    entries: list[CatalogueEntry] = []
    first_line: dict[str, int] = {}
    for index, (raw, line) in enumerate(zip(raw_apps, headers, strict=True)):
        try:
            entry = _entry(raw, source, line)
        except _EntryError as exc:
            errors.append(f"{_where(source, line)}, {_label(raw, index)}: {exc}")
            continue
        if entry.app_id in first_line:
            errors.append(
                f"{_where(source, line)}, entry {entry.app_id!r}: duplicate id "
                f"(already defined at line {first_line[entry.app_id]}); this one is ignored"
            )
            continue
        first_line[entry.app_id] = line
        entries.append(entry)
    return entries, errors


def _basename(path: str) -> str:
    """Last component of a POSIX or Windows path."""
    return re.split(r"[\\/]", path)[-1]


def _key(name: str, os_name: str) -> str:
    key = name.strip().casefold()
    if os_name == "windows" and key.endswith(".exe"):
        key = key[: -len(".exe")]
    return key


def _truncated_name(name: str) -> str | None:
    """The 15-byte form Linux keeps of a longer process name, else None."""
    if len(name.encode()) <= LINUX_COMM_LENGTH:
        return None
    return name.encode()[:LINUX_COMM_LENGTH].decode(errors="ignore")


def name_keys(name: str, os_name: str) -> frozenset[str]:
    """The keys a process name is looked up under on `os_name` (with its truncated
    Linux form): two entries sharing one compete for the same processes."""
    short = _truncated_name(name) if os_name == "linux" else None
    return frozenset({_key(name, os_name), *([_key(short, os_name)] if short else [])})


def match_keys(entry: CatalogueEntry, os_name: str) -> frozenset[str]:
    return frozenset().union(*(name_keys(n, os_name) for n in entry.processes.get(os_name, ())))


class Catalogue:
    """The merged catalogue: a later entry with the same id replaces an earlier one, and a
    later `removed` entry takes the app out.

    Two different apps claiming the same process name: the later one wins. The family's
    entries come after the built-in ones, but only those core/catalogue_guard.py lets
    through: one that would change what a built-in app matches needs a parent's approval.
    """

    _entries: tuple[CatalogueEntry, ...]
    _index: dict[str, dict[str, AppInfo]]
    _truncated: dict[str, AppInfo]  # names longer than comm's 15 bytes, truncated (Linux)

    def __init__(self, entries: Iterable[CatalogueEntry] = ()) -> None:
        self.version = 0  # bumped by replace_with: caches of matches compare it
        self._build(entries)

    def replace_with(self, other: Catalogue) -> None:
        """Take `other`'s entries in place, so every probe holding this object sees the
        family's new list (the monitor reloads it when the file changes)."""
        self._entries, self._index, self._truncated = (
            other._entries, other._index, other._truncated)
        self.version += 1

    def _build(self, entries: Iterable[CatalogueEntry]) -> None:
        by_id: dict[str, CatalogueEntry] = {}
        for entry in entries:
            by_id.pop(entry.app_id, None)  # re-insert so that order follows the override
            if not entry.removed:
                by_id[entry.app_id] = entry
        self._entries = tuple(by_id.values())
        self._index = {os_name: {} for os_name in OS_NAMES}
        self._truncated = {}
        for entry in self._entries:
            info = entry.info
            for os_name, names in entry.processes.items():
                index = self._index.setdefault(os_name, {})
                for name in names:
                    index[_key(name, os_name)] = info
                    short = _truncated_name(name) if os_name == "linux" else None
                    if short is not None:
                        self._truncated[_key(short, os_name)] = info

    @property
    def entries(self) -> tuple[CatalogueEntry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, app_id: str) -> CatalogueEntry | None:
        for entry in self._entries:
            if entry.app_id == app_id:
                return entry
        return None

    def match(self, process_name: str, exe: str | None, os_name: str) -> AppInfo | None:
        """The catalogued app this process belongs to, by name or by its exe's file name."""
        index = self._index.get(os_name)
        if not index:
            return None
        found = index.get(_key(process_name, os_name))
        if found is not None:
            return found
        if exe:
            found = index.get(_key(_basename(exe), os_name))
            if found is not None:
                return found
        if os_name == "linux" and len(process_name.encode()) == LINUX_COMM_LENGTH:
            return self._truncated.get(_key(process_name, os_name))
        return None
