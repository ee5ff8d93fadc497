"""Where in a TOML text a key is defined, so error messages can name the line.

tomllib gives values without positions, so this scans the text itself. It understands
what docs/schedules.md documents: `[table]` and `[[array.of.tables]]` headers, `key =`
lines (dotted keys too), one level of inline table (`hours = { mon = [...] }`), and
arrays spread over several lines. Anything it can't place falls back to the nearest
enclosing key, then to line 1.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]  # ("camera", "hours", "mon"), ("exceptions", 0, "until")

_KEY = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_TABLE = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED})\s*=(.*)$")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_KEY})\s*=")
_PART = re.compile(_KEY)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _PART.findall(dotted))


def _bracket_depth(text: str) -> int:
    """Open minus closed square brackets outside strings and comments."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
    return depth


class KeyLines:
    """Maps key paths to the 1-based line where each is defined."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._where: dict[KeyPath, int] = {}
        table: KeyPath = ()
        counts: dict[KeyPath, int] = {}
        open_brackets = 0  # inside a value that spans lines
        for number, line in enumerate(self.lines, start=1):
            if open_brackets > 0:
                open_brackets += _bracket_depth(line)
                continue
            if match := _ARRAY_TABLE.match(line):
                name = _parts(match.group(1))
                index = counts.get(name, 0)
                counts[name] = index + 1
                table = (*name, index)
                self._where.setdefault(name, number)
                self._where[table] = number
            elif match := _TABLE.match(line):
                table = _parts(match.group(1))
                self._where.setdefault(table, number)
            elif match := _ASSIGNMENT.match(line):
                key = (*table, *_parts(match.group(1)))
                self._where.setdefault(key, number)
                value = match.group(2)
                if value.lstrip().startswith("{"):
                    for inner in _INLINE_KEY.findall(value):
                        self._where.setdefault((*key, *_parts(inner)), number)
                open_brackets = max(0, _bracket_depth(value))

    def line_of(self, path: KeyPath, needle: str | None = None) -> int:
        """The line defining `path` (or its nearest ancestor found); with `needle`, the
        first line from there, within that value, that contains it."""
        for length in range(len(path), 0, -1):
            start = self._where.get(path[:length])
            if start is not None:
                break
        else:
            return 1
        if needle is None or length < len(path):
            return start
        later = [line for line in self._where.values() if line > start]
        stop = min(later, default=len(self.lines) + 1)
        for number in range(start, stop):
            if needle in self.lines[number - 1]:
                return number
        return start
