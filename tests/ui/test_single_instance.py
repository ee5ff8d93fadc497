"""One tray app per data folder: a second launch brings the first one forward.

Both ends are real: a QLocalServer in one process, a QLocalSocket in another.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from familywatch.ui.launch import run_tray_app
from familywatch.ui.quit_signals import QuitSignals
from familywatch.ui.single_instance import (
    MAX_SOCKET_PATH,
    InstanceServer,
    activate_running_instance,
    server_name,
)
from tests.ui.real_monitor import Rig
from tests.ui.sample_data import HOST

pytestmark = pytest.mark.timeout(60)
ROOT = Path(__file__).resolve().parents[2]

SERVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QTimer
    from familywatch.ui.single_instance import InstanceServer
    app = QCoreApplication([])
    server = InstanceServer(Path(sys.argv[1]))
    def shown():
        print("asked to show", flush=True)
        QTimer.singleShot(100, app.quit)
    server.activation_requested.connect(shown)
    print("listening" if server.listen() else "cannot listen", flush=True)
    QTimer.singleShot(20000, app.quit)
    app.exec()
""")


def python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def test_the_name_is_the_same_for_the_same_folder_and_differs_between_folders(
        tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    deep = tmp_path / ("x" * (MAX_SOCKET_PATH + 10))
    assert server_name(deep).startswith("familywatch-ui-")  # too long for a socket path


def test_nobody_answers_when_no_tray_app_runs(tmp_path: Path) -> None:
    assert activate_running_instance(tmp_path, timeout_ms=300) is False


def test_a_second_launch_asks_the_running_one_to_show_itself(qtbot, tmp_path: Path) -> None:
    server = InstanceServer(tmp_path)
    assert server.listen()
    client = python("import sys; from pathlib import Path; "
                    "from familywatch.ui.single_instance import activate_running_instance; "
                    "print(activate_running_instance(Path(sys.argv[1])))", str(tmp_path))
    try:
        with qtbot.waitSignal(server.activation_requested, timeout=20_000):
            pass
        out, _ = client.communicate(timeout=20)
    finally:
        client.kill()
        server.close()
    assert out.strip() == "True"


def test_the_running_one_answers_and_this_launch_starts_nothing(qtbot, quiet_rig: Rig) -> None:
    first = python(SERVER, str(quiet_rig.data_dir))
    try:
        assert first.stdout.readline().strip() == "listening"
        code = run_tray_app(quiet_rig.monitor, quiet_rig.records, data_dir=quiet_rig.data_dir,
                            argv=["familywatch"])
        assert code == 0
        assert first.stdout.readline().strip() == "asked to show"
    finally:
        first.kill()
        first.wait()
    assert quiet_rig.store.latest_run(host=HOST) is None  # the monitor was never started


def test_a_socket_left_by_a_crash_is_replaced(tmp_path: Path) -> None:
    crashed = python(SERVER, str(tmp_path))
    assert crashed.stdout.readline().strip() == "listening"
    crashed.send_signal(signal.SIGKILL)  # no chance to remove its socket
    crashed.wait()
    assert activate_running_instance(tmp_path, timeout_ms=300) is False
    server = InstanceServer(tmp_path)
    try:
        assert server.listen() and server.listening
    finally:
        server.close()


def test_sigterm_reaches_the_event_loop(qtbot) -> None:
    before = signal.getsignal(signal.SIGTERM)
    watcher = QuitSignals()
    try:
        with qtbot.waitSignal(watcher.received, timeout=5_000) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
        assert caught.args == [signal.SIGTERM.value]
    finally:
        watcher.restore()
    assert signal.getsignal(signal.SIGTERM) is before


def test_the_server_makes_its_data_folder_if_needed(tmp_path: Path) -> None:
    server = InstanceServer(tmp_path / "not" / "yet")
    try:
        assert server.listen()
    finally:
        server.close()
