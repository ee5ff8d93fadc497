"""Catalogued apps running on Linux: the SightingProbe for Kind.APP.

A full psutil.process_iter with attributes costs ~19 ms at 300 processes; this probe
lists pids (one directory read) and inspects only the ones it has not seen, ~0.25 ms
per cycle. Cached facts can go stale in three ways, each handled:

  * a process just forked has not exec'd its program yet: processes younger than
    `young_seconds` are looked at again on the next samples;
  * a pid reused by a new process: the pids reported are re-checked against their
    start time each sample (few), and every `full_every` samples all are re-read;
  * a process exec'ing another program much later: the same full re-read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psutil

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import AppInfo, BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock


@dataclass(frozen=True, slots=True)
class _Seen:
    create_time: float
    name: str
    exe: str | None
    ppid: int | None
    app: AppInfo | None
    user: str | None  # read only for catalogued processes
    unreadable: bool


@dataclass(frozen=True, slots=True)
class AppScanStats:
    """What the last sample did (the benchmark and tests read it)."""

    processes: int = 0
    new: int = 0
    inspected: int = 0
    gone: int = 0
    unreadable: int = 0
    total_inspected: int = 0  # since the probe was made


class LinuxAppProbe:
    def __init__(
        self,
        catalogue: Catalogue,
        clock: Clock,
        young_seconds: float = 3.0,
        full_every: int = 30,
    ) -> None:
        self._catalogue = catalogue
        self._clock = clock
        self._young = young_seconds
        self._full_every = full_every
        self._seen: dict[int, _Seen] = {}
        self._samples = 0
        self._total = 0
        self._stats = AppScanStats()
        self._problem: str | None = None

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset({Kind.APP})

    @property
    def stats(self) -> AppScanStats:
        return self._stats

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        try:
            pids = set(psutil.pids())
            self._problem = None
        except OSError as exc:
            self._problem = f"cannot list processes: {exc}"
            return Sample(at=at, monotonic=monotonic, kinds=self.kinds)
        gone = self._seen.keys() - pids
        for pid in gone:
            del self._seen[pid]
        new = pids - self._seen.keys()
        self._samples += 1
        if self._full_every > 0 and self._samples % self._full_every == 0:
            to_inspect = set(pids)
        else:
            now = time.time()
            young = {
                pid for pid, seen in self._seen.items() if now - seen.create_time < self._young
            }
            to_inspect = new | young | self._reused(self._top_level())
        for pid in to_inspect:
            seen = _inspect(pid, self._catalogue)
            if seen is None:
                self._seen.pop(pid, None)
            else:
                self._seen[pid] = seen
        self._total += len(to_inspect)
        sightings = tuple(self._sighting(pid) for pid in sorted(self._top_level()))
        unreadable = sum(1 for seen in self._seen.values() if seen.unreadable)
        self._stats = AppScanStats(
            processes=len(pids),
            new=len(new),
            inspected=len(to_inspect),
            gone=len(gone),
            unreadable=unreadable,
            total_inspected=self._total,
        )
        return Sample(
            at=at, monotonic=monotonic, kinds=self.kinds, sightings=sightings, unreadable=unreadable
        )

    def statuses(self) -> tuple[BackendStatus, ...]:
        if self._problem is not None:
            return (BackendStatus("apps", "linux-proc", False, self._problem),)
        if len(self._catalogue) == 0:
            return (
                BackendStatus(
                    "apps", "linux-proc", False, "the app catalogue is empty: no app can be named"
                ),
            )
        detail = f"{len(self._catalogue)} catalogued apps"
        if self._samples:
            detail += f"; {self._stats.processes} processes seen at the last look"
        if self._stats.unreadable:
            detail += f", {self._stats.unreadable} of them not fully readable (other users)"
        return (BackendStatus("apps", "linux-proc", True, detail),)

    def _top_level(self) -> list[int]:
        """Catalogued processes whose parent is not the same app: one per running app."""
        tops = []
        for pid, seen in self._seen.items():
            if seen.app is None:
                continue
            parent = self._seen.get(seen.ppid) if seen.ppid is not None else None
            if parent is not None and parent.app is not None and parent.app == seen.app:
                continue  # a child of the same app (Chrome's renderers): its parent speaks for it
            tops.append(pid)
        return tops

    def _reused(self, pids: list[int]) -> set[int]:
        """Of these pids, the ones now belonging to another process (or to none)."""
        changed = set()
        for pid in pids:
            try:
                # Start times are the same float each time they are read; a second apart
                # is another process (the young ones are re-read anyway).
                if abs(psutil.Process(pid).create_time() - self._seen[pid].create_time) > 1.0:
                    changed.add(pid)
            except psutil.Error:
                changed.add(pid)
        return changed

    def _sighting(self, pid: int) -> Sighting:
        seen = self._seen[pid]
        return Sighting(
            kind=Kind.APP, pid=pid, process=seen.name, exe=seen.exe, user=seen.user, app=seen.app
        )


def _inspect(pid: int, catalogue: Catalogue) -> _Seen | None:
    """Name, exe, parent (and user, if catalogued) of one process; None if it is gone."""
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            name = proc.name()
            ppid = proc.ppid()
            create_time = proc.create_time()
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:
        return _Seen(0.0, f"pid {pid}", None, None, None, None, unreadable=True)
    unreadable = False
    try:
        exe: str | None = proc.exe() or None
    except psutil.AccessDenied:
        exe, unreadable = None, True
    except psutil.ZombieProcess:  # exited, not yet reaped: keep it, or it looks new each time
        exe = None
    except psutil.NoSuchProcess:
        return None
    app = catalogue.match(name, exe, "linux")
    user = None
    if app is not None:
        try:
            user = proc.username()
        except (psutil.Error, KeyError):
            user = None
    return _Seen(create_time, name, exe, ppid, app, user, unreadable)
