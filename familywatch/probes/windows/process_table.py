"""The running processes, kept up to date cheaply: inspect only pids not seen before.

OS-agnostic (psutil behind a `ProcessLister`, so tests can inject a process table);
the Windows and macOS probes share it. The caching follows the Linux app probe:
a full `psutil.process_iter` with attributes costs ~19 ms at 300 processes, a pid
list plus the new pids ~0.25 ms. Cached facts go stale three ways, each handled:

  * a process too young to have its final program (fork before exec on macOS):
    processes younger than `young_seconds` are looked at again;
  * a pid reused by a new process: the pids the caller cares about are re-checked
    against their start time (`recheck`), and every `full_every` refreshes all are;
  * a process exec'ing another program much later: the same full re-read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import psutil


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """What the probes need to know about one process.

    `exe` is None when it cannot be read (protected or other users' processes);
    `readable` is False when not even the name could be read.
    """

    pid: int
    name: str
    exe: str | None
    ppid: int | None
    create_time: float
    readable: bool = True


class ProcessLister(Protocol):
    def pids(self) -> set[int]:
        """Every pid now; OSError if the process list cannot be read."""
        ...

    def inspect(self, pid: int) -> ProcessInfo | None:
        """Name, exe, parent and start time of one process; None if it is gone."""
        ...

    def create_time(self, pid: int) -> float | None:
        """Start time (epoch seconds) of a pid now; None if there is none."""
        ...

    def username(self, pid: int) -> str | None: ...


class PsutilProcessLister:
    """The real process table, through psutil (Linux, Windows, macOS alike)."""

    def pids(self) -> set[int]:
        return set(psutil.pids())

    def inspect(self, pid: int) -> ProcessInfo | None:
        try:
            proc = psutil.Process(pid)
            with proc.oneshot():
                name = proc.name()
                ppid = proc.ppid()
                create_time = proc.create_time()
        except psutil.NoSuchProcess:
            return None
        except psutil.AccessDenied:
            return ProcessInfo(pid, f"pid {pid}", None, None, 0.0, readable=False)
        try:
            exe: str | None = proc.exe() or None
        except (psutil.AccessDenied, psutil.ZombieProcess):
            exe = None
        except psutil.NoSuchProcess:
            return None
        return ProcessInfo(pid, name, exe, ppid, create_time)

    def create_time(self, pid: int) -> float | None:
        try:
            return float(psutil.Process(pid).create_time())
        except psutil.Error:
            return None

    def username(self, pid: int) -> str | None:
        try:
            return str(psutil.Process(pid).username())
        except (psutil.Error, KeyError):
            return None


@dataclass(frozen=True, slots=True)
class TableStats:
    processes: int = 0
    new: int = 0
    inspected: int = 0
    gone: int = 0
    unreadable: int = 0


class ProcessTable:
    """A cache of ProcessInfo by pid, refreshed by looking only at what changed.

    Thread-safe: the app probe and the device probe may refresh it from different
    threads (the monitor's worker and `familywatch probe`).
    """

    def __init__(
        self,
        lister: ProcessLister | None = None,
        young_seconds: float = 3.0,
        full_every: int = 30,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.lister: ProcessLister = lister or PsutilProcessLister()
        self._young = young_seconds
        self._full_every = full_every
        self._wall = wall
        self._seen: dict[int, ProcessInfo] = {}
        self._refreshes = 0
        self._lock = threading.Lock()
        self.stats = TableStats()
        self.problem: str | None = None

    def refresh(self, recheck: Iterable[int] = ()) -> dict[int, ProcessInfo]:
        """Bring the table up to date; `recheck` pids are tested for reuse. Returns a copy."""
        with self._lock:
            try:
                pids = self.lister.pids()
            except OSError as exc:
                self.problem = f"cannot list processes: {exc}"
                return dict(self._seen)
            self.problem = None
            gone = self._seen.keys() - pids
            for pid in gone:
                del self._seen[pid]
            new = pids - self._seen.keys()
            self._refreshes += 1
            if self._full_every > 0 and self._refreshes % self._full_every == 0:
                to_inspect = set(pids)
            else:
                now = self._wall()
                young = {
                    pid for pid, info in self._seen.items() if now - info.create_time < self._young
                }
                to_inspect = new | young | self._reused(recheck)
            for pid in to_inspect:
                info = self.lister.inspect(pid)
                if info is None:
                    self._seen.pop(pid, None)
                else:
                    self._seen[pid] = info
            self.stats = TableStats(
                processes=len(pids),
                new=len(new),
                inspected=len(to_inspect),
                gone=len(gone),
                unreadable=sum(1 for info in self._seen.values() if not info.readable),
            )
            return dict(self._seen)

    def _reused(self, pids: Iterable[int]) -> set[int]:
        changed = set()
        for pid in pids:
            seen = self._seen.get(pid)
            if seen is None:
                continue
            now = self.lister.create_time(pid)
            # Start times read twice are the same float; a second apart is another process.
            if now is None or abs(now - seen.create_time) > 1.0:
                changed.add(pid)
        return changed
