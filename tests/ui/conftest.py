"""UI tests: real widgets offscreen, built from a real SQLite store (tests/ui/sample_data.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from familywatch.ui.wording import Wording, wording
from tests.ui.real_monitor import Rig, build_rig
from tests.ui.sample_data import Household, empty_household, family_week


@pytest.fixture
def words() -> Wording:
    return wording()


@pytest.fixture
def house(tmp_path: Path) -> Iterator[Household]:
    """Monday to Wednesday 19:44 of a family's week (see sample_data.py)."""
    built = family_week(tmp_path)
    yield built
    built.store.close()


@pytest.fixture
def empty_house(tmp_path: Path) -> Iterator[Household]:
    built = empty_household(tmp_path)
    yield built
    built.store.close()


@pytest.fixture(autouse=True)
def _qt_application(qapp: object) -> object:
    """Every UI test has a QApplication: fonts and pixmaps need one even without widgets."""
    return qapp


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    """A real Monitor with real Linux probes on a stand-in camera (not started)."""
    yield from build_rig(tmp_path)


@pytest.fixture
def quiet_rig(tmp_path: Path) -> Iterator[Rig]:
    """A real Monitor whose probes see nothing: for menus, quitting and signals."""
    yield from build_rig(tmp_path, sensing=False)
