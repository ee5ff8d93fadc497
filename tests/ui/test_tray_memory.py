"""The tray app starts light: PySide6 does not keep the source of every later import, and
a window's module is imported only when that window is first opened.

Each check runs in a fresh interpreter: this one has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOW_MODULES = (
    "familywatch.ui.windows.summary", "familywatch.ui.windows.what_recorded",
    "familywatch.ui.windows.help", "familywatch.ui.windows.pages", "familywatch.ui.charts",
    "familywatch.ui.review.window", "familywatch.ui.exports", "PySide6.QtSvg",
    "PySide6.QtPrintSupport",
)

pytestmark = pytest.mark.timeout(120)


def run_python(script: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=100, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_pyside_keeps_the_source_of_later_imports_until_the_scan_is_switched_off(
        tmp_path: Path) -> None:
    for name in ("before_switch", "after_switch"):
        (tmp_path / f"{name}.py").write_text(f"NAME = {name!r}\n", encoding="utf-8")
    result = run_python("""
        import builtins, json, linecache, sys
        sys.path.insert(0, sys.argv[1])
        import PySide6.QtWidgets
        import before_switch
        from familywatch.ui.qt_import_hook import switch_off_feature_scan
        again = switch_off_feature_scan()  # importing the module switched it off already
        import after_switch
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel("still Qt")
        print(json.dumps({
            "kept": [m.__file__ in linecache.cache for m in (before_switch, after_switch)],
            "again": again, "label": label.text(),
            "import": builtins.__import__ is builtins.__orig_import__}))
    """, str(tmp_path))
    # PySide6's hook read before_switch.py; after the switch nothing is read or kept.
    assert result == {"kept": [True, False], "again": False, "label": "still Qt",
                      "import": True}


START_THE_TRAY = """
    import json, linecache, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from familywatch.ui.app import TrayApp
    from tests.ui.real_monitor import build_rig

    def loaded():
        return sorted(name for name in WINDOW_MODULES if name in sys.modules)

    WINDOW_MODULES = json.loads(sys.argv[2])
    qt = QApplication([])
    rigs = build_rig(Path(sys.argv[1]), sensing=False)
    rig = next(rigs)
    tray = TrayApp(rig.monitor, rig.records, data_dir=rig.data_dir,
                   tray_available=sys.argv[3] == "tray", quit_guard=lambda _parent: True)
    tray.start()
    at_start = loaded()
    status_module = "familywatch.ui.windows.status" in sys.modules
    sources = [name for name in linecache.cache if name.endswith(".py")]
    shown = [tray.show_summary(0).isVisible(), tray.show_what_recorded().isVisible(),
             tray.show_help().isVisible(), tray.show_review().isVisible()]
    after = loaded()
    tray.quit()
    rigs.close()
    print(json.dumps({"at_start": at_start, "status_module": status_module,
                      "sources": sources, "shown": shown, "after": after}))
"""


@pytest.mark.parametrize("where", ["tray", "no-tray"])
def test_the_tray_app_imports_a_window_only_when_it_is_opened(tmp_path: Path,
                                                               where: str) -> None:
    result = run_python(START_THE_TRAY, str(tmp_path), json.dumps(WINDOW_MODULES), where)
    assert result["at_start"] == []
    # The status window stands in for the tray only on a desktop without one.
    assert result["status_module"] is (where == "no-tray")
    # Nothing imported after PySide6 (the store, SQLAlchemy, the monitor) was kept as text.
    kept = [name for name in result["sources"]  # type: ignore[union-attr]
            if any(part in name for part in ("sqlalchemy", "/familywatch/store/",
                                             "/familywatch/monitor/", "/keyring/"))]
    assert kept == []
    assert result["shown"] == [True, True, True, True]
    opened = {"familywatch.ui.windows.summary", "familywatch.ui.windows.what_recorded",
              "familywatch.ui.windows.help", "familywatch.ui.windows.pages",
              "familywatch.ui.charts", "familywatch.ui.review.window"}
    assert opened <= set(result["after"])  # type: ignore[arg-type]
