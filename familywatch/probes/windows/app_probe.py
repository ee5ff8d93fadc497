"""Catalogued apps running, for any OS whose process names the catalogue lists.

The SightingProbe for Kind.APP on Windows and macOS. It reads the shared
ProcessTable (new pids only) and matches names against the catalogue column of
`os_name`; the result and the user are cached per (pid, start time). An app with
helper processes (Chrome's renderers, Teams' WebView) is reported once, by its top
process: a catalogued process whose parent is the same app speaks for its children.
"""

from __future__ import annotations

from dataclasses import dataclass

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import AppInfo, BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock
from familywatch.probes.windows.process_table import ProcessInfo, ProcessTable


@dataclass(frozen=True, slots=True)
class _Match:
    create_time: float
    app: AppInfo | None
    user: str | None


class CataloguedAppProbe:
    def __init__(
        self, catalogue: Catalogue, clock: Clock, os_name: str, backend: str, table: ProcessTable
    ) -> None:
        self._catalogue = catalogue
        self._clock = clock
        self._os_name = os_name
        self._backend = backend
        self._table = table
        self._matches: dict[int, _Match] = {}
        self._reported: list[int] = []
        self._samples = 0

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset({Kind.APP})

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        processes = self._table.refresh(recheck=self._reported)
        self._samples += 1
        for pid in self._matches.keys() - processes.keys():
            del self._matches[pid]
        apps = {pid: self._match(info) for pid, info in processes.items()}
        tops = sorted(
            pid for pid, app in apps.items()
            if app is not None and not _parent_is_same_app(processes[pid], apps)
        )
        self._reported = tops
        sightings = tuple(self._sighting(processes[pid]) for pid in tops)
        unreadable = self._table.stats.unreadable
        return Sample(at=at, monotonic=monotonic, kinds=self.kinds, sightings=sightings,
                      unreadable=unreadable)

    def statuses(self) -> tuple[BackendStatus, ...]:
        if self._table.problem is not None:
            return (BackendStatus("apps", self._backend, False, self._table.problem),)
        if len(self._catalogue) == 0:
            return (BackendStatus("apps", self._backend, False,
                                  "the app catalogue is empty: no app can be named"),)
        detail = f"{len(self._catalogue)} catalogued apps, matched by their {self._os_name} names"
        if self._samples:
            detail += f"; {self._table.stats.processes} processes seen at the last look"
        return (BackendStatus("apps", self._backend, True, detail),)

    def _match(self, info: ProcessInfo) -> AppInfo | None:
        cached = self._matches.get(info.pid)
        if cached is not None and cached.create_time == info.create_time:
            return cached.app
        app = self._catalogue.match(info.name, info.exe, self._os_name)
        user = self._table.lister.username(info.pid) if app is not None else None
        self._matches[info.pid] = _Match(info.create_time, app, user)
        return app

    def _sighting(self, info: ProcessInfo) -> Sighting:
        match = self._matches[info.pid]
        return Sighting(kind=Kind.APP, pid=info.pid, process=info.name, exe=info.exe,
                        user=match.user, app=match.app)


def _parent_is_same_app(info: ProcessInfo, apps: dict[int, AppInfo | None]) -> bool:
    if info.ppid is None or info.ppid == info.pid:
        return False
    parent_app = apps.get(info.ppid)
    return parent_app is not None and parent_app == apps.get(info.pid)
