"""macOS probes: CoreMediaIO for cameras, CoreAudio for microphones, psutil for apps.

The frameworks are loaded (by path, with ctypes) only when the real MediaFramework
is made, so this package imports anywhere; elsewhere `create_probes` returns probes
whose statuses say why they cannot work, and tests feed a fake framework.

The app probe and process table are shared with the other backends
(familywatch.probes.app_probe / process_cache).
"""

from __future__ import annotations

from collections.abc import Sequence

from familywatch.core.catalogue import Catalogue
from familywatch.core.ports import Clock
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.base import ProbeConfig, ProbeSet
from familywatch.probes.macos.device_probe import (
    AUDIO_BACKEND,
    CAMERA_BACKEND,
    UNKNOWN_APP,
    MacDeviceProbe,
)
from familywatch.probes.macos.framework import (
    DeviceClass,
    FrameworkUnavailable,
    MediaDevice,
    MediaFramework,
    ProcessObjectsUnsupported,
    parse_version,
)
from familywatch.probes.macos.native import NativeMediaFramework
from familywatch.probes.macos.watcher import BACKEND as WATCH_BACKEND
from familywatch.probes.macos.watcher import REREAD_SECONDS, MediaState, MediaStateWatcher
from familywatch.probes.null import without_devices
from familywatch.probes.process_cache import ProcessLister, ProcessTable

__all__ = [
    "UNKNOWN_APP",
    "DeviceClass",
    "FrameworkUnavailable",
    "MacDeviceProbe",
    "MediaDevice",
    "MediaFramework",
    "MediaState",
    "MediaStateWatcher",
    "NativeMediaFramework",
    "ProcessObjectsUnsupported",
    "create_probes",
    "parse_version",
]

APPS_BACKEND = "psutil"


def create_probes(
    config: ProbeConfig,
    clock: Clock,
    catalogue: Catalogue,
    catalogue_errors: Sequence[str] = (),
    *,
    framework: MediaFramework | None = None,
    processes: ProcessLister | None = None,
    reread_seconds: float = REREAD_SECONDS,
) -> ProbeSet:
    """The macOS ProbeSet; without the frameworks the device statuses say why.

    `framework` and `processes` replace CoreMediaIO/CoreAudio and the process table
    (tests pass fakes fed with recorded data).
    """
    table = ProcessTable(catalogue, "macos", processes)
    apps = CataloguedAppProbe(table, clock, APPS_BACKEND)
    if framework is None:
        try:
            framework = NativeMediaFramework()
        except FrameworkUnavailable as exc:
            return without_devices(apps, clock, f"{CAMERA_BACKEND}/{AUDIO_BACKEND}",
                                   WATCH_BACKEND, str(exc), catalogue_errors)
    return ProbeSet(
        devices=MacDeviceProbe(framework, table.lister, catalogue, clock),
        apps=apps,
        watcher=MediaStateWatcher(framework, reread_seconds),
        catalogue_errors=tuple(catalogue_errors),
    )
