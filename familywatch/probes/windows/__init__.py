"""Windows probes: the ConsentStore registry for the camera and microphone, psutil for apps.

Nothing here needs Windows to import: winreg and ctypes.windll are touched only when
the real reader and notifier are made, so on another system `create_probes` returns
probes whose statuses say why they cannot work (and tests feed fakes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from familywatch.core.catalogue import Catalogue
from familywatch.core.ports import Clock
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.base import ProbeConfig, ProbeSet
from familywatch.probes.null import without_devices
from familywatch.probes.process_cache import (
    ProcessInfo,
    ProcessLister,
    ProcessTable,
    PsutilProcessLister,
)
from familywatch.probes.windows.consent_store import (
    CONSENT_STORE,
    ConsentReading,
    ConsentRecord,
    read_consent_store,
)
from familywatch.probes.windows.device_probe import BACKEND as DEVICE_BACKEND
from familywatch.probes.windows.device_probe import WindowsDeviceProbe
from familywatch.probes.windows.filetime import filetime_to_utc, utc_to_filetime
from familywatch.probes.windows.notify import KeyNotifier, Win32KeyNotifier
from familywatch.probes.windows.registry import (
    Hive,
    RegistryKey,
    RegistryReader,
    RegistryUnavailable,
    WinregReader,
)
from familywatch.probes.windows.watcher import BACKEND as WATCH_BACKEND
from familywatch.probes.windows.watcher import RegistryChangeWatcher

__all__ = [
    "CONSENT_STORE",
    "CataloguedAppProbe",
    "ConsentReading",
    "ConsentRecord",
    "Hive",
    "KeyNotifier",
    "ProcessInfo",
    "ProcessLister",
    "ProcessTable",
    "PsutilProcessLister",
    "RegistryChangeWatcher",
    "RegistryKey",
    "RegistryReader",
    "RegistryUnavailable",
    "Win32KeyNotifier",
    "WindowsDeviceProbe",
    "WinregReader",
    "create_probes",
    "filetime_to_utc",
    "read_consent_store",
    "utc_to_filetime",
]

APPS_BACKEND = "psutil"


def create_probes(
    config: ProbeConfig,
    clock: Clock,
    catalogue: Catalogue,
    catalogue_errors: Sequence[str] = (),
    *,
    registry: RegistryReader | None = None,
    processes: ProcessLister | None = None,
    make_notifier: Callable[[], KeyNotifier] | None = None,
) -> ProbeSet:
    """The Windows ProbeSet; without a registry the device statuses say why.

    `registry`, `processes` and `make_notifier` replace the real registry, process
    table and change notification (tests pass fakes fed with recorded data).
    """
    table = ProcessTable(catalogue, "windows", processes)
    apps = CataloguedAppProbe(table, clock, APPS_BACKEND)
    if registry is None:
        try:
            registry = WinregReader()
        except RegistryUnavailable as exc:
            return without_devices(apps, clock, DEVICE_BACKEND, WATCH_BACKEND, str(exc),
                                   catalogue_errors)
    return ProbeSet(
        devices=WindowsDeviceProbe(registry, table, catalogue, clock),
        apps=apps,
        watcher=RegistryChangeWatcher(make_notifier or Win32KeyNotifier),
        catalogue_errors=tuple(catalogue_errors),
    )
