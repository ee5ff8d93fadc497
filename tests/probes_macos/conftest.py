"""Fixtures for the macOS probes: recorded Macs, the catalogue, a clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from familywatch.core.catalogue import Catalogue
from familywatch.core.clock import ManualClock
from tests.support.builtin_catalogue import built_in_catalogue

SONOMA = "macbook-sonoma-14.5.json"
VENTURA = "imac-ventura-13.6.json"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return built_in_catalogue()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 12, 8, 18, 25, tzinfo=UTC))
