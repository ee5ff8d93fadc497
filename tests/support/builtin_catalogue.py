"""The catalogue shipped in resources/, as the probe tests match against it."""

from __future__ import annotations

from pathlib import Path

from familywatch.core.catalogue import Catalogue, parse_catalogue

BUILT_IN = Path(__file__).resolve().parents[2] / "resources" / "catalogue.toml"


def built_in_catalogue() -> Catalogue:
    """The built-in catalogue, parsed; it must parse without a single problem."""
    entries, errors = parse_catalogue(BUILT_IN.read_text(encoding="utf-8"), "catalogue.toml")
    assert errors == []
    return Catalogue(entries)
