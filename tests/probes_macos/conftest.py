"""Fixtures for the macOS probes: recorded Macs, the catalogue, a clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from familywatch.core.catalogue import Catalogue, parse_catalogue
from familywatch.core.clock import ManualClock

REPO = Path(__file__).resolve().parents[2]
SONOMA = "macbook-sonoma-14.5.json"
VENTURA = "imac-ventura-13.6.json"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    text = (REPO / "resources" / "catalogue.toml").read_text(encoding="utf-8")
    entries, errors = parse_catalogue(text, "catalogue.toml")
    assert errors == []
    return Catalogue(entries)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 12, 8, 18, 25, tzinfo=UTC))
