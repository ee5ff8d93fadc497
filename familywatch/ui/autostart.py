"""Start at login: the XDG autostart entry in ~/.config/autostart (Linux and BSD).

The entry is a copy of packaging/linux/familywatch-autostart.desktop, kept in
resources/ui/ so an installed wheel has it. XDG_CONFIG_HOME is honoured. (Windows:
a Run key, macOS: a LaunchAgent - prepared by the packaging work, not done here.)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from familywatch.ui.wording import resource_root

FILE_NAME = "familywatch.desktop"


def autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / FILE_NAME


def template() -> str:
    return (resource_root() / "ui" / "familywatch-autostart.desktop").read_text(encoding="utf-8")


def is_enabled(environ: Mapping[str, str] | None = None) -> bool:
    return autostart_file(environ).is_file()


def set_enabled(enabled: bool, environ: Mapping[str, str] | None = None) -> Path:
    """Write or remove the entry; returns its path."""
    path = autostart_file(environ)
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(template(), encoding="utf-8")
        partial.replace(path)
    else:
        path.unlink(missing_ok=True)
    return path
