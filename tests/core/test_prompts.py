"""Every highlight kind has wording; placeholders are filled; nothing accusatory."""

from __future__ import annotations

import re

import pytest

from familywatch.config import resources_dir
from familywatch.core.highlights import Highlight, HighlightKind
from familywatch.core.prompts import PARTS, PromptBook, load_book, placeholders, prompt_for

FORBIDDEN = ("caught", "bad", "forbidden", "punish", "violat", "disobey", "guilty", "blame",
             "naughty", "sneak", "spy", "illegal", "not allowed", "broke the", "breaking")
VALUES: dict[str, str | int] = {
    "app": "OBS Studio", "day": "Wed 10 Jun", "late": "21:00", "count": 2, "days": "Mon, Tue",
    "minutes": 45, "time": "45 min", "when": "Wed 10 Jun 17:30", "threshold": "1 h 00 min",
    "this_week": "2 h", "last_week": "1 h", "difference": "1 h", "percent": 100, "before": 3}
VARIANTS = {HighlightKind.BIG_CHANGE: ("up", "down")}


@pytest.fixture(scope="module")
def book() -> PromptBook:
    return load_book((resources_dir() / "prompts" / "en.toml").read_text(encoding="utf-8"))


def every_highlight(count: int) -> list[Highlight]:
    return [Highlight(kind, 0, (), {**VALUES, "count": count}, variant)
            for kind in HighlightKind for variant in VARIANTS.get(kind, ("",))]


@pytest.mark.parametrize("count", [0, 1, 2, 7])
def test_every_kind_is_worded_and_filled(book: PromptBook, count: int) -> None:
    for highlight in every_highlight(count):
        prompt = prompt_for(highlight, book)
        assert prompt.title and prompt.observation and prompt.question, highlight.kind
        assert prompt.talk_step in "TALK" and prompt.talk_label
        assert prompt.child_tip or prompt.parent_tip
        for text in (prompt.title, prompt.observation, prompt.question, prompt.parent_question,
                     prompt.child_tip, prompt.parent_tip):
            assert text is None or not re.search(r"[{}]", text), text


def test_templates_only_use_values_highlights_give(book: PromptBook) -> None:
    known = set(VALUES) | {f"{k}_words" for k, v in VALUES.items() if isinstance(v, int)}
    for kind in HighlightKind:
        for variant in VARIANTS.get(kind, ("",)):
            section = book.section(kind, variant)
            for key, text in section.items():
                if isinstance(text, str) and key.removesuffix("_one") in PARTS:
                    assert placeholders(text) <= known, (kind, key)


def test_count_one_reads_naturally(book: PromptBook) -> None:
    late = Highlight(HighlightKind.LATE_CAMERA, 0, (), {**VALUES, "count": 2})
    assert prompt_for(late, book).observation.startswith(
        "The camera was on after 21:00 on two evenings")
    one = Highlight(HighlightKind.LATE_CAMERA, 0, (), {**VALUES, "count": 1})
    assert "on one evening" in prompt_for(one, book).observation


def test_no_accusatory_words_anywhere(book: PromptBook) -> None:
    text = (resources_dir() / "prompts" / "en.toml").read_text(encoding="utf-8")
    words = "\n".join(line for line in text.splitlines() if not line.startswith("#")).lower()
    for word in FORBIDDEN:
        assert not re.search(rf"\b{word}", words), word
    for highlight in every_highlight(2):
        prompt = prompt_for(highlight, book)
        sentence = " ".join(str(v) for v in (prompt.observation, prompt.question)).lower()
        assert not any(re.search(rf"\b{w}", sentence) for w in FORBIDDEN)
        assert prompt.question.rstrip().endswith("?")
