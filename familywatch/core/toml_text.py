"""tomllib, except that nesting too deep for it is told with a line of the file
instead of escaping as a RecursionError (5,000 '[' in a row are enough)."""

from __future__ import annotations

import tomllib
from typing import Any

_DEEP = 50  # more than any schedule or app list needs; where the message points


class TooDeep(ValueError):
    def __init__(self, line: int) -> None:
        super().__init__("arrays or tables are nested too deeply ('[' or '{' inside one "
                         "another hundreds of times)")
        self.line = line


def loads(text: str) -> dict[str, Any]:
    """tomllib.loads(text): TOMLDecodeError as tomllib raises it, or TooDeep."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise TooDeep(_deep_line(text)) from None


def _deep_line(text: str) -> int:
    """The first line where brackets outside strings and comments open deeper than
    _DEEP (roughly: only for the message, once tomllib has given up)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        quote = ""
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > _DEEP:
                    return number
            elif ch in "]}":
                depth -= 1
    return 1
