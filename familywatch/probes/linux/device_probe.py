"""Camera and microphone in use on Linux, and by which process: the SightingProbe.

One sample = expand the globs, scan /proc for holders, then look up details only for
the few holders: the top-level app process (Chromium children credited to the
browser), and - when the holder is a media server - the apps behind it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import BackendStatus, Kind, Sample, Sighting
from familywatch.core.ports import Clock
from familywatch.probes.linux.holders import PROC, HolderScan, scan_holders
from familywatch.probes.linux.media import MediaServers
from familywatch.probes.linux.nodes import DeviceNode, DeviceNodes, expand_device_globs
from familywatch.probes.linux.pipewire import MediaClient
from familywatch.probes.linux.processes import MEDIA_SERVERS, ProcessDetails, top_level

_WHY_NONE = {
    Kind.CAMERA: "no camera connected?",
    Kind.MICROPHONE: "no microphone or sound card?",
}


class LinuxDeviceProbe:
    """Samples which processes hold the camera and microphone nodes."""

    def __init__(
        self,
        video_globs: tuple[str, ...],
        audio_globs: tuple[str, ...],
        catalogue: Catalogue,
        clock: Clock,
        media: MediaServers | None = None,
        proc: str = PROC,
    ) -> None:
        self._video_globs = video_globs
        self._audio_globs = audio_globs
        self._catalogue = catalogue
        self._clock = clock
        self._media = media
        self._proc = proc
        self._last_scan: HolderScan | None = None

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset({Kind.CAMERA, Kind.MICROPHONE})

    def nodes(self) -> DeviceNodes:
        return expand_device_globs(self._video_globs, self._audio_globs)

    def sample(self) -> Sample:
        at, monotonic = self._clock.now(), self._clock.monotonic()
        nodes = self.nodes()
        scan = scan_holders(nodes.real_paths, self._proc)
        self._last_scan = scan
        return Sample(
            at=at,
            monotonic=monotonic,
            kinds=self.kinds,
            sightings=tuple(_Attribution(self._catalogue, self._media).run(nodes, scan)),
            unreadable=scan.unreadable,
        )

    def statuses(self) -> tuple[BackendStatus, ...]:
        if not os.path.isdir(self._proc):
            why = f"no {self._proc} file system here: cannot see which process uses a device"
            return tuple(
                BackendStatus(kind.value, "linux-proc", False, why)
                for kind in (Kind.CAMERA, Kind.MICROPHONE)
            )
        nodes = self.nodes()
        found = [self._node_status(nodes, kind) for kind in (Kind.CAMERA, Kind.MICROPHONE)]
        if self._media is not None:
            found.extend(self._media.statuses())
        return tuple(found)

    def _node_status(self, nodes: DeviceNodes, kind: Kind) -> BackendStatus:
        globs = " or ".join(nodes.globs_of(kind)) or "(no pattern configured)"
        count = len(nodes.of_kind(kind))
        if count == 0:
            return BackendStatus(
                kind.value,
                "linux-proc",
                False,
                f"no device node matches {globs} ({_WHY_NONE[kind]}); "
                "one plugged in later is picked up",
            )
        nodes_match = "1 device node matches" if count == 1 else f"{count} device nodes match"
        detail = f"{nodes_match} {globs}"
        if self._last_scan is not None and self._last_scan.unreadable:
            detail += (
                f"; {self._last_scan.unreadable} processes could not be read "
                "(other users'): their use of a device is not seen"
            )
        return BackendStatus(kind.value, "linux-proc", True, detail)


class _Attribution:
    """Turns one holder scan into sightings; asks each media server at most once."""

    def __init__(self, catalogue: Catalogue, media: MediaServers | None) -> None:
        self._catalogue = catalogue
        self._media = media
        self._video: dict[str, list[MediaClient]] | None = None
        self._audio: dict[str | None, list[MediaClient]] | None = None
        self._asked: set[Kind] = set()

    def run(self, nodes: DeviceNodes, scan: HolderScan) -> list[Sighting]:
        by_real = nodes.by_real_path
        found: dict[tuple[Kind, int | None, str, str], Sighting] = {}
        holders = [(pid, top_level(pid), held) for pid, held in sorted(scan.holders.items())]
        # Direct holders first, so that an app seen both directly and through a media
        # server keeps the direct sighting (the more precise one).
        holders.sort(key=lambda item: item[1] is not None and item[1].name in MEDIA_SERVERS)
        for _pid, holder, held in holders:
            if holder is None:
                continue  # exited since the scan
            for real in sorted(held):
                node = by_real[real]
                for sighting in self._sightings(holder, node):
                    # One per (process, device); unknown pids are told apart by name.
                    name = "" if sighting.pid is not None else sighting.process
                    key = (sighting.kind, sighting.pid, node.path, name)
                    found.setdefault(key, sighting)
        return list(found.values())

    def _sightings(self, holder: ProcessDetails, node: DeviceNode) -> Iterable[Sighting]:
        if holder.name not in MEDIA_SERVERS:
            return [self._sighting(holder, node)]
        clients = self._clients(node)
        if not clients:
            return [self._sighting(holder, node, via=holder.name)]
        return [self._client_sighting(client, node, holder.name) for client in clients]

    def _sighting(self, proc: ProcessDetails, node: DeviceNode, via: str | None = None) -> Sighting:
        return Sighting(
            kind=node.kind,
            pid=proc.pid,
            process=proc.name,
            exe=proc.exe,
            user=proc.user,
            device=node.path,
            app=self._catalogue.match(proc.name, proc.exe, "linux"),
            via=via,
        )

    def _client_sighting(self, client: MediaClient, node: DeviceNode, server: str) -> Sighting:
        proc = top_level(client.pid) if client.pid is not None else None
        if proc is not None:
            return self._sighting(proc, node, via=server)
        # Not a process we can see (gone, or in another pid namespace): what the server said.
        name = client.binary or client.app_name or "unknown"
        return Sighting(
            kind=node.kind,
            pid=None,
            process=name,
            device=node.path,
            app=self._catalogue.match(name, None, "linux"),
            via=server,
        )

    def _clients(self, node: DeviceNode) -> list[MediaClient]:
        if self._media is None:
            return []
        if node.kind is Kind.CAMERA:
            if Kind.CAMERA not in self._asked:
                self._asked.add(Kind.CAMERA)
                self._video = self._media.video_clients()
            video = self._video or {}
            return video.get(node.real) or video.get(node.path) or []
        if Kind.MICROPHONE not in self._asked:
            self._asked.add(Kind.MICROPHONE)
            self._audio = self._media.audio_clients()
        audio = self._audio or {}
        # ALSA names a capture node pcmC<card>D<device>c wherever it lives, so the name
        # decides (a stand-in node set with FAMILYWATCH_AUDIO_DEVICES works the same).
        by_name = {os.path.basename(path): found for path, found in audio.items() if path}
        # Streams from sources that could not be tied to a node (echo-cancel, virtual
        # sources) read the real microphone underneath: credit them when nothing else is.
        return by_name.get(os.path.basename(node.real)) or audio.get(None) or []
