"""Who records from a microphone that the sound server holds: `pactl` output (pure parsing).

The capture nodes /dev/snd/pcmC*D*c are held by pipewire (pipewire-pulse) or
pulseaudio; the apps recording are its *source outputs*. `pactl -f json` exists since
PulseAudio 16 / PipeWire 0.3.5x; older pactl only prints text (run with LC_ALL=C: the
text is translated). Sources tell which ALSA card/device they read (alsa.card,
alsa.device), which gives the node /dev/snd/pcmC<card>D<device>c.

Not microphone use, so skipped: recordings of a `.monitor` source (what the speakers
play), and level meters (pavucontrol's and the desktop's "peak detect" streams).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from familywatch.probes.linux.pipewire import MediaClient, client_from_props

_BLOCK = re.compile(r"^(?P<kind>\S.*?) #(?P<index>\d+)\s*$")
_FIELD = re.compile(r"^\t(?P<key>[^\t:][^:]*):\s?(?P<value>.*)$")
_PROPERTY = re.compile(r'^\t\t(?P<key>[^=\s]+) = "(?P<value>.*)"\s*$')


@dataclass(frozen=True, slots=True)
class _Source:
    index: int
    name: str
    monitor: bool
    device: str | None  # /dev/snd/pcmC?D?c, if an ALSA capture device


@dataclass(slots=True)
class _Block:
    index: int
    fields: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


def _alsa_node(props: Mapping[str, object]) -> str | None:
    for card_key, device_key in (
        ("alsa.card", "alsa.device"),
        ("api.alsa.pcm.card", "api.alsa.pcm.device"),
    ):
        card, device = props.get(card_key), props.get(device_key)
        if str(card).isdigit() and str(device).isdigit():
            return f"/dev/snd/pcmC{card}D{device}c"
    return None


def _is_level_meter(props: Mapping[str, object]) -> bool:
    if props.get("stream.monitor") == "true" or props.get("resample.peaks") == "true":
        return True
    if props.get("stream.capture.sink") == "true":  # records what a sink plays
        return True
    media_name = str(props.get("media.name", "")).casefold()
    return "peak detect" in media_name or "volume meter" in media_name


def _group(
    sources: list[_Source], outputs: list[tuple[int, Mapping[str, object]]]
) -> dict[str | None, list[MediaClient]]:
    by_index = {source.index: source for source in sources}
    found: dict[str | None, list[MediaClient]] = {}
    for source_index, props in outputs:
        source = by_index.get(source_index)
        if source is not None and source.monitor:
            continue
        if _is_level_meter(props):
            continue
        client = client_from_props(props)
        # None: the source is not an ALSA device (echo-cancel, virtual) or is unknown.
        device = source.device if source is not None else None
        if client not in found.setdefault(device, []):
            found[device].append(client)
    return found


# --- JSON (pactl -f json list sources / source-outputs) -------------------------------


def _json_array(text: str, what: str) -> list[dict[str, object]]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError(f"pactl {what} output is not a JSON array")
    return [item for item in data if isinstance(item, dict)]


def _props(item: Mapping[str, object]) -> dict[str, object]:
    props = item.get("properties")
    return dict(props) if isinstance(props, dict) else {}


def audio_clients_json(sources: str, source_outputs: str) -> dict[str | None, list[MediaClient]]:
    """Capture node (None if unknown) -> the apps recording from it. ValueError if not JSON."""
    parsed_sources = []
    for item in _json_array(sources, "sources"):
        index = item.get("index")
        if not isinstance(index, int):
            continue
        name = str(item.get("name") or "")
        props = _props(item)
        # pactl writes the monitored sink's name under "monitor_source" (sic).
        monitor_of = item.get("monitor_source") or item.get("monitor_of_sink")
        monitor = name.endswith(".monitor") or bool(monitor_of) or _is_monitor_class(props)
        parsed_sources.append(_Source(index, name, monitor, _alsa_node(props)))
    outputs: list[tuple[int, Mapping[str, object]]] = []
    for item in _json_array(source_outputs, "source-outputs"):
        source = item.get("source")
        outputs.append((source if isinstance(source, int) else -1, _props(item)))
    return _group(parsed_sources, outputs)


def _is_monitor_class(props: Mapping[str, object]) -> bool:
    return props.get("device.class") == "monitor"


# --- Text (pactl list sources / source-outputs, LC_ALL=C) -----------------------------


def _blocks(text: str, kind: str) -> Iterator[_Block]:
    block: _Block | None = None
    in_properties = False
    for line in text.splitlines():
        header = _BLOCK.match(line)
        if header:
            if block is not None:
                yield block
            block = _Block(int(header["index"])) if header["kind"].strip() == kind else None
            in_properties = False
            continue
        if block is None:
            continue
        prop = _PROPERTY.match(line)
        if prop and in_properties:
            value = prop["value"].replace('\\"', '"').replace("\\\\", "\\")
            block.properties[prop["key"]] = value
            continue
        found = _FIELD.match(line)
        if found:
            key = found["key"].strip()
            block.fields[key] = found["value"].strip()
            in_properties = key == "Properties"
    if block is not None:
        yield block


def audio_clients_text(sources: str, source_outputs: str) -> dict[str | None, list[MediaClient]]:
    """As audio_clients_json, from pactl's plain text. ValueError if nothing looks right."""
    parsed_sources = []
    for block in _blocks(sources, "Source"):
        name = block.fields.get("Name", "")
        monitor_of = block.fields.get("Monitor of Sink", "n/a")
        monitor = name.endswith(".monitor") or monitor_of not in ("", "n/a")
        monitor = monitor or _is_monitor_class(block.properties)
        parsed_sources.append(_Source(block.index, name, monitor, _alsa_node(block.properties)))
    outputs: list[tuple[int, Mapping[str, object]]] = []
    for block in _blocks(source_outputs, "Source Output"):
        source_index = block.fields.get("Source", "")
        outputs.append((int(source_index) if source_index.isdigit() else -1, block.properties))
    if not parsed_sources and source_outputs.strip() and not outputs:
        raise ValueError("pactl text output not understood")
    return _group(parsed_sources, outputs)
