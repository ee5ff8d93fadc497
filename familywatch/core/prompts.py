"""Highlights in words: a neutral observation, an open question and tips.

The words come from resources/prompts/<lang>.toml, passed in as text (core reads no
files): the UI and the reports load it and call `load_book`. Each highlight kind has
a section; its `talk` key names the IWF TALK step it belongs to (Talk about it, Agree
ground rules, Learn the platforms, Know the tools and settings). A key ending in
`_one` is used instead when the highlight's `count` is 1; a highlight's variant picks
a sub-section (`[big-change.up]`). A missing placeholder raises: tests catch it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any

from familywatch.core.highlights import Highlight, HighlightKind

PARTS = ("title", "observation", "question", "parent_question", "child_tip", "parent_tip")


@dataclass(frozen=True, slots=True)
class Prompt:
    kind: HighlightKind
    talk_step: str  # "T", "A", "L" or "K"
    talk_label: str  # "Talk about it"
    title: str
    observation: str
    question: str  # to the child (or to both)
    parent_question: str | None = None
    child_tip: str | None = None
    parent_tip: str | None = None


@dataclass(frozen=True, slots=True)
class PromptBook:
    table: Mapping[str, Any]

    def text(self, *keys: str) -> str:
        node: Any = self.table
        for key in keys:
            node = node[key]
        if not isinstance(node, str):
            raise KeyError(f"{'.'.join(keys)} is a section, not a sentence")
        return node

    def section(self, kind: HighlightKind, variant: str = "") -> Mapping[str, Any]:
        section: Mapping[str, Any] = self.table["highlight"][kind.value]
        if variant:
            section = {**section, **section[variant]}
        return section

    def number(self, n: int) -> str:
        words: list[str] = self.table["numbers"]["words"]
        return words[n] if 0 <= n < len(words) else str(n)


def load_book(toml_text: str) -> PromptBook:
    return PromptBook(tomllib.loads(toml_text))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _values(highlight: Highlight, book: PromptBook) -> dict[str, object]:
    values: dict[str, object] = dict(highlight.values)
    for key, value in highlight.values.items():
        if isinstance(value, int):
            values[f"{key}_words"] = book.number(value)
    return values


def _pick(section: Mapping[str, Any], part: str, count: object) -> str | None:
    if count == 1 and isinstance(section.get(f"{part}_one"), str):
        return str(section[f"{part}_one"])
    value = section.get(part)
    return value if isinstance(value, str) else None


def prompt_for(highlight: Highlight, book: PromptBook) -> Prompt:
    section = book.section(highlight.kind, highlight.variant)
    values = _values(highlight, book)
    count = highlight.values.get("count")
    filled: dict[str, str | None] = {}
    for part in PARTS:
        template = _pick(section, part, count)
        filled[part] = None if template is None else template.format_map(values)
    step = str(section["talk"])
    return Prompt(
        kind=highlight.kind,
        talk_step=step,
        talk_label=book.text("talk", step),
        title=filled["title"] or "",
        observation=filled["observation"] or "",
        question=filled["question"] or "",
        parent_question=filled["parent_question"],
        child_tip=filled["child_tip"],
        parent_tip=filled["parent_tip"],
    )


def prompts_for(highlights: Iterable[Highlight], book: PromptBook
                ) -> tuple[tuple[Highlight, Prompt], ...]:
    return tuple((h, prompt_for(h, book)) for h in highlights)
