"""What the review window and the exports show, built from a record source (no widgets).

The prompt wording is read from resources/prompts/<lang>.toml here (core reads no files).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from familywatch.core.highlights import (
    DEFAULT_SETTINGS,
    Highlight,
    Settings,
    highlights,
    outside_seconds_by_day,
)
from familywatch.core.prompts import Prompt, PromptBook, prompts_for
from familywatch.core.rules import Rules
from familywatch.core.summary import Summary
from familywatch.core.timefmt import duration
from familywatch.ui.chart_data import DayBar
from familywatch.ui.sources import RecordSource
from familywatch.ui.wording import resource_root

Item = tuple[Highlight, Prompt]
HISTORY_WEEKS = 8  # earlier weeks looked at to tell whether an app is new


@cache
def prompt_book(language: str = "en") -> PromptBook:
    """resources/prompts/<language>.toml, falling back to English."""
    path = resource_root() / "prompts" / f"{language}.toml"
    if not path.is_file():
        path = resource_root() / "prompts" / "en.toml"
    with path.open("rb") as handle:
        return PromptBook(tomllib.load(handle))


@dataclass(frozen=True, slots=True)
class ReviewData:
    summary: Summary
    previous: Summary | None
    items: tuple[Item, ...]
    bars: tuple[DayBar, ...]

    @property
    def week_label(self) -> str:
        return self.summary.period.label


def week_bars(summary: Summary, rules: Rules | None = None) -> tuple[DayBar, ...]:
    """Camera minutes per day, the part outside the camera hours apart (hatched)."""
    outside = outside_seconds_by_day(summary, rules)
    bars = []
    for day in summary.days:
        total = day.totals.camera_seconds
        out = min(total, outside.get(day.day, 0.0))
        bars.append(DayBar(f"{day.day:%a}", (total - out) / 60, out / 60,
                           duration(total) if total > 0 else ""))
    return tuple(bars)


def seen_in(records: RecordSource, first_day: date, weeks: int) -> frozenset[str]:
    seen: set[str] = set()
    for back in range(1, weeks + 1):
        summary = records.summary(records.week(first_day - timedelta(days=7 * back)))
        seen.update(app.app.app_id for app in summary.apps)
    return frozenset(seen)


def build_review(records: RecordSource, day: date | None = None, *, rules: Rules | None = None,
                 settings: Settings = DEFAULT_SETTINGS, book: PromptBook | None = None,
                 seen_before: Callable[[date], frozenset[str]] | None = None) -> ReviewData:
    """The review of the week holding `day` (default: this week)."""
    period = records.week(day)
    summary = records.summary(period)
    first = period.days()[0]
    previous = records.summary(records.week(first - timedelta(days=7)))
    seen = seen_before(first) if seen_before else seen_in(records, first, HISTORY_WEEKS)
    found = highlights(summary, previous, seen, rules, settings)
    return ReviewData(summary, previous, prompts_for(found, book or prompt_book()),
                      week_bars(summary, rules))
