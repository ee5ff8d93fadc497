"""Camera and microphone in use on Windows, and by which process: the SightingProbe.

One sample = read the ConsentStore (both hives, merged), keep the apps whose
LastUsedTimeStop is 0, and find each one's process:

  * a desktop app (NonPackaged) by its program file, compared ignoring case; if no
    process runs it, the 0 was left behind by a crash and the app counts as stopped;
  * a packaged app by its package family in the program's WindowsApps folder; if none
    is found (some are hosted by another program) the app is reported with pid None.

Of several processes running one program (Chrome, Teams) the top one is credited:
the oldest whose parent runs something else.
"""

from __future__ import annotations

import ntpath
from collections.abc import Sequence

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock
from familywatch.probes.process_cache import ProcessInfo, ProcessTable
from familywatch.probes.windows.consent_store import (
    CAPABILITIES,
    CONSENT_STORE,
    ConsentReading,
    ConsentRecord,
    normalise_exe,
    package_family_of_exe,
    read_consent_store,
)
from familywatch.probes.windows.registry import RegistryReader

BACKEND = "consentstore"
KINDS = (Kind.CAMERA, Kind.MICROPHONE)


class WindowsDeviceProbe:
    def __init__(
        self, reader: RegistryReader, table: ProcessTable, catalogue: Catalogue, clock: Clock
    ) -> None:
        self._reader = reader
        self._table = table
        self._catalogue = catalogue
        self._clock = clock
        self._last: ConsentReading | None = None
        self._problem: str | None = None
        self.leftovers: tuple[ConsentRecord, ...] = ()  # in use, but not running (crashed)
        self._credited: list[int] = []  # pids of the last sample, re-checked for reuse

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(KINDS)

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        reading = self._read()
        if reading is None:
            return Sample(at=at, monotonic=monotonic, kinds=self.kinds)
        in_use = reading.in_use()
        sightings: list[Sighting] = []
        leftovers: list[ConsentRecord] = []
        unreadable = 0
        if in_use:
            self._table.refresh(recheck=self._credited)
            processes = self._table.processes()
            unreadable = self._table.stats.unreadable
            for record in sorted(in_use, key=lambda r: (r.kind.value, r.key_name.casefold())):
                sighting = self._sighting(record, processes)
                if sighting is None:
                    leftovers.append(record)
                else:
                    sightings.append(sighting)
        self.leftovers = tuple(leftovers)
        self._credited = [s.pid for s in sightings if s.pid is not None]
        return Sample(at=at, monotonic=monotonic, kinds=self.kinds, sightings=tuple(sightings),
                      unreadable=unreadable)

    def statuses(self) -> tuple[BackendStatus, ...]:
        reading = self._last or self._read()
        if reading is None:
            return tuple(BackendStatus(k.value, BACKEND, False, self._problem or "") for k in KINDS)
        return tuple(self._status(reading, kind) for kind in KINDS)

    # --- inside -------------------------------------------------------------------

    def _read(self) -> ConsentReading | None:
        try:
            reading = read_consent_store(self._reader)
        except OSError as exc:
            self._problem = f"cannot read the ConsentStore: {exc}"
            return None
        self._problem = None
        self._last = reading
        return reading

    def _status(self, reading: ConsentReading, kind: Kind) -> BackendStatus:
        capability = CAPABILITIES[kind]
        hives = [h.value for h in reading.hives_read
                 if not any(m.startswith(f"{h.value}\\") and m.endswith(f"\\{capability}")
                            for m in reading.missing)]
        if not hives:
            return BackendStatus(
                kind.value, BACKEND, False,
                f"no ConsentStore\\{capability} key in HKCU or HKLM: Windows 10 (1903) or "
                f"later records {kind.value} use under {CONSENT_STORE}",
            )
        apps = len({r.app_key for r in reading.records if r.kind is kind})
        detail = (f"ConsentStore\\{capability} read from {' and '.join(hives)} ({apps} apps "
                  "recorded); Windows names the app, its process is found by program file")
        gone = [r for r in self.leftovers if r.kind is kind]
        if gone:
            names = ", ".join(_display_name(r) for r in gone)
            detail += (f"; marked in use but not running (left by a crash), counted as "
                       f"stopped: {names}")
        return BackendStatus(kind.value, BACKEND, True, detail)

    def _sighting(self, record: ConsentRecord, processes: dict[int, ProcessInfo]
                  ) -> Sighting | None:
        if record.exe is not None:
            found = _top(_running_exe(record.exe, processes))
            if found is None:
                return None  # a crash leftover: the program is not running
            return self._process_sighting(record, found, exe=found.exe or record.exe)
        package = record.package or record.key_name
        found = _top(_running_package(package, processes))
        if found is not None:
            return self._process_sighting(record, found, exe=found.exe)
        return Sighting(
            kind=record.kind,
            pid=None,
            process=package,
            device=CAPABILITIES[record.kind],
            app=self._catalogue.match(package.split("_")[0], None, "windows"),
        )

    def _process_sighting(self, record: ConsentRecord, info: ProcessInfo, exe: str | None
                          ) -> Sighting:
        return Sighting(
            kind=record.kind,
            pid=info.pid,
            process=info.name,
            exe=exe,
            user=self._table.lister.username(info.pid),
            device=CAPABILITIES[record.kind],
            app=self._catalogue.match(info.name, exe, "windows"),
        )


def _running_exe(exe: str, processes: dict[int, ProcessInfo]) -> list[ProcessInfo]:
    wanted = normalise_exe(exe)
    found = [p for p in processes.values() if p.exe and normalise_exe(p.exe) == wanted]
    if found:
        return found
    # A process whose program file cannot be read (elevated, another user's) but whose
    # name is the program's file name: most likely it, and better than calling it gone.
    file_name = ntpath.basename(exe).casefold()
    return [p for p in processes.values() if p.exe is None and p.name.casefold() == file_name]


def _running_package(package: str, processes: dict[int, ProcessInfo]) -> list[ProcessInfo]:
    wanted = package.casefold()
    return [
        p for p in processes.values()
        if p.exe and (package_family_of_exe(p.exe) or "").casefold() == wanted
    ]


def _top(candidates: Sequence[ProcessInfo]) -> ProcessInfo | None:
    """The oldest candidate whose parent is not one of them: the app's main process."""
    if not candidates:
        return None
    pids = {c.pid for c in candidates}
    roots = [c for c in candidates if c.ppid not in pids or c.ppid == c.pid]
    return min(roots or candidates, key=lambda c: (c.create_time, c.pid))


def _display_name(record: ConsentRecord) -> str:
    return ntpath.basename(record.exe) if record.exe else (record.package or record.key_name)
