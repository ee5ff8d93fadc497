"""What the running monitor tells other processes: its heartbeat, its problems and what is
in use now, in a small JSON file in the runtime folder (runtime_folder.py).

The record in the database cannot say these things: while storage refuses writes the
database is stale, a frozen monitor cannot write anything, and a replaced database is
news only the monitor has. So `familywatch status` reads this file too: the heartbeat
by the monotonic clock (shared by every process since boot, and deaf to clock changes)
tells a working monitor from a frozen one.

Written whole (rename over) at every heartbeat, not fsync'd: it is worth nothing after a
reboot, and it lives on tmpfs where that folder is /run/user.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from familywatch.core.model import AppInfo, Category, Kind, Session

SCHEMA = 1
MAX_BYTES = 1 << 20  # a state file is a few kB; anything bigger is not ours


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong right now, in words. `kind` groups them (storage, database,
    integrity, stalled, job, …) so readers can pick one; `message` is for people."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class OpenSession:
    """An open session as the monitor holds it; `row_id` is None while not yet written."""

    session: Session
    row_id: int | None


@dataclass(frozen=True, slots=True)
class MonitorState:
    pid: int
    started_at: datetime
    heartbeat_at: datetime  # wall clock, UTC
    heartbeat_monotonic: float  # time.monotonic() in the monitor
    stall_seconds: float  # a heartbeat older than this means the monitor is not working
    problems: tuple[Problem, ...] = ()
    open_sessions: tuple[OpenSession, ...] = ()
    pending_writes: int = 0  # changes kept in memory that storage has not taken yet
    database: str = ""

    def responding(self, monotonic_now: float) -> bool:
        return monotonic_now - self.heartbeat_monotonic <= self.stall_seconds

    def heartbeat_age(self, monotonic_now: float) -> float:
        return max(0.0, monotonic_now - self.heartbeat_monotonic)


def _session_json(open_session: OpenSession) -> dict[str, Any]:
    s = open_session.session
    return {
        "id": open_session.row_id, "kind": s.kind.value, "pid": s.pid, "process": s.process,
        "exe": s.exe, "user": s.user, "device": s.device, "via": s.via, "host": s.host,
        "app": None if s.app is None else
        {"id": s.app.app_id, "name": s.app.name, "category": s.app.category.value},
        "started_at": s.started_at.isoformat(), "last_seen": s.last_seen.isoformat(),
    }


def _session_from(data: dict[str, Any], serial: int) -> OpenSession:
    app = data.get("app")
    info = None if app is None else AppInfo(str(app["id"]), str(app["name"]),
                                            Category(app["category"]))
    session = Session(
        serial=int(data["id"]) if data.get("id") is not None else serial,
        kind=Kind(data["kind"]), pid=data.get("pid"), process=str(data["process"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        last_seen=datetime.fromisoformat(data["last_seen"]),
        exe=data.get("exe"), user=data.get("user"), device=data.get("device"),
        via=data.get("via"), host=data.get("host"), app=info)
    return OpenSession(session, data.get("id"))


def encode(state: MonitorState) -> str:
    return json.dumps({
        "schema": SCHEMA, "pid": state.pid, "started_at": state.started_at.isoformat(),
        "heartbeat_at": state.heartbeat_at.isoformat(),
        "heartbeat_monotonic": state.heartbeat_monotonic,
        "stall_seconds": state.stall_seconds, "database": state.database,
        "problems": [{"kind": p.kind, "message": p.message} for p in state.problems],
        "open_sessions": [_session_json(s) for s in state.open_sessions],
        "pending_writes": state.pending_writes,
    })


def decode(text: str) -> MonitorState:
    """ValueError (or KeyError/TypeError) for anything that is not a state file."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError("not a FamilyWatch monitor state file")
    return MonitorState(
        pid=int(data["pid"]), started_at=datetime.fromisoformat(data["started_at"]),
        heartbeat_at=datetime.fromisoformat(data["heartbeat_at"]),
        heartbeat_monotonic=float(data["heartbeat_monotonic"]),
        stall_seconds=float(data["stall_seconds"]), database=str(data.get("database", "")),
        problems=tuple(Problem(str(p["kind"]), str(p["message"])) for p in data["problems"]),
        open_sessions=tuple(_session_from(s, -n) for n, s in
                            enumerate(data["open_sessions"], start=1)),
        pending_writes=int(data.get("pending_writes", 0)),
    )


def publish(path: Path, state: MonitorState) -> None:
    """Replace the state file whole; OSError as it comes."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(encode(state))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_state(path: Path) -> MonitorState | None:
    """The published state, or None when there is none (or it is not readable as one)."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    try:
        return decode(raw.decode("utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError too
        return None


def withdraw(path: Path, pid: int) -> None:
    """Remove the state file at stop, if it is still this monitor's."""
    state = read_state(path)
    if state is not None and state.pid == pid:
        with contextlib.suppress(OSError):
            path.unlink()


@dataclass
class StatePublisher:
    """The monitor's side: publish at each heartbeat; a failure is logged once by the
    caller and never stops monitoring."""

    path: Path
    failed: str | None = field(default=None)

    def publish(self, state: MonitorState) -> bool:
        try:
            publish(self.path, state)
        except OSError as error:
            self.failed = f"cannot write {self.path}: {error.strerror or error}"
            return False
        self.failed = None
        return True
