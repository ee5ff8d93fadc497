"""The executors enforcement drives: telling people (Notifier) and closing apps.

Closing runs on its own thread: waiting up to 5 s for a process that ignores SIGTERM
must not stall the monitor's one worker thread (its samples would stop and sessions
would split).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TextIO

import psutil

from familywatch.core.model import Category, Kind, Session
from familywatch.core.rules import Subject, SubjectDecision
from familywatch.core.rules_eval import local_date
from familywatch.monitor.parent_settings import CATEGORY_WORDS

log = logging.getLogger(__name__)

TERMINATE_WAIT_SECONDS = 5.0  # after SIGTERM, before SIGKILL
START_TOLERANCE_SECONDS = 2.0  # clock granularity between psutil and the tracker


# -- telling people -------------------------------------------------------------------


def label(subject: Subject) -> str:
    """'Camera time', 'Time for live-streaming apps'."""
    if subject is Kind.CAMERA:
        return "Camera time"
    if subject is Kind.MICROPHONE:
        return "Microphone time"
    return f"Time for {CATEGORY_WORDS[Category(subject)]}"


def app_names(sessions: Sequence[Session]) -> str:
    """'Zoom', 'Zoom and OBS Studio': each app once."""
    return " and ".join(dict.fromkeys(s.app.name if s.app else s.process for s in sessions))


def over_message(sd: SubjectDecision, now: datetime, tz: tzinfo) -> str:
    again = sd.allowed_again_at
    if again is not None and local_date(again, tz) == local_date(now, tz):
        return f"{label(sd.subject)} is over until {again.astimezone(tz):%H:%M}."
    return f"{label(sd.subject)} is over for today."


def countdown_words(seconds: int) -> str:
    """A countdown in words, for notices without a live counter (log, stderr, notify-send)."""
    if seconds <= 0:
        return "The countdown ends now."
    return f"The countdown ends in {seconds} second{'s' * (seconds != 1)}."


NOTIFY_SEND_TIMEOUT = 3.0  # seconds; a hung notification daemon must not hold anything up


def desktop_command() -> list[str] | None:
    """`notify-send` where it exists (FAMILYWATCH_NOTIFY_SEND=0 turns it off)."""
    if os.environ.get("FAMILYWATCH_NOTIFY_SEND", "1") == "0":
        return None
    found = shutil.which("notify-send")
    return [found] if found else None


class LogNotifier:
    """The headless Notifier: one line in the log and on stderr for each notice, and a
    desktop notification through `notify-send` where it exists (on a short-lived thread
    with a timeout; a failure is logged, never fatal)."""

    def __init__(self, stream: TextIO | None = None,
                 desktop: list[str] | bool | None = True) -> None:
        self._stream = stream
        self._desktop = desktop_command() if desktop is True else (desktop or None)

    def notify(self, title: str, message: str, *, countdown_seconds: int | None = None) -> None:
        if countdown_seconds is not None:  # no live counter here: say the number once
            message = f"{message} {countdown_words(countdown_seconds)}"
        line = f"{title}: {message}"
        log.info("notice: %s", line)
        stream = self._stream or sys.stderr
        with contextlib.suppress(OSError, ValueError):  # stderr closed: the log line remains
            print(f"familywatch: NOTICE {line}", file=stream, flush=True)
        if self._desktop:
            threading.Thread(target=self._send, args=([*self._desktop, title, message],),
                             name="notify-send", daemon=True).start()

    @staticmethod
    def _send(command: list[str]) -> None:
        try:
            subprocess.run(command, timeout=NOTIFY_SEND_TIMEOUT, check=False,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as error:
            log.info("notify-send did not work (%s); the notice is in the log", error)


@dataclass(frozen=True, slots=True)
class CloseOutcome:
    """What happened to one process. `how`: terminated, killed, gone, not-closed."""

    session: Session
    how: str
    why: str = ""

    @property
    def closed(self) -> bool:
        return self.how in ("terminated", "killed", "gone")


def _refusal(session: Session) -> str | None:
    """Why this session's process must not be closed, or None if it may."""
    if session.pid is None:
        return "its process id is unknown"
    if session.via:
        return f"it is held through {session.via}, and the app behind it is unknown"
    if session.pid <= 1 or session.pid == os.getpid():
        return "it is a system process or FamilyWatch itself"
    return None


def _verified(session: Session) -> psutil.Process | str:
    """The live process behind a session, or why not: a reused pid must never be closed."""
    assert session.pid is not None
    try:
        process = psutil.Process(session.pid)
        name, started = process.name(), process.create_time()
    except psutil.NoSuchProcess:
        return "gone"
    except psutil.Error as error:
        return f"not-closed:{type(error).__name__}"
    if name != session.process or started > session.started_at.timestamp() \
            + START_TOLERANCE_SECONDS:
        return "gone"  # the pid now belongs to another process
    return process


def close_processes(sessions: Sequence[Session],
                    wait_seconds: float = TERMINATE_WAIT_SECONDS) -> list[CloseOutcome]:
    """SIGTERM each process once (several sessions of one pid count once), wait, then SIGKILL."""
    outcomes: list[CloseOutcome] = []
    targets: dict[int, tuple[psutil.Process, Session]] = {}
    for session in sessions:
        why = _refusal(session)
        if why is not None:
            outcomes.append(CloseOutcome(session, "not-closed", why))
            continue
        assert session.pid is not None
        if session.pid in targets:
            continue
        found = _verified(session)
        if isinstance(found, str):
            how, _, why = found.partition(":")
            outcomes.append(CloseOutcome(session, how, why))
            continue
        targets[session.pid] = (found, session)
        try:
            found.terminate()
        except psutil.NoSuchProcess:
            pass
        except psutil.Error as error:
            outcomes.append(CloseOutcome(session, "not-closed", str(error)))
            del targets[session.pid]
    processes = [process for process, _ in targets.values()]
    _, alive = psutil.wait_procs(processes, timeout=wait_seconds)
    stubborn = {process.pid for process in alive}
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            stubborn.discard(process.pid)
        except psutil.Error as error:
            log.error("could not kill pid %s: %s", process.pid, error)
    psutil.wait_procs(alive, timeout=wait_seconds)
    for pid, (_, session) in targets.items():
        outcomes.append(CloseOutcome(session, "killed" if pid in stubborn else "terminated"))
    return outcomes


class ProcessCloser:
    """Closes processes on a background thread and reports the outcomes to `done`."""

    def __init__(self, wait_seconds: float = TERMINATE_WAIT_SECONDS, *,
                 background: bool = True) -> None:
        self._wait = wait_seconds
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="familywatch-close") \
            if background else None

    def close(self, sessions: Sequence[Session],
              done: Callable[[list[CloseOutcome]], None]) -> None:
        def run() -> None:
            try:
                done(close_processes(sessions, self._wait))
            except Exception:  # a failing close must be seen, and must not kill the pool
                log.exception("closing %s failed", [s.process for s in sessions])

        if self._pool is None:
            run()
        else:
            self._pool.submit(run)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
