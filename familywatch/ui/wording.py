"""The tray app's words and files, read from resources/ so they can be reviewed and translated.

resources/ui/strings.<lang>.toml   short sentences, with {placeholders}
resources/ui/*.<lang>.md           longer pages ("What is recorded")
resources/help/*.<lang>.md         the "Get help" page
resources/icons/*.svg              tray and window icons
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from familywatch.config import resources_dir

DEFAULT_LANGUAGE = "en"


@cache
def resource_root() -> Path:
    return resources_dir()


def icon_file(name: str) -> Path:
    return resource_root() / "icons" / f"{name}.svg"


def localized_file(folder: str, stem: str, suffix: str, language: str = DEFAULT_LANGUAGE
                   ) -> Path:
    """resources/<folder>/<stem>.<language>.<suffix>, falling back to English."""
    base = resource_root() / folder
    wanted = base / f"{stem}.{language}.{suffix}"
    return wanted if wanted.is_file() else base / f"{stem}.{DEFAULT_LANGUAGE}.{suffix}"


def page(folder: str, stem: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """A Markdown page with its $placeholders filled and its <!-- notes --> removed."""
    text = localized_file(folder, stem, "md", language).read_text(encoding="utf-8")
    return strip_comments(Template(text).safe_substitute({k: str(v) for k, v in values.items()}))


def strip_comments(markdown: str) -> str:
    """Drop <!-- ... --> blocks: they are notes for translators and reviewers."""
    out, rest = [], markdown
    while "<!--" in rest:
        before, _, after = rest.partition("<!--")
        out.append(before)
        rest = after.partition("-->")[2]
    out.append(rest)
    return "".join(out).strip() + "\n"


class Wording:
    """Looks up "section.key" in strings.<lang>.toml and fills in {placeholders}.

    A missing key raises KeyError: a typo must fail in the tests, not show a blank.
    """

    def __init__(self, table: dict[str, Any]) -> None:
        self._table = table

    def __call__(self, key: str, **values: object) -> str:
        node: Any = self._table
        for part in key.split("."):
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(f"{key} is a section, not a sentence")
        return node.format(**values) if values else node

    def has(self, key: str) -> bool:
        try:
            self(key)
        except (KeyError, IndexError):
            return False
        return True

    def duration(self, seconds: float) -> str:
        """'less than a minute', '42 minutes', '1 hour and 5 minutes' - for sentences."""
        total_minutes = round(max(0.0, seconds) / 60)
        if seconds <= 0:
            return self("duration.none")
        if total_minutes == 0:
            return self("duration.under_a_minute")
        hours, minutes = divmod(total_minutes, 60)
        minute_words = self("duration.minute") if minutes == 1 else \
            self("duration.minutes", n=minutes)
        if not hours:
            return minute_words
        hour_words = self("duration.hour") if hours == 1 else self("duration.hours", n=hours)
        if not minutes:
            return hour_words
        return self("duration.hours_and_minutes", hours=hour_words, minutes=minute_words)


@cache
def wording(language: str = DEFAULT_LANGUAGE) -> Wording:
    path = localized_file("ui", "strings", "toml", language)
    with path.open("rb") as handle:
        return Wording(tomllib.load(handle))
