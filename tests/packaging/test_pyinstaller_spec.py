"""The PyInstaller spec lists what PyInstaller can't find by following imports.

The spec is Python run by PyInstaller; here it is only parsed. The check that fails
when someone adds a probe module without telling the spec: BACKEND_MODULES must be
exactly the modules of the platform backend packages in the source tree.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING, REPO

SPEC = PACKAGING / "pyinstaller" / "familywatch.spec"
BACKENDS = ("linux", "windows", "macos")


def spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return value
    raise AssertionError(f"{name} is not assigned in {SPEC.name}")


def backend_modules() -> set[str]:
    found = set()
    for backend in BACKENDS:
        package = REPO / "familywatch" / "probes" / backend
        for path in package.glob("*.py"):
            name = f"familywatch.probes.{backend}"
            found.add(name if path.stem == "__init__" else f"{name}.{path.stem}")
    return found


def test_every_backend_module_is_a_hidden_import():
    listed = spec_list("BACKEND_MODULES")
    assert len(listed) == len(set(listed)), "listed twice"
    assert set(listed) == backend_modules()


@pytest.mark.parametrize("module", [
    "familywatch.store.migrations.env",
    "alembic",
    "sqlalchemy.dialects.sqlite",
    "apscheduler.triggers.interval",
    "apscheduler.triggers.date",
    "apscheduler.triggers.cron",
    "apscheduler.executors.pool",
    "apscheduler.jobstores.memory",
    "keyring.backends.SecretService",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
])
def test_lazily_imported_third_party_modules_are_listed(module):
    assert module in spec_list("THIRD_PARTY_LAZY")


def test_every_listed_module_exists():
    for module in spec_list("BACKEND_MODULES") + spec_list("THIRD_PARTY_LAZY"):
        assert importlib.util.find_spec(module) is not None, module


def test_resources_migrations_and_plugin_metadata_are_bundled():
    text = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "familywatch/resources")' in text
    for pattern in ('"*.py"', '"*.ini"', '"*.mako"', '"versions/*.py"'):
        assert pattern in text
    assert 'copy_metadata("APScheduler")' in text and 'copy_metadata("keyring")' in text
    assert (PACKAGING / "pyinstaller" / "launch_familywatch.py").is_file()
    migrations = REPO / "familywatch" / "store" / "migrations"
    assert {p.name for p in migrations.iterdir() if p.suffix in {".ini", ".mako"}} == {
        "alembic.ini", "script.py.mako"}


def test_resources_are_found_where_the_bundle_puts_them(tmp_path):
    """config.resources_dir() looks beside the package first: familywatch/resources."""
    package = tmp_path / "_internal" / "familywatch"
    package.mkdir(parents=True)
    for name in ("__init__.py", "config.py"):
        shutil.copy(REPO / "familywatch" / name, package / name)
    (package / "resources").mkdir()
    (package / "resources" / "catalogue.toml").write_text("", encoding="utf-8")
    found = subprocess.run(
        [sys.executable, "-c", "from familywatch.config import resources_dir; "
         "print(resources_dir())"],
        cwd=tmp_path, env={"PYTHONPATH": str(package.parent)}, capture_output=True, text=True,
        timeout=60, check=True,
    ).stdout.strip()
    assert Path(found) == (package / "resources").resolve()


def test_the_spec_makes_the_programs_the_installers_expect():
    text = SPEC.read_text(encoding="utf-8")
    assert 'name="familywatch",\n    console=True' in text  # the command line
    assert 'name="FamilyWatchTray", console=False' in text  # Windows tray app, no console
    assert '"macos" / "Info.plist"' in text  # the Mac bundle's Info.plist is read from here
    # One folder on a case-insensitive file system (Windows): no two names may differ
    # only in case, or one program overwrites the other.
    names = re.findall(r'EXE\([^)]*?name="([^"]+)"', text, flags=re.S)
    assert len(names) == 2 and len({name.casefold() for name in names}) == len(names), names


def test_the_build_script_is_valid_bash():
    script = PACKAGING / "build-linux.sh"
    assert script.stat().st_mode & 0o111, "build-linux.sh must be executable"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True,
                                timeout=60, check=False)
        assert result.returncode == 0, result.stdout
