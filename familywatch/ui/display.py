"""Is there a screen for windows? Kept apart from Qt so that `familywatch` on a console
can choose the headless monitor without importing PySide6 (~35 MB it would keep)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def can_show_windows(environ: Mapping[str, str] | None = None) -> bool:
    """False on a Linux/BSD console or over SSH without X: start the headless monitor."""
    env = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
