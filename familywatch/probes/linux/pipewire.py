"""Who uses a camera that PipeWire holds: read from `pw-dump` output (pure parsing).

With the desktop camera portal (and every app that asks PipeWire for the camera) the
process holding /dev/videoN is `pipewire` itself. `pw-dump` prints the PipeWire graph
as a JSON array of objects: a `Video/Source` node per camera (`object.path`
"v4l2:/dev/videoN"), `Stream/Input/Video` nodes of the apps reading it, `Link`
objects joining output node to input node, and `Client` objects whose
`pipewire.sec.pid` (from the socket's credentials) names the real process.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NODE = "PipeWire:Interface:Node"
LINK = "PipeWire:Interface:Link"
CLIENT = "PipeWire:Interface:Client"
_DEAD_LINK_STATES = frozenset({"error", "unlinked"})


@dataclass(frozen=True, slots=True)
class MediaClient:
    """An app reading a device through a media server."""

    pid: int | None
    binary: str | None = None  # application.process.binary, e.g. "firefox"
    app_name: str | None = None  # application.name, e.g. "Firefox"


def as_pid(value: object) -> int | None:
    """pw-dump prints numbers as numbers, pactl as strings; either way, a positive int."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number > 0 else None
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def client_from_props(*props: Mapping[str, Any]) -> MediaClient:
    """The first pid, binary and name found in these property sets, in order.

    `pipewire.sec.pid` comes first: it is what the kernel says about the socket, and it
    is the host pid even for a sandboxed (Flatpak) app, whose own
    `application.process.id` is a pid inside its sandbox.
    """
    pid = next(
        (
            found
            for p in props
            for key in ("pipewire.sec.pid", "application.process.id")
            if (found := as_pid(p.get(key))) is not None
        ),
        None,
    )
    binary = next((b for p in props if (b := _text(p.get("application.process.binary")))), None)
    name = next(
        (
            n
            for p in props
            for key in ("application.name", "pipewire.access.portal.app_id")
            if (n := _text(p.get(key)))
        ),
        None,
    )
    return MediaClient(pid=pid, binary=binary, app_name=name)


def v4l2_device(props: Mapping[str, Any]) -> str | None:
    """The /dev node behind a camera source node, if it is a V4L2 one."""
    path = _text(props.get("object.path"))
    if path and path.startswith("v4l2:"):
        return path[len("v4l2:") :]
    return _text(props.get("api.v4l2.path"))


def video_clients(pw_dump_output: str) -> dict[str, list[MediaClient]]:
    """Device node -> the clients whose video streams read from it.

    Raises ValueError when the text is not pw-dump's JSON.
    """
    objects = json.loads(pw_dump_output)
    if not isinstance(objects, list):
        raise ValueError("pw-dump output is not a JSON array")
    nodes: dict[int, Mapping[str, Any]] = {}
    clients: dict[int, Mapping[str, Any]] = {}
    downstream: defaultdict[int, set[int]] = defaultdict(set)
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        info = obj.get("info")
        info = info if isinstance(info, dict) else {}
        props = info.get("props")
        props = props if isinstance(props, dict) else {}
        kind, object_id = obj.get("type"), obj.get("id")
        if not isinstance(object_id, int):
            continue
        if kind == NODE:
            nodes[object_id] = props
        elif kind == CLIENT:
            clients[object_id] = props
        elif kind == LINK and info.get("state") not in _DEAD_LINK_STATES:
            out, into = info.get("output-node-id"), info.get("input-node-id")
            if isinstance(out, int) and isinstance(into, int):
                downstream[out].add(into)

    found: dict[str, list[MediaClient]] = {}
    for node_id, props in nodes.items():
        if props.get("media.class") != "Video/Source":
            continue
        device = v4l2_device(props)
        if device is None:
            continue
        for stream_id in _streams_fed_by(node_id, nodes, downstream):
            stream = nodes[stream_id]
            client_id = as_pid(stream.get("client.id"))
            client = clients.get(client_id, {}) if client_id is not None else {}
            entry = client_from_props(client, stream)
            if entry not in found.setdefault(device, []):
                found[device].append(entry)
    return found


def _streams_fed_by(
    source: int, nodes: Mapping[int, Mapping[str, Any]], downstream: Mapping[int, set[int]]
) -> list[int]:
    """App video-input streams reachable from `source`, also through filters in between."""
    streams: list[int] = []
    seen = {source}
    frontier = [source]
    while frontier:
        following: list[int] = []
        for node_id in frontier:
            for nxt in sorted(downstream.get(node_id, ())):
                if nxt in seen or nxt not in nodes:
                    continue
                seen.add(nxt)
                media_class = str(nodes[nxt].get("media.class", ""))
                if media_class.startswith("Stream/Input/Video"):
                    streams.append(nxt)
                else:
                    following.append(nxt)  # a filter or virtual camera: look behind it
        frontier = following
    return streams
