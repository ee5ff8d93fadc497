"""Paths of the packaging files, and the version they must all carry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from familywatch import __version__

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.familywatch.FamilyWatch"
VERSION = __version__


def run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a validator if it is installed here, else skip saying how to get it."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install desktop-file-utils "
                    "appstream)")
    return subprocess.run([path, *args], capture_output=True, text=True, timeout=60,
                          check=False)
