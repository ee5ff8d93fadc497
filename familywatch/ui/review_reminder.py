"""The weekly "time for the family review" reminder (default Sunday 18:00).

Survives restarts and suspends: the last reminder's time is kept in a small file in
the data folder, and each check asks "is the first reminder time after the last one
already past?", so a reminder that fell due while the computer was off or asleep is
shown once at the next check, never twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from familywatch.core.reminder import DEFAULT_REVIEW_REMINDER, next_reminder
from familywatch.input_file import InputFileError, read_text

log = logging.getLogger(__name__)
STATE_FILE = "review-reminder.json"


class ReviewReminder:
    def __init__(self, data_dir: Path, tz: tzinfo, notify: Callable[[str, str], None],
                 setting: Callable[[], str] = lambda: DEFAULT_REVIEW_REMINDER) -> None:
        self.path = data_dir / STATE_FILE
        self.tz = tz
        self.notify = notify
        self.setting = setting

    def _last(self) -> datetime | None:
        try:
            return datetime.fromisoformat(json.loads(read_text(self.path))["last"])
        except (InputFileError, ValueError, KeyError, TypeError):
            return None

    def _remember(self, moment: datetime) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"last": moment.isoformat()}), "utf-8")
        except OSError:
            log.warning("cannot keep the review reminder's state in %s", self.path)

    def check(self, now: datetime | None = None) -> bool:
        """Show the reminder if one fell due since the last; True when it was shown."""
        now = now or datetime.now(UTC)
        last = self._last()
        if last is None:  # first start: start counting from now, don't nag at once
            self._remember(now)
            return False
        try:
            due = next_reminder(last, self.setting(), self.tz)
        except ValueError:
            log.warning("the review reminder setting is not understood; using %s",
                        DEFAULT_REVIEW_REMINDER)
            due = next_reminder(last, DEFAULT_REVIEW_REMINDER, self.tz)
        if now < due:
            return False
        self.notify("Family review",
                    "It's time to look at this week together: open \u201cFamily review\u201d.")
        self._remember(now)
        return True
