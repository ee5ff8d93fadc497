"""Editing the family's catalogue file as text, so their comments and layout survive.

Pure: the monitor layer reads and writes the file; this only makes the new text. An
entry is appended as an `[[app]]` table; removing one cuts its table (from its header
to the next table header) and nothing else. A change to a built-in app carries the
parent's approval (core/catalogue_guard.py) on its `approval` line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence

from familywatch.core.catalogue import OS_NAMES, CatalogueEntry, parse_catalogue
from familywatch.core.model import Category

_NOT_ID = re.compile(r"[^a-z0-9]+")
_TABLE_HEADER = re.compile(r"^\s*\[")
_APPROVAL_LINE = re.compile(r"^\s*approval\s*=")
APPROVED_NOTE = ("# A change to a built-in app, made with the parent PIN. Edited by hand, it "
                 "no longer counts.")
MAX_NAME_LENGTH = 60


class CatalogueEditError(ValueError):
    """The entry can't be added or removed; the message says why in one line and
    `field` names what was typed wrong ("name", "processes"), if anything was."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def app_id_for(name: str) -> str:
    """'TikTok LIVE Studio' -> 'tiktok-live-studio' (letters folded to ASCII)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_ID.sub("-", folded.lower()).strip("-")


def process_names(text: str) -> tuple[str, ...]:
    """'obs, obs64.exe ,' -> ('obs', 'obs64.exe'): the comma-separated names typed in."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(value, ensure_ascii=False)


def entry_text(app_id: str, name: str, category: Category,
               processes: Mapping[str, Sequence[str]], note: str = "",
               approval: str = "") -> str:
    """One `[[app]]` table, as the built-in catalogue writes them."""
    lines = ["[[app]]", *([APPROVED_NOTE] if approval else []), f"id = {_toml_string(app_id)}",
             f"name = {_toml_string(name)}", f"category = {_toml_string(category.value)}"]
    for os_name in OS_NAMES:
        names = ", ".join(_toml_string(n) for n in processes.get(os_name, ()))
        lines.append(f"processes.{os_name} = [{names}]")
    if note:
        lines.append(f"note = {_toml_string(note)}")
    if approval:
        lines.append(f"approval = {_toml_string(approval)}")
    return "\n".join(lines) + "\n"


def block_for(entry: CatalogueEntry, approval: str = "") -> str:
    """`entry` as an `[[app]]` table (a `removed = true` one for a removal)."""
    if not entry.removed:
        return entry_text(entry.app_id, entry.name, entry.category, entry.processes,
                          approval=approval)
    return "\n".join(["[[app]]", *([APPROVED_NOTE] if approval else []),
                      f"id = {_toml_string(entry.app_id)}", f"name = {_toml_string(entry.name)}",
                      "removed = true", *([f"approval = {_toml_string(approval)}"]
                                          if approval else [])]) + "\n"


def _appended(text: str, block: str) -> str:
    separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n")
                                                              else "\n\n")
    return f"{text}{separator}{block}"


def _readable(text: str, source: str) -> list[CatalogueEntry]:
    existing, problems = parse_catalogue(text, source) if text.strip() else ([], [])
    if any("not valid TOML" in problem for problem in problems):
        raise CatalogueEditError(f"{problems[0]} - fix or move that file first")
    return existing


def with_entry(
    text: str, source: str, name: str, category: Category,
    processes: Mapping[str, Sequence[str]], note: str = "",
) -> tuple[str, CatalogueEntry]:
    """The file's text with one more app, and the entry as it will be read back.

    Raises CatalogueEditError for an empty or too long name, no process names, an id
    already in the file, or a file that can't be read (fix that first: nothing is
    written into a file whose entries would be lost)."""
    name = " ".join(name.split())
    if not name:
        raise CatalogueEditError("the app needs a name, e.g. 'Bigo Live'", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise CatalogueEditError(f"keep the name under {MAX_NAME_LENGTH} characters", "name")
    app_id = app_id_for(name)
    if not app_id:
        raise CatalogueEditError("use some letters or digits in the name", "name")
    cleaned = {os_name: tuple(n.strip() for n in processes.get(os_name, ()) if n.strip())
               for os_name in OS_NAMES}
    if not any(cleaned.values()):
        raise CatalogueEditError(
            "give at least one process name (as the task manager shows it)", "processes")
    if any(entry.app_id == app_id for entry in _readable(text, source)):
        raise CatalogueEditError(f"'{name}' is already in the family's list", "name")
    new_text = _appended(text, entry_text(app_id, name, category, cleaned, note))
    found, _ = parse_catalogue(new_text, source)
    added = [entry for entry in found if entry.app_id == app_id]
    if not added:  # the block we wrote must read back; anything else is our bug
        raise CatalogueEditError(f"'{name}' could not be written as a catalogue entry")
    return new_text, added[0]


def without_entry(text: str, source: str, app_id: str) -> str:
    """The file's text without the app `app_id`: its table is cut, comments above the
    next table stay. CatalogueEditError when it isn't there."""
    entries, _ = parse_catalogue(text, source)
    target = next((e for e in entries if e.app_id == app_id and e.line), None)
    if target is None:
        raise CatalogueEditError(f"there is no '{app_id}' in the family's list")
    lines = text.splitlines(keepends=True)
    start = target.line - 1
    end = start + 1
    while end < len(lines) and not _TABLE_HEADER.match(lines[end]):
        end += 1
    # Comment lines directly above the next header belong to that next entry.
    while end - 1 > start and lines[end - 1].lstrip().startswith("#"):
        end -= 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1
    before, after = lines[:start], lines[end:]
    if before and not before[-1].strip() and after and not after[0].strip():
        after = after[1:]  # one blank line between tables, not two
    text = "".join(before + after).rstrip()
    return text + "\n" if text else ""


def with_only(text: str, source: str, app_id: str, block: str = "") -> str:
    """The file's text with every table of `app_id` cut and `block` (if any) appended;
    CatalogueEditError when the file can't be read or the block would not count."""
    _readable(text, source)
    while any(e.app_id == app_id and e.line for e in parse_catalogue(text, source)[0]):
        text = without_entry(text, source, app_id)
    new_text = _appended(text, block) if block else text
    written = [e for e in parse_catalogue(new_text, source)[0] if e.app_id == app_id]
    wanted = parse_catalogue(block, source)[0] if block else []
    if [(e.name, e.removed, dict(e.processes), e.approval) for e in written] != \
            [(e.name, e.removed, dict(e.processes), e.approval) for e in wanted]:
        raise CatalogueEditError(f"'{app_id}' is written in {source} in a way that can't be "
                                 "changed here - fix that entry by hand first")
    return new_text


def with_approvals(text: str, approvals: Mapping[int, str]) -> str:
    """The text with the `approval` line of the table at each header line replaced."""
    lines = text.splitlines(keepends=True)
    for header, approval in approvals.items():
        end = header
        while end < len(lines) and not _TABLE_HEADER.match(lines[end]):
            if _APPROVAL_LINE.match(lines[end]):
                lines[end] = f"approval = {_toml_string(approval)}\n"
                break
            end += 1
    return "".join(lines)
