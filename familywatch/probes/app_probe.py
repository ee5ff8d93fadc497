"""Catalogued apps running: the SightingProbe for Kind.APP on every operating system.

It reads the shared ProcessTable (new pids only, each matched in the catalogue once).
An app with helper processes (Chrome's renderers, Teams' WebView) is reported once,
by its top process: a catalogued process whose parent is the same app speaks for
its children. The pids reported are re-checked for reuse at the next sample.
"""

from __future__ import annotations

from familywatch.core.model import BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock
from familywatch.probes.process_cache import CataloguedProcess, ProcessTable, TableStats

_KINDS = frozenset({Kind.APP})


class CataloguedAppProbe:
    """`backend` names this probe in statuses ("linux-proc", "psutil")."""

    def __init__(self, table: ProcessTable, clock: Clock, backend: str) -> None:
        self._table = table
        self._clock = clock
        self._backend = backend
        self._reported: list[int] = []
        self._samples = 0

    @property
    def kinds(self) -> frozenset[Kind]:
        return _KINDS

    @property
    def stats(self) -> TableStats:
        return self._table.stats

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        self._table.refresh(recheck=self._reported)
        if self._table.problem is not None:
            return Sample(at=at, monotonic=monotonic, kinds=_KINDS)
        self._samples += 1
        running = self._table.catalogued()
        tops = sorted(pid for pid, proc in running.items()
                      if not _parent_is_same_app(proc, running))
        self._reported = tops
        sightings = tuple(_sighting(running[pid]) for pid in tops)
        return Sample(at=at, monotonic=monotonic, kinds=_KINDS, sightings=sightings,
                      unreadable=self._table.stats.unreadable)

    def statuses(self) -> tuple[BackendStatus, ...]:
        table = self._table
        if table.problem is not None:
            return (BackendStatus("apps", self._backend, False, table.problem),)
        if len(table.catalogue) == 0:
            return (BackendStatus("apps", self._backend, False,
                                  "the app catalogue is empty: no app can be named"),)
        detail = f"{len(table.catalogue)} catalogued apps, matched by their {table.os_name} names"
        stats = table.stats
        if self._samples:
            detail += f"; {stats.processes} processes seen at the last look"
        if stats.unreadable:
            detail += f", {stats.unreadable} of them not fully readable (other users)"
        return (BackendStatus("apps", self._backend, True, detail),)


def _parent_is_same_app(proc: CataloguedProcess, running: dict[int, CataloguedProcess]) -> bool:
    ppid = proc.info.ppid
    if ppid is None or ppid == proc.info.pid:  # Windows' idle process is its own parent
        return False
    parent = running.get(ppid)
    return parent is not None and parent.app == proc.app


def _sighting(proc: CataloguedProcess) -> Sighting:
    info = proc.info
    return Sighting(kind=Kind.APP, pid=info.pid, process=info.name, exe=info.exe,
                    user=proc.user, app=proc.app)
