"""What enforcement says, in the words a child reads: reminders, countdowns, closings.

A countdown notice never writes its number of seconds into the message: the number
travels as data (`countdown_seconds`) and each notifier words it - the tray shows a
live counter, the headless notifier adds `actions.countdown_words` - so the text can't
disagree with a counter that is still running.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from familywatch.core.model import Session
from familywatch.core.rules import Action, SubjectDecision
from familywatch.monitor.actions import CloseOutcome, app_names, label, over_message

TITLE = "FamilyWatch"


def reminder(sd: SubjectDecision, time_left: timedelta, sessions: Sequence[Session]) -> str:
    """'Camera time ends in 10 minutes.' (whole minutes, rounded up, at least 1)."""
    minutes = max(1, math.ceil(time_left.total_seconds() / 60))
    message = f"{label(sd.subject)} ends in {minutes} minute{'s' * (minutes != 1)}."
    if sd.action is Action.CLOSE:
        message += (f" Then {app_names(sessions)} will be closed after a "
                    f"{sd.grace_seconds}-second countdown.")
    return message


def countdown(sd: SubjectDecision, now: datetime, tz: tzinfo,
              sessions: Sequence[Session]) -> str:
    """The close warning; its seconds go along as `countdown_seconds`."""
    return f"{over_message(sd, now, tz)} {app_names(sessions)} will be closed when the " \
           "countdown ends."


def allowed_again(sd: SubjectDecision, tz: tzinfo, sessions: Sequence[Session],
                  close_cancelled: bool) -> str:
    until = sd.exception_until or sd.window_end
    words = f" until {until.astimezone(tz):%H:%M}" if until else ""
    message = f"{label(sd.subject)} is allowed again{words}."
    if close_cancelled:
        message += f" {app_names(sessions)} will not be closed."
    return message


def closed(sd: SubjectDecision, outcome: CloseOutcome, now: datetime, tz: tzinfo) -> str:
    name = app_names([outcome.session])
    if outcome.closed:
        return f"{name} was closed: {over_message(sd, now, tz).lower()}"
    return f"{name} could not be closed: {outcome.why}."
