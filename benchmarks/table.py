"""Results across repeated runs, and the table the suite prints (Markdown)."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    metric: str
    ours: str
    other: str = ""  # the peer or the baseline it is compared with
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lookup(result: dict[str, Any], key: str) -> Any:
    value: Any = result
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _is_spread(value: Any) -> bool:
    return isinstance(value, dict) and {"median", "min", "max"} <= value.keys()


class Agg:
    """The runs of one benchmark. A key names a number, or a spread
    ({median, min, max}) measured within a run; both read as one median with a range."""

    def __init__(self, runs: list[dict[str, Any]]) -> None:
        self.runs = [run for run in runs if "error" not in run]
        self.errors = [run["error"] for run in runs if "error" in run]

    def last(self, key: str) -> Any:
        for run in reversed(self.runs):
            value = _lookup(run, key)
            if value is not None:
                return value
        return None

    def _values(self, key: str) -> tuple[list[float], float, float] | None:
        found = [_lookup(run, key) for run in self.runs]
        found = [v for v in found if v is not None]
        if not found:
            return None
        if all(_is_spread(v) for v in found):
            medians = [float(v["median"]) for v in found]
            return medians, min(float(v["min"]) for v in found), \
                max(float(v["max"]) for v in found)
        numbers = [float(v) for v in found if isinstance(v, int | float)]
        if not numbers:
            return None
        return numbers, min(numbers), max(numbers)

    def get(self, key: str) -> float | None:
        values = self._values(key)
        return None if values is None else statistics.median(values[0])

    def fmt(self, key: str, digits: int = 1, unit: str = "") -> str:
        values = self._values(key)
        if values is None:
            return "n/a"
        middle, low, high = statistics.median(values[0]), values[1], values[2]
        text = f"{middle:,.{digits}f}"
        if f"{low:,.{digits}f}" != f"{high:,.{digits}f}":
            text += f" ({low:,.{digits}f}–{high:,.{digits}f})"
        return f"{text} {unit}".rstrip()


def ratio_text(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}×"


def compare(ours: float | None, theirs: float | None, better: str, worse: str,
            digits: int = 1) -> str:
    """For a lower-is-better figure: "4.1× faster", or "4.1× slower" when ours is higher."""
    if not ours or not theirs:
        return "n/a"
    if theirs >= ours:
        return f"{theirs / ours:,.{digits}f}× {better}"
    return f"{ours / theirs:,.{digits}f}× {worse}"


def check(value: float | None, limit: float, *, at_least: bool = False) -> bool | None:
    if value is None:
        return None
    return value >= limit if at_least else value <= limit


def markdown(rows: list[Row]) -> str:
    head = ["Benchmark", "Metric", "FamilyWatch", "Compared with", "Ratio", "Target", "Met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    mark = {True: "yes", False: "**no**", None: ""}
    for row in rows:
        cells = [row.section, row.metric, row.ours, row.other, row.ratio, row.target,
                 mark[row.met]]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(lines)
