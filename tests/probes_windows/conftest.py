"""Fixtures for the Windows probes: recorded registry and process table, the catalogue."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from familywatch.core.catalogue import Catalogue
from familywatch.core.clock import ManualClock
from tests.probes_windows.fakes import FakeProcesses, FakeRegistry
from tests.support.builtin_catalogue import built_in_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return built_in_catalogue()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 12, 8, 18, 25, tzinfo=UTC))


@pytest.fixture
def registry() -> FakeRegistry:
    return FakeRegistry.from_fixture()


@pytest.fixture
def processes() -> FakeProcesses:
    return FakeProcesses.from_fixture()
