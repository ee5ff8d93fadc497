"""Start at login on Linux and BSD: the XDG autostart entry in ~/.config/autostart.

The entry is a copy of packaging/linux/familywatch-autostart.desktop, kept in
resources/ui/ so an installed wheel has it. XDG_CONFIG_HOME is honoured.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from familywatch.ui.autostart_files import remove_entry, write_entry
from familywatch.ui.wording import resource_root

FILE_NAME = "familywatch.desktop"


def autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / FILE_NAME


def template() -> str:
    return (resource_root() / "ui" / "familywatch-autostart.desktop").read_text(encoding="utf-8")


class XdgAutostart:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.path = autostart_file(environ)

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def set_enabled(self, enabled: bool) -> Path:
        if enabled:
            write_entry(self.path, template().encode("utf-8"))
        else:
            remove_entry(self.path)
        return self.path

    def describe(self) -> str:
        return f"the autostart entry {self.path}"
