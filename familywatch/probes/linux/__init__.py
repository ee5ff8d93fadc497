"""Linux probes: /proc scans for device holders, inotify wake-ups, psutil for apps."""

from __future__ import annotations

import os
from collections.abc import Sequence

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import BackendStatus
from familywatch.core.ports import Clock
from familywatch.probes.base import ProbeConfig, ProbeSet
from familywatch.probes.linux.app_probe import BACKEND as APPS_BACKEND
from familywatch.probes.linux.app_probe import LinuxAppProbe
from familywatch.probes.linux.device_probe import LinuxDeviceProbe
from familywatch.probes.linux.holders import HolderScan, scan_holders
from familywatch.probes.linux.media import MediaServers, Runner, run_command
from familywatch.probes.linux.watcher import InotifyWatcher

__all__ = [
    "HolderScan",
    "InotifyWatcher",
    "LinuxAppProbe",
    "LinuxDeviceProbe",
    "MediaServers",
    "Runner",
    "create_probes",
    "run_command",
    "scan_holders",
]


def create_probes(
    config: ProbeConfig,
    clock: Clock,
    catalogue: Catalogue,
    catalogue_errors: Sequence[str] = (),
    runner: Runner = run_command,
) -> ProbeSet:
    """The Linux ProbeSet. Without /proc the device probe says so in its statuses."""
    media = MediaServers(runner=runner)
    watcher = InotifyWatcher(config.video_globs, config.audio_globs)
    extra: tuple[BackendStatus, ...] = ()
    if not os.path.isdir("/proc/self/fd"):
        extra = (BackendStatus("apps", APPS_BACKEND, False, "no /proc file system here"),)
    return ProbeSet(
        devices=LinuxDeviceProbe(config.video_globs, config.audio_globs, catalogue, clock, media),
        apps=LinuxAppProbe(catalogue, clock),
        watcher=watcher,
        catalogue_errors=tuple(catalogue_errors),
        extra_statuses=extra,
    )
