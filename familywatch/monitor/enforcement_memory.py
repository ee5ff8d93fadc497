"""Which reminders enforcement already gave, kept across monitor restarts.

Each reminder is said once per limit (no alert fatigue). That memory lives in a small
JSON file in the data folder, so a restarted monitor (a crash, an update, a log-out)
does not say "Camera time ends in 10 minutes." a second time. Entries are grouped by
the local date they were given; only today's and yesterday's are kept (a stretch over
the limit may go on past midnight). The file is replaced atomically; a damaged one is
logged and read as empty, and a write that fails is logged: the memory in RAM goes on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from familywatch.atomic_file import write_atomically
from familywatch.core.rules_eval import local_date
from familywatch.input_file import InputFileError, read_text

log = logging.getLogger(__name__)

STATE_FILE = "schedule-reminders.json"
VERSION = 1
KEEP_DAYS = 2  # today and yesterday

NoticeKey = tuple[str, ...]


class ReminderMemory:
    """Notice keys with the local date they were given; `path` None keeps them in RAM only."""

    def __init__(self, path: Path | None, tz: tzinfo) -> None:
        self.path = path
        self._tz = tz
        self._given: dict[NoticeKey, date] = self._load() if path is not None else {}

    def __contains__(self, key: NoticeKey) -> bool:
        return key in self._given

    def remember(self, now: datetime, *keys: NoticeKey) -> None:
        """Note the keys as given now (keys already known keep their date) and save."""
        new = [key for key in keys if key not in self._given]
        if not new:
            return
        today = local_date(now, self._tz)
        self._given.update(dict.fromkeys(new, today))
        self._save()

    def forget_old(self, now: datetime) -> None:
        """Drop what was given before yesterday."""
        oldest = local_date(now, self._tz) - timedelta(days=KEEP_DAYS - 1)
        kept = {key: day for key, day in self._given.items() if day >= oldest}
        if len(kept) < len(self._given):
            self._given = kept
            self._save()

    # -- the file -------------------------------------------------------------------------

    def _load(self) -> dict[NoticeKey, date]:
        assert self.path is not None
        try:
            data = json.loads(read_text(self.path))
            return dict(_parse(data))
        except InputFileError as error:
            if not error.missing:
                log.warning("the reminders already given could not be read (%s); "
                            "starting afresh", error)
            return {}
        except (ValueError, TypeError, KeyError) as error:
            log.warning("the reminders already given could not be read from %s (%s); "
                        "starting afresh", self.path, error)
            return {}

    def _save(self) -> None:
        if self.path is None:
            return
        days: dict[str, list[list[str]]] = {}
        for key, day in sorted(self._given.items(), key=lambda item: (item[1], item[0])):
            days.setdefault(day.isoformat(), []).append(list(key))
        text = json.dumps({"version": VERSION, "days": days}, indent=1)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text)
        except OSError as error:
            log.warning("cannot keep the reminders already given in %s (%s); a restart "
                        "may repeat one", self.path, error)


def _parse(data: object) -> Iterable[tuple[NoticeKey, date]]:
    """{"version": 1, "days": {"2025-05-06": [["warning", "camera", ...], ...]}}."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("not a version 1 state file")
    days = data["days"]
    if not isinstance(days, dict):
        raise TypeError("days is not an object")
    for day, keys in days.items():
        given = date.fromisoformat(day)
        if not isinstance(keys, list):
            raise TypeError(f"{day} is not a list")
        for key in keys:
            if not isinstance(key, list) or not all(isinstance(part, str) for part in key):
                raise TypeError(f"{key!r} is not a list of words")
            yield tuple(key), given
