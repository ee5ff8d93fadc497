"""Fixtures for the Windows probes: recorded registry and process table, the catalogue."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from familywatch.core.catalogue import Catalogue, parse_catalogue
from familywatch.core.clock import ManualClock
from tests.probes_windows.fakes import FakeProcesses, FakeRegistry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    text = (REPO / "resources" / "catalogue.toml").read_text(encoding="utf-8")
    entries, errors = parse_catalogue(text, "catalogue.toml")
    assert errors == []
    return Catalogue(entries)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 12, 8, 18, 25, tzinfo=UTC))


@pytest.fixture
def registry() -> FakeRegistry:
    return FakeRegistry.from_fixture()


@pytest.fixture
def processes() -> FakeProcesses:
    return FakeProcesses.from_fixture()
