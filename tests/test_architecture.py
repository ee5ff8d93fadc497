"""The layering of DESIGN.md, enforced: ui -> monitor -> core <- {probes, store, security}.

import-linter checks the contracts in pyproject.toml (direct and indirect imports);
an AST pass adds what it can't say: core uses an allow-list of the standard library
(no OS calls), only ui/ imports Qt, and no module anywhere imports network code.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "familywatch"

CORE_STDLIB = {
    "__future__", "abc", "bisect", "collections", "dataclasses", "datetime", "enum",
    "functools", "hashlib", "heapq", "hmac", "itertools", "math", "operator", "re",
    "statistics", "string", "textwrap", "time", "tomllib", "types", "typing", "zoneinfo",
    "json", "copy", "unicodedata",
}
NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "requests", "httpx", "aiohttp",
                   "ftplib", "smtplib", "xmlrpc", "socketserver", "websocket", "websockets",
                   "PySide6.QtNetwork"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def run_import_linter(root: Path) -> subprocess.CompletedProcess[str]:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is not installed (pip install -e '.[dev]')"
    return subprocess.run([lint, "--no-cache"], cwd=root, capture_output=True, text=True,
                          timeout=120, check=False,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_import_contracts_hold() -> None:
    result = run_import_linter(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_import_contracts_catch_a_violation(tmp_path: Path) -> None:
    """The contracts can fail: a copy of the tree where core imports the store breaks."""
    shutil.copytree(PACKAGE, tmp_path / "familywatch",
                    ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "familywatch" / "core" / "model.py"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nimport familywatch.store  # noqa\n",
                   encoding="utf-8")
    result = run_import_linter(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


@pytest.mark.parametrize("path", modules(PACKAGE / "core"), ids=lambda p: p.name)
def test_core_uses_only_pure_standard_library(path: Path) -> None:
    for name in imports_of(path):
        top = name.split(".")[0]
        assert (top == "familywatch" and name.startswith("familywatch.core")) or \
            top in CORE_STDLIB, f"{path.name} imports {name}: core must stay pure"


@pytest.mark.parametrize("path", modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_ui_and_pdf_renderer_import_qt(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    allowed = relative.startswith("ui/") or relative == "reports/pdf.py"
    uses_qt = any(name.split(".")[0] == "PySide6" for name in imports_of(path))
    assert allowed or not uses_qt, f"{relative} imports Qt"


# QLocalServer/QLocalSocket (local IPC for "a second launch shows the running window")
# live in QtNetwork; only this module may import it, and only those two classes.
LOCAL_IPC_MODULE = "ui/single_instance.py"


@pytest.mark.parametrize("path", modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_network_code_anywhere(path: Path) -> None:
    if path.relative_to(PACKAGE).as_posix() == LOCAL_IPC_MODULE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork":
                names = {alias.name for alias in node.names}
                assert names <= {"QLocalServer", "QLocalSocket"}, names
            elif isinstance(node, ast.Import):
                assert all("QtNetwork" not in a.name for a in node.names)
        return
    for name in imports_of(path):
        assert name not in NETWORK_MODULES and name.split(".")[0] not in NETWORK_MODULES, \
            f"{path.relative_to(PACKAGE)} imports {name}: FamilyWatch has no network code"


def test_modules_stay_small() -> None:
    too_long = {str(p.relative_to(PACKAGE)): n for p in modules(PACKAGE)
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not too_long, f"split these modules: {too_long}"
