"""What every platform backend hands to the monitor: the ProbeSet."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from familywatch.core.catalogue_guard import KeySource
from familywatch.core.model import BackendStatus, Kind, ProbeReport, Sample
from familywatch.core.ports import ChangeWatcher, Clock, SightingProbe
from familywatch.probes.catalogue_files import CatalogueFiles


def current_os() -> str:
    """'linux', 'windows' or 'macos' - the keys used in the catalogue."""
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


@dataclass(frozen=True, slots=True)
class ProbeConfig:
    video_globs: tuple[str, ...]
    audio_globs: tuple[str, ...]
    # Built-in catalogue first, then the family's own file (which may not exist).
    catalogue_files: tuple[Path, ...]
    os_name: str = field(default_factory=current_os)
    # The key parents' approvals of changes to built-in apps are checked with (read from
    # the keyring by the composition root); None: no change to a built-in app counts.
    approval_key: KeySource | None = field(default=None, compare=False)


@dataclass
class ProbeSet:
    """The probes of one platform.

    `devices` covers the camera and the microphone, `apps` the catalogued apps;
    `watcher` (optional) wakes the monitor when a device node is opened or closed.
    """

    devices: SightingProbe
    apps: SightingProbe
    watcher: ChangeWatcher | None
    catalogue_errors: tuple[str, ...] = ()
    extra_statuses: tuple[BackendStatus, ...] = ()
    # The files behind the catalogue the probes hold; None for null/test probe sets.
    catalogue_files: CatalogueFiles | None = None

    def refresh_catalogue(self) -> bool:
        """Pick up a changed family catalogue (one stat per file); True when reloaded."""
        if self.catalogue_files is None or not self.catalogue_files.refresh():
            return False
        self.catalogue_errors = self.catalogue_files.errors
        return True

    @property
    def catalogue_problem(self) -> str | None:
        """In words, when the family's file tries to change a built-in app without the
        parent PIN (the monitor shows it as a problem), else None."""
        refusals = self.catalogue_files.refusals if self.catalogue_files is not None else ()
        if not refusals:
            return None
        names = ", ".join(dict.fromkeys(refusal.built_in.name for refusal in refusals))
        return (f"the family's app list has a change to a built-in app ({names}) that needs "
                "the parent PIN; it is ignored until a parent approves it (see "
                "'familywatch apps' or Parent settings > App list)")

    def statuses(self) -> tuple[BackendStatus, ...]:
        found = [*self.devices.statuses(), *self.apps.statuses()]
        if self.watcher is not None:
            found.append(self.watcher.status())
        return (*found, *self.extra_statuses)

    def report(self, clock: Clock) -> ProbeReport:
        """Everything seen right now, for `familywatch probe`."""
        devices: Sample = self.devices.sample()
        apps: Sample = self.apps.sample()
        by_kind = {
            kind: tuple(s for s in (*devices.sightings, *apps.sightings) if s.kind is kind)
            for kind in Kind
        }
        return ProbeReport(
            at=clock.now(),
            camera=by_kind[Kind.CAMERA],
            microphone=by_kind[Kind.MICROPHONE],
            apps=by_kind[Kind.APP],
            backends=self.statuses(),
            unreadable=max(devices.unreadable, apps.unreadable),
            notes=self.catalogue_errors,
        )

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
