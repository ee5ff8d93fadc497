"""Which camera and microphone device nodes exist right now (the configured globs, expanded).

Expanding is cheap (a directory listing), so it is redone on every sample: a camera
plugged in later is picked up without a restart.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

from familywatch.core.model import Kind


@dataclass(frozen=True, slots=True)
class DeviceNode:
    path: str  # as the glob found it, e.g. /dev/video0 - what records show
    real: str  # symlinks resolved: what /proc/<pid>/fd links point to
    kind: Kind


@dataclass(frozen=True, slots=True)
class DeviceNodes:
    video_globs: tuple[str, ...]
    audio_globs: tuple[str, ...]
    nodes: tuple[DeviceNode, ...]

    @property
    def by_real_path(self) -> dict[str, DeviceNode]:
        return {node.real: node for node in self.nodes}

    @property
    def real_paths(self) -> frozenset[str]:
        return frozenset(node.real for node in self.nodes)

    def of_kind(self, kind: Kind) -> tuple[DeviceNode, ...]:
        return tuple(node for node in self.nodes if node.kind is kind)

    def globs_of(self, kind: Kind) -> tuple[str, ...]:
        return self.video_globs if kind is Kind.CAMERA else self.audio_globs


def _is_device_candidate(path: str) -> bool:
    """Character devices, or regular files standing in for them (tests, FAMILYWATCH_*)."""
    try:
        return not os.path.isdir(path) and os.path.exists(path)
    except OSError:
        return False


def expand_device_globs(video_globs: tuple[str, ...], audio_globs: tuple[str, ...]) -> DeviceNodes:
    """The nodes matching the globs; a node matched by both lists counts as a camera."""
    found: dict[str, DeviceNode] = {}
    for kind, patterns in ((Kind.CAMERA, video_globs), (Kind.MICROPHONE, audio_globs)):
        for pattern in patterns:
            for path in sorted(glob.glob(pattern)):
                if not _is_device_candidate(path):
                    continue
                real = os.path.realpath(path)
                found.setdefault(real, DeviceNode(path=path, real=real, kind=kind))
    return DeviceNodes(video_globs, audio_globs, tuple(found.values()))


def watch_directories(patterns: tuple[str, ...]) -> set[str]:
    """Directories where new nodes for these globs would appear (for hot-plug watches).

    If the glob's own directory does not exist yet (no sound card: no /dev/snd), its
    nearest existing ancestor is watched, so that the directory's creation is noticed.
    """
    directories: set[str] = set()
    for pattern in patterns:
        parent = os.path.dirname(os.path.abspath(pattern))
        if glob.has_magic(parent):
            matches = [path for path in glob.glob(parent) if os.path.isdir(path)]
            if matches:
                directories.update(matches)
                continue
            while glob.has_magic(parent):
                parent = os.path.dirname(parent)
        while parent and not os.path.isdir(parent):
            up = os.path.dirname(parent)
            if up == parent:
                break
            parent = up
        if os.path.isdir(parent):
            directories.add(parent)
    return directories
