"""The tray app around a real Monitor: live state from the worker thread, menus, quitting."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from familywatch.ui.app import TrayApp, confirm_stop
from familywatch.ui.display import can_show_windows
from familywatch.ui.launch import run_tray_app
from familywatch.ui.tray import menu_texts
from familywatch.ui.tray_state import TrayState
from familywatch.ui.windows.summary import SummaryWindow
from familywatch.ui.wording import Wording
from tests.ui.real_monitor import Rig
from tests.ui.sample_data import HOST

pytestmark = pytest.mark.timeout(60)


def tray_app(rig: Rig, *, accept_quit: bool = True, tray: bool | None = None) -> TrayApp:
    return TrayApp(rig.monitor, rig.records, data_dir=rig.data_dir, tray_available=tray,
                   quit_guard=lambda _parent: accept_quit)


def test_without_a_system_tray_a_status_window_shows_monitoring(qtbot, quiet_rig: Rig) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray
    app = tray_app(quiet_rig)
    assert app.tray is None and app.status_window is not None
    qtbot.addWidget(app.status_window)
    app.start()
    try:
        window = app.status_window
        assert window.isVisible()
        assert window.headline.text() == "Recording. The camera is not in use."
        assert window.detail.text() == "FamilyWatch is recording. Camera not in use."
        window.close()  # closing never hides monitoring: the window stays, minimized
        assert window.isVisible()
        assert "Use Quit to stop recording." in window.detail.text()
        assert not window.buttons["more_time"].isEnabled()
        assert window.buttons["more_time"].toolTip() == \
            "Asking for more time is not ready yet in this version."
    finally:
        app.quit()
    assert not app.status_window.isVisible()


@pytest.mark.slow
def test_camera_use_seen_by_the_real_monitor_reaches_the_tray(qtbot, rig: Rig) -> None:
    app = tray_app(rig)
    qtbot.addWidget(app.status_window)
    app.start()
    try:
        assert app.look().state is TrayState.IDLE
        holder = rig.hold_camera("zoom")  # seen on the monitor's worker thread
        qtbot.waitUntil(lambda: app.status_window.look.state is TrayState.CAMERA_ON,
                        timeout=15_000)
        assert app.status_window.detail.text().startswith("Camera in use by Zoom since ")
        today = app.show_summary(SummaryWindow.TODAY)
        qtbot.addWidget(today)
        qtbot.waitUntil(lambda: any(t.startswith("Camera: Zoom, since ")
                                    for t in today.today.in_use.texts()), timeout=5_000)
        holder.kill()
        holder.wait()
        qtbot.waitUntil(lambda: app.status_window.look.state is TrayState.IDLE, timeout=15_000)
    finally:
        app.quit()
    run = rig.store.latest_run(host=HOST)
    assert run is not None and run.ended_how == "stopped"
    assert rig.store.open_sessions() == []


def test_changes_from_the_worker_thread_are_handled_on_the_gui_thread(qtbot,
                                                                     quiet_rig: Rig) -> None:
    app = tray_app(quiet_rig)
    qtbot.addWidget(app.status_window)
    seen_on: list[QThread] = []
    original = app.refresh_look
    app.refresh_look = lambda: (seen_on.append(QThread.currentThread()), original())[1]
    worker = threading.Thread(target=app.relay.notify)
    with qtbot.waitSignal(app.relay.changed):
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: bool(seen_on))
    assert seen_on[0] is QApplication.instance().thread()


def test_problem_and_hooks_for_pause_and_schedules_change_the_look(qtbot,
                                                                   quiet_rig: Rig) -> None:
    app = tray_app(quiet_rig)
    qtbot.addWidget(app.status_window)
    app.set_paused(True)
    assert app.status_window.look.state is TrayState.PAUSED
    app.set_paused(False)
    quiet_rig.monitor._problems["sample devices"] = "sample devices: disk full"
    app.monitor_changed()
    assert app.status_window.look.state is TrayState.PROBLEM
    assert "disk full" in app.status_window.detail.text()


def test_the_tray_menu_is_rebuilt_when_opened_and_hooks_enable_entries(
        qtbot, quiet_rig: Rig) -> None:
    app = tray_app(quiet_rig, tray=True)
    assert app.tray is not None and app.status_window is None
    menu = app.tray.menu
    assert menu_texts(menu) == [
        ("Today", True, "Today"),
        ("This week", True, "This week"),
        ("Family review", True, "Family review"),
        ("What is recorded", True, "What is recorded"),
        ("Ask for more time", False, "Asking for more time is not ready yet in this version."),
        ("Get help", True, "Get help"),
        ("Parent settings…", False, "Parent settings are not available on this computer."),
        ("Quit", True, "Quit"),
    ]
    asked: list[str] = []
    app.set_hooks(more_time=lambda: asked.append("more time"))
    menu.aboutToShow.emit()
    more_time = next(a for a in menu.actions() if a.text() == "Ask for more time")
    assert more_time.isEnabled()
    more_time.trigger()
    assert asked == ["more time"]
    app.refresh_look()
    assert app.tray.icon.toolTip() == "FamilyWatch is recording. Camera not in use."
    help_action = next(a for a in menu.actions() if a.text() == "Get help")
    help_action.trigger()
    assert app.help is not None and app.help.isVisible()
    qtbot.addWidget(app.help)


def test_quit_asks_first_and_a_no_keeps_recording(qtbot, quiet_rig: Rig) -> None:
    app = tray_app(quiet_rig, accept_quit=False)
    qtbot.addWidget(app.status_window)
    app.start()
    app.request_quit()
    assert quiet_rig.store.latest_run(host=HOST).ended_at is None  # still recording
    app.quit_guard = lambda _parent: True
    app.request_quit()
    assert quiet_rig.store.latest_run(host=HOST).ended_how == "stopped"


def test_the_quit_question_is_kind_and_defaults_to_keep_recording(qtbot,
                                                                  words: Wording) -> None:
    seen: dict[str, str] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.update(text=box.text(), detail=box.informativeText(),
                    default=box.defaultButton().text())
        box.defaultButton().click()

    QTimer.singleShot(50, answer)
    assert confirm_stop(words)(None) is False
    assert seen == {"text": "Stop recording?",
                    "detail": words("quit.detail"), "default": "Keep recording"}
    assert "FamilyWatch will note that it was stopped" in seen["detail"]


def test_run_tray_app_runs_until_sigterm_and_records_the_stop(qtbot, quiet_rig: Rig) -> None:
    QTimer.singleShot(300, lambda: os.kill(os.getpid(), signal.SIGTERM))
    before = signal.getsignal(signal.SIGTERM)
    code = run_tray_app(quiet_rig.monitor, quiet_rig.records, data_dir=quiet_rig.data_dir,
                        argv=["familywatch"])
    assert code == 0
    assert quiet_rig.store.latest_run(host=HOST).ended_how == "stopped"
    assert signal.getsignal(signal.SIGTERM) is before  # handed back
    for widget in QApplication.topLevelWidgets():
        widget.close()


def test_windows_are_only_tried_where_there_is_a_display() -> None:
    if not can_show_windows({}):
        assert can_show_windows({"DISPLAY": ":0"})
        assert can_show_windows({"WAYLAND_DISPLAY": "wayland-0"})
    assert can_show_windows({"QT_QPA_PLATFORM": "offscreen"})


def test_deciding_on_the_headless_monitor_does_not_load_qt() -> None:
    """`familywatch` on a console: choosing headless must not cost PySide6's ~35 MB."""
    import subprocess
    import sys

    code = ("import sys; import familywatch.cli; from familywatch.ui.display import "
            "can_show_windows; can_show_windows({}); "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_quit_asks_for_the_pin_when_one_is_set(qtbot, quiet_rig: Rig) -> None:
    from types import SimpleNamespace

    from familywatch.core.clock import SystemClock
    from familywatch.ui.parent.pin_dialog import PinDialog
    from tests.ui.parent_rig import PIN, parent_controls

    house = SimpleNamespace(data_dir=quiet_rig.data_dir, clock=SystemClock(),
                            store=quiet_rig.store)
    controls = parent_controls(house)  # type: ignore[arg-type]
    app = TrayApp(quiet_rig.monitor, quiet_rig.records, data_dir=quiet_rig.data_dir,
                  tray_available=False, controls=controls)
    qtbot.addWidget(app.status_window)
    app.start()
    seen: list[str] = []

    def type_pin(pin: str, then_cancel: bool) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PinDialog)
        qtbot.addWidget(dialog)
        dialog.field.setText(pin)
        dialog.try_pin()
        seen.append(dialog.error.text())
        if then_cancel:
            dialog.reject()

    QTimer.singleShot(50, lambda: type_pin("1111", then_cancel=True))
    app.request_quit()
    assert seen and seen[0].startswith("Wrong PIN (")
    assert quiet_rig.store.latest_run(host=HOST).ended_at is None  # still recording
    QTimer.singleShot(50, lambda: type_pin(PIN, then_cancel=False))
    app.request_quit()
    assert quiet_rig.store.latest_run(host=HOST).ended_how == "stopped"
