"""Running the tray app: the Qt application, one instance per data folder, and a clean
stop on Quit, SIGTERM or SIGINT. The tray app itself is TrayApp in ui/app.py."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from familywatch.ui import qt_import_hook  # noqa: F401  before the app: see its docstring
from familywatch.ui.app import TrayApp
from familywatch.ui.monitor_link import MonitorLike
from familywatch.ui.parent.controls import ControlsLike, FamilyAppsLike
from familywatch.ui.quit_signals import QuitSignals
from familywatch.ui.single_instance import InstanceServer, activate_running_instance
from familywatch.ui.sources import RecordSource
from familywatch.ui.widgets import app_icon

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE = 0, 1


def run_tray_app(monitor: MonitorLike, records: RecordSource, *, data_dir: Path,
                 argv: list[str], retention_days: int | None = None,
                 controls: ControlsLike | None = None,
                 family: FamilyAppsLike | None = None) -> int:
    """Run the tray app until Quit (confirmed), SIGTERM or SIGINT. Returns the exit code.

    If a tray app already runs on `data_dir`, it is asked to show itself and this
    returns at once without starting `monitor`.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("FamilyWatch")
    app.setDesktopFileName("familywatch")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # closing a window never stops recording
    if activate_running_instance(data_dir):
        log.info("FamilyWatch is already running; it was asked to show its window")
        return EXIT_OK
    tray_app = TrayApp(monitor, records, data_dir=data_dir, retention_days=retention_days,
                       controls=controls, family=family)
    server = InstanceServer(data_dir)
    server.activation_requested.connect(tray_app.bring_forward)
    server.listen()
    signals = QuitSignals()
    signals.received.connect(lambda _signum: tray_app.quit())  # the system asked: no question
    app.aboutToQuit.connect(tray_app.stop)
    try:
        try:
            tray_app.start()
        except Exception as error:
            log.exception("the monitor could not start")
            words = tray_app.words
            QMessageBox.critical(None, words("start_failed.title"),
                                 words("start_failed.text", error=error))
            return EXIT_FAILURE
        return app.exec()
    finally:
        tray_app.stop()
        server.close()
        signals.restore()
