"""Camera-time rules a parent sets, the usage they are checked against, and the decision.

Values only; `familywatch.core.rules_eval.evaluate` turns (rules, usage, now) into a
`Decision`, and `familywatch.core.schedule_file` reads and writes rules as TOML.

Times of day are whole minutes after local midnight (0-1440). A `Window` belongs to
the day it starts on; an end after 1440 runs into the next day (Fri 22:00-01:00 is
`Window(1320, 1500)` on Friday).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from familywatch.core.model import Category, Kind

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
MAX_ASK_MINUTES = 720  # "Ask for more time": 1 minute to 12 hours


class Action(StrEnum):
    """What happens when a limit is reached. The wording shown to people lives in resources/."""

    RECORD = "record"  # record only
    REMIND = "remind"  # notify before and at the limit
    CLOSE = "close"  # visible warning, then close the app after a grace period


def clock(minute: int) -> str:
    """'HH:MM' for a minute of the day; 1440 is '24:00'; an end past midnight wraps."""
    if minute > MINUTES_PER_DAY:
        minute -= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True, slots=True)
class Window:
    """Allowed from `start` to `end` minutes after the local midnight of its day."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < MINUTES_PER_DAY:
            raise ValueError(f"window start {self.start} is not a minute of the day")
        crosses = self.end > MINUTES_PER_DAY
        if not self.start < self.end or (crosses and self.end >= self.start + MINUTES_PER_DAY):
            raise ValueError(f"window {self.start}-{self.end} is empty or longer than a day")

    def __str__(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


Overlap = tuple[int, Window, int, Window]  # (day, window, other day, other window)


def find_overlap(days: tuple[tuple[Window, ...] | None, ...]) -> Overlap | None:
    """The first two windows of a week that overlap.

    The week is a circle: a Sunday window that runs past midnight can overlap Monday's.
    Windows that only touch (one ends at 17:00, the next starts at 17:00) don't overlap.
    """
    placed = [
        ((day * MINUTES_PER_DAY + window.start, day * MINUTES_PER_DAY + window.end), day, window)
        for day, windows in enumerate(days)
        for window in windows or ()
    ]
    placed.sort(key=lambda item: item[0])
    for (span, day, window), (next_span, next_day, next_window) in pairwise(placed):
        if next_span[0] < span[1]:
            return day, window, next_day, next_window
    if len(placed) > 1:
        first_span, first_day, first_window = placed[0]
        last_span, last_day, last_window = max(placed, key=lambda item: item[0][1])
        if last_span[1] - MINUTES_PER_WEEK > first_span[0]:
            return last_day, last_window, first_day, first_window
    return None


@dataclass(frozen=True, slots=True)
class WeekHours:
    """Allowed windows per weekday (index 0 = Monday).

    None: no hours limit that day. An empty tuple: not allowed at all that day.
    """

    days: tuple[tuple[Window, ...] | None, ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("WeekHours needs 7 days, Monday first")
        overlap = find_overlap(self.days)
        if overlap is not None:
            day, window, other_day, other = overlap
            raise ValueError(f"{DAY_NAMES[day]} {window} overlaps {DAY_NAMES[other_day]} {other}")


@dataclass(frozen=True, slots=True)
class DailyBudget:
    """Minutes of use per local date, by weekday (index 0 = Monday); None: no budget that day."""

    minutes: tuple[int | None, ...]

    def __post_init__(self) -> None:
        if len(self.minutes) != 7:
            raise ValueError("DailyBudget needs 7 days, Monday first")
        for value in self.minutes:
            if value is not None and not 0 <= value <= MINUTES_PER_DAY:
                raise ValueError(f"a daily budget of {value} minutes is not 0-1440")


# Reminders come 10 minutes before a limit (and again at 2 and at it); "close" waits
# two minutes after its warning, so a call can end kindly.
DEFAULT_WARN_BEFORE_MINUTES = 10
DEFAULT_GRACE_SECONDS = 120


def _check_enforcement(warn_before_minutes: int, grace_seconds: int) -> None:
    if not 0 <= warn_before_minutes <= 120:
        raise ValueError(f"warn_before_minutes {warn_before_minutes} is not 0-120")
    if not 0 <= grace_seconds <= 3600:
        raise ValueError(f"grace_seconds {grace_seconds} is not 0-3600")


@dataclass(frozen=True, slots=True)
class CameraRule:
    """Hours and a daily budget for the camera (and the microphone, when it follows)."""

    hours: WeekHours | None = None
    budget: DailyBudget | None = None
    action: Action = Action.RECORD
    warn_before_minutes: int = DEFAULT_WARN_BEFORE_MINUTES
    grace_seconds: int = DEFAULT_GRACE_SECONDS

    def __post_init__(self) -> None:
        _check_enforcement(self.warn_before_minutes, self.grace_seconds)


@dataclass(frozen=True, slots=True)
class AppRule:
    """Hours for the apps of one catalogue category (e.g. streaming only 17:00-19:00)."""

    category: Category
    hours: WeekHours
    action: Action = Action.RECORD
    warn_before_minutes: int = DEFAULT_WARN_BEFORE_MINUTES
    grace_seconds: int = DEFAULT_GRACE_SECONDS

    def __post_init__(self) -> None:
        _check_enforcement(self.warn_before_minutes, self.grace_seconds)

    @property
    def budget(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class DayException:
    """A one-off on one local date: extra budget minutes, and/or allowed `from`-`until`.

    It only ever adds: extra minutes raise that date's budget; the allowed stretch
    lifts both hours and budget. It applies to every rule (camera, microphone, apps).
    """

    day: date
    extra_minutes: int = 0
    allowed_from: int = 0  # minutes after midnight
    allowed_until: int | None = None  # minutes after midnight, at most 1440

    def __post_init__(self) -> None:
        if not 0 <= self.extra_minutes <= MINUTES_PER_DAY:
            raise ValueError(f"extra_minutes {self.extra_minutes} is not 0-1440")
        if self.allowed_until is None:
            if self.extra_minutes == 0:
                raise ValueError("an exception needs extra minutes or an 'until' time")
            if self.allowed_from != 0:
                raise ValueError("'from' needs an 'until' time")
        elif not 0 <= self.allowed_from < self.allowed_until <= MINUTES_PER_DAY:
            raise ValueError(f"allowed {self.allowed_from}-{self.allowed_until} is not a stretch")


def _category_order(rule: AppRule) -> int:
    return list(Category).index(rule.category)


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything a schedule file says. `Rules()` limits nothing (record only)."""

    camera: CameraRule | None = None
    microphone_follows_camera: bool = False
    apps: tuple[AppRule, ...] = ()
    exceptions: tuple[DayException, ...] = ()

    def __post_init__(self) -> None:
        if self.microphone_follows_camera and self.camera is None:
            raise ValueError("the microphone can only follow camera rules that exist")
        categories = [rule.category for rule in self.apps]
        if len(set(categories)) != len(categories):
            raise ValueError("each app category can have one rule")
        # A canonical order, so two equal schedules compare equal however they were built.
        object.__setattr__(self, "apps", tuple(sorted(self.apps, key=_category_order)))
        object.__setattr__(
            self,
            "exceptions",
            tuple(
                sorted(
                    self.exceptions,
                    key=lambda e: (e.day, e.allowed_from, e.allowed_until or 0, e.extra_minutes),
                )
            ),
        )

    def app_rule(self, category: Category) -> AppRule | None:
        return next((rule for rule in self.apps if rule.category == category), None)


@dataclass(frozen=True, slots=True)
class Usage:
    """Use so far on the current local date, and what is in use right now.

    "Today" is the local date of `now` as `rules_eval.local_date` defines it.
    """

    camera_today: timedelta = timedelta(0)
    microphone_today: timedelta = timedelta(0)
    camera_active: bool = False
    microphone_active: bool = False
    active_categories: frozenset[Category] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.camera_today < timedelta(0) or self.microphone_today < timedelta(0):
            raise ValueError("usage can't be negative")


Subject = Kind | Category  # Kind.CAMERA, Kind.MICROPHONE, or an app category


class Reason(StrEnum):
    """Why a subject is or isn't allowed now; part of the JSON contract."""

    NO_RULE = "no-rule"  # nothing limits this subject
    NO_LIMIT_TODAY = "no-limit-today"  # rules exist, none limits this day
    WITHIN_HOURS = "within-hours"  # inside an allowed window (see budget_left too)
    WITHIN_BUDGET = "within-budget"  # no hours limit now, budget not used up
    EXCEPTION = "exception"  # allowed only because of today's exception
    OUTSIDE_HOURS = "outside-hours"
    BUDGET_USED_UP = "budget-used-up"


@dataclass(frozen=True, slots=True)
class SubjectDecision:
    """The answer for one subject, with the values needed to word it.

    `time_left`: how long use may go on from now if it continues without a break
    (0 when not allowed; None when no limit comes within `rules_eval.HORIZON`).
    `warning`: in use, the limit is within `warn_before_minutes`, and the action is
    remind or close. Instants are aware UTC.
    """

    subject: Subject
    in_use: bool
    allowed: bool
    reason: Reason
    action: Action
    warning: bool
    time_left: timedelta | None
    window_end: datetime | None = None  # end of the hours window we are in
    budget_minutes: int | None = None  # today's budget, exception minutes included
    budget_left: timedelta | None = None  # never negative
    allowed_again_at: datetime | None = None  # when not allowed: first allowed instant if use stops
    exception_until: datetime | None = None  # end of today's allowed exception stretch
    warn_before_minutes: int = DEFAULT_WARN_BEFORE_MINUTES
    grace_seconds: int = DEFAULT_GRACE_SECONDS

    @property
    def time_left_seconds(self) -> float | None:
        return None if self.time_left is None else self.time_left.total_seconds()

    @property
    def answer(self) -> tuple[bool, Reason, bool]:
        """The part of the decision that `Decision.next_change` is about."""
        return (self.allowed, self.reason, self.warning)


@dataclass(frozen=True, slots=True)
class Decision:
    """Per subject: camera, microphone, then each app category in use.

    `next_change`: the first instant after `at` at which some subject's `answer`
    differs, if use goes on as it is now (what is in use stays in use, what is not
    stays unused); None if that doesn't happen within `rules_eval.HORIZON`.
    """

    at: datetime
    subjects: tuple[SubjectDecision, ...]
    next_change: datetime | None

    def get(self, subject: Subject) -> SubjectDecision | None:
        return next((item for item in self.subjects if item.subject == subject), None)

    @property
    def violations(self) -> tuple[SubjectDecision, ...]:
        """Subjects in use now that are not allowed now."""
        return tuple(item for item in self.subjects if item.in_use and not item.allowed)
