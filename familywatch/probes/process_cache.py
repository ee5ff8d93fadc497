"""The running processes and the catalogued app each one is, kept up to date cheaply.

Shared by the Linux, Windows and macOS probes (psutil behind a `ProcessLister`, so
tests can inject a recorded process table). A full `psutil.process_iter` with
attributes costs ~19 ms at 300 processes; listing the pids and inspecting only the
ones not seen before costs ~0.2 ms. Cached facts go stale three ways, each handled:

  * a process just forked has not exec'd its program yet: processes younger than
    `young_seconds` are looked at again on the next refreshes;
  * a pid reused by a new process: the pids the caller reports are re-checked
    against their start time (`recheck`), and every `full_every` refreshes all are;
  * a process exec'ing another program much later: the same full re-read.

A process is matched against the catalogue each time it is inspected, and its user
is read only when it is catalogued, so a refresh with nothing new costs no match.
When the catalogue is reloaded in place (the family edited its list), every cached
process is matched again at the next refresh, without being read again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import psutil

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import AppInfo


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """What the probes need to know about one process.

    `exe` is None when it cannot be read: `exe_denied` says whether it was refused
    (protected or other users' processes) rather than gone (a zombie). `readable` is
    False when not even the name could be read.
    """

    pid: int
    name: str
    exe: str | None
    ppid: int | None
    create_time: float
    readable: bool = True
    exe_denied: bool = False


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
        except psutil.AccessDenied:
            return ProcessInfo(pid, name, None, ppid, create_time, exe_denied=True)
        except psutil.ZombieProcess:  # exited, not yet reaped: keep it, or it looks new each time
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
class CataloguedProcess:
    info: ProcessInfo
    app: AppInfo
    user: str | None


@dataclass(frozen=True, slots=True)
class TableStats:
    """What the last refresh did (the benchmark and tests read it)."""

    processes: int = 0
    new: int = 0
    inspected: int = 0
    gone: int = 0
    unreadable: int = 0
    total_inspected: int = 0  # since the table was made


class ProcessTable:
    """A cache of ProcessInfo by pid, refreshed by looking only at what changed.

    Names are matched in the catalogue's `os_name` column. `exe_denied_is_unreadable`:
    on Linux a process whose program file is refused belongs to another user and
    counts as unreadable; Windows and macOS refuse it for many system processes, so
    there only an unreadable name counts.

    Thread-safe: the app probe and the device probe may refresh it from different
    threads (the monitor's worker and `familywatch probe`).
    """

    def __init__(
        self,
        catalogue: Catalogue,
        os_name: str,
        lister: ProcessLister | None = None,
        *,
        young_seconds: float = 3.0,
        full_every: int = 30,
        wall: Callable[[], float] = time.time,
        exe_denied_is_unreadable: bool = False,
    ) -> None:
        self.catalogue = catalogue
        self.os_name = os_name
        self.lister: ProcessLister = lister or PsutilProcessLister()
        self._young = young_seconds
        self._full_every = full_every
        self._wall = wall
        self._exe_denied_is_unreadable = exe_denied_is_unreadable
        self._seen: dict[int, ProcessInfo] = {}
        self._catalogued: dict[int, CataloguedProcess] = {}
        self._unreadable: set[int] = set()
        self._catalogue_version = catalogue.version
        self._refreshes = 0
        self._total = 0
        self._lock = threading.Lock()
        self.stats = TableStats()
        self.problem: str | None = None

    def refresh(self, recheck: Iterable[int] = ()) -> None:
        """Bring the table up to date; `recheck` pids are tested for reuse.

        If the process list cannot be read, `problem` says why and the table is kept.
        """
        with self._lock:
            try:
                pids = self.lister.pids()
            except OSError as exc:
                self.problem = f"cannot list processes: {exc}"
                return
            self.problem = None
            gone = self._seen.keys() - pids
            for pid in gone:
                self._forget(pid)
            new = pids - self._seen.keys()
            if self.catalogue.version != self._catalogue_version:
                self._catalogue_version = self.catalogue.version
                for cached in self._seen.values():
                    self._match(cached)
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
                    self._forget(pid)
                else:
                    self._remember(info)
            self._total += len(to_inspect)
            self.stats = TableStats(
                processes=len(pids),
                new=len(new),
                inspected=len(to_inspect),
                gone=len(gone),
                unreadable=len(self._unreadable),
                total_inspected=self._total,
            )

    def processes(self) -> dict[int, ProcessInfo]:
        """Every process at the last refresh (a copy)."""
        with self._lock:
            return dict(self._seen)

    def catalogued(self) -> dict[int, CataloguedProcess]:
        """The catalogued processes at the last refresh (a copy; few, so cheap)."""
        with self._lock:
            return dict(self._catalogued)

    def _remember(self, info: ProcessInfo) -> None:
        pid = info.pid
        self._seen[pid] = info
        if not info.readable or (info.exe_denied and self._exe_denied_is_unreadable):
            self._unreadable.add(pid)
        else:
            self._unreadable.discard(pid)
        self._match(info)

    def _match(self, info: ProcessInfo) -> None:
        pid = info.pid
        app = self.catalogue.match(info.name, info.exe, self.os_name) if info.readable else None
        if app is None:
            self._catalogued.pop(pid, None)
        else:
            self._catalogued[pid] = CataloguedProcess(info, app, self.lister.username(pid))

    def _forget(self, pid: int) -> None:
        self._seen.pop(pid, None)
        self._catalogued.pop(pid, None)
        self._unreadable.discard(pid)

    def _reused(self, pids: Iterable[int]) -> set[int]:
        """Of these pids, the ones now belonging to another process (or to none)."""
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
