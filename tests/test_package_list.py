"""pyproject.toml lists packages explicitly (resources/ is mapped in); keep it complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_in_the_tree_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    in_tree = {".".join(init.parent.relative_to(ROOT).parts)
               for init in (ROOT / "familywatch").rglob("__init__.py")}
    assert in_tree - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - in_tree == {"familywatch.resources"}
    assert config["tool"]["setuptools"]["package-dir"]["familywatch.resources"] == "resources"
