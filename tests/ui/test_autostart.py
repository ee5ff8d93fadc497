"""Start at login on Linux/BSD and macOS: the real files, under a temporary HOME.

Windows (the registry) is in test_autostart_windows.py.
"""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path

import pytest

from familywatch.ui import autostart
from familywatch.ui.autostart_macos import LABEL, LaunchAgent, agent, program_arguments
from familywatch.ui.autostart_windows import RunKey
from familywatch.ui.autostart_xdg import XdgAutostart

REPO = Path(__file__).resolve().parents[2]
PACKAGED_DESKTOP = REPO / "packaging" / "linux" / "familywatch-autostart.desktop"
PACKAGED_AGENT = REPO / "packaging" / "macos" / f"{LABEL}.plist"
APP_PROGRAM = "/Applications/FamilyWatch.app/Contents/MacOS/familywatch"
OLD_PROGRAM = "/Users/sam/Downloads/FamilyWatch.app/Contents/MacOS/familywatch"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


def test_each_system_gets_its_own_mechanism() -> None:
    assert isinstance(autostart.backend("linux"), XdgAutostart)
    assert isinstance(autostart.backend("freebsd14"), XdgAutostart)
    assert isinstance(autostart.backend("darwin"), LaunchAgent)
    assert isinstance(autostart.backend("win32"), RunKey)  # winreg is loaded only when used
    assert type(autostart.backend()) is type(autostart.backend(sys.platform))


# Linux and BSD: the XDG autostart entry


def test_linux_writes_the_packaged_entry_under_home_and_removes_only_it(home: Path) -> None:
    folder = home / ".config" / "autostart"
    folder.mkdir(parents=True)
    other = folder / "org.gnome.Software.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nExec=gnome-software\n", encoding="utf-8")
    assert not autostart.is_enabled("linux")
    assert autostart.set_enabled(True, "linux") == folder / "familywatch.desktop"
    assert (folder / "familywatch.desktop").read_text(encoding="utf-8") == \
        PACKAGED_DESKTOP.read_text(encoding="utf-8")
    assert autostart.is_enabled("linux")
    assert sorted(path.name for path in folder.iterdir()) == \
        ["familywatch.desktop", "org.gnome.Software.desktop"]  # no temporary file left
    autostart.set_enabled(False, "linux")
    assert not autostart.is_enabled("linux")
    assert [path.name for path in folder.iterdir()] == ["org.gnome.Software.desktop"]
    autostart.set_enabled(False, "linux")  # already off: still fine


def test_linux_honours_xdg_config_home(home: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert autostart.set_enabled(True, "linux") == \
        tmp_path / "elsewhere" / "autostart" / "familywatch.desktop"
    assert not (home / ".config").exists()
    assert str(tmp_path / "elsewhere") in autostart.describe("linux")


def test_linux_says_plainly_when_the_folder_cannot_be_written(home: Path) -> None:
    (home / ".config").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError) as raised:
        autostart.set_enabled(True, "linux")
    message = str(raised.value)
    assert message.startswith(f"Could not write {home / '.config'}")
    assert "\n" not in message and "Errno" not in message
    assert not autostart.is_enabled("linux")


# macOS: the LaunchAgent


def test_the_agent_is_the_packaged_one_when_the_app_is_in_applications() -> None:
    written = plistlib.loads(plistlib.dumps(agent([APP_PROGRAM])))
    assert written == plistlib.loads(PACKAGED_AGENT.read_bytes())


def test_the_agent_starts_this_installation() -> None:
    assert program_arguments(APP_PROGRAM, frozen=True) == [APP_PROGRAM]
    assert program_arguments("/Users/sam/src/familywatch/.venv/bin/python", frozen=False) == \
        ["/Users/sam/src/familywatch/.venv/bin/python", "-m", "familywatch"]
    assert program_arguments() == [sys.executable, "-m", "familywatch"]  # tests run unfrozen


def test_macos_writes_and_removes_the_agent_under_home(home: Path) -> None:
    folder = home / "Library" / "LaunchAgents"
    folder.mkdir(parents=True)
    keystone = folder / "com.google.keystone.agent.plist"
    keystone.write_bytes(plistlib.dumps({"Label": "com.google.keystone.agent",
                                         "ProgramArguments": ["/x/ksagent"], "RunAtLoad": True}))
    before = keystone.read_bytes()
    assert not autostart.is_enabled("darwin")
    path = autostart.set_enabled(True, "darwin")
    assert path == folder / f"{LABEL}.plist"
    written = plistlib.loads(path.read_bytes())
    assert written["Label"] == LABEL and written["RunAtLoad"] is True
    assert written["ProgramArguments"] == [sys.executable, "-m", "familywatch"]
    assert autostart.is_enabled("darwin")
    assert "System Settings > General > Login Items" in autostart.describe("darwin")
    autostart.set_enabled(False, "darwin")
    assert not path.exists() and not autostart.is_enabled("darwin")
    assert sorted(folder.iterdir()) == [keystone] and keystone.read_bytes() == before


def test_macos_an_agent_of_an_old_location_is_off_and_rewritten(home: Path) -> None:
    launch_agent = LaunchAgent(arguments=[APP_PROGRAM], system_agents=home / "none")
    launch_agent.path.parent.mkdir(parents=True)
    launch_agent.path.write_bytes(plistlib.dumps(agent([OLD_PROGRAM])))
    assert not launch_agent.is_enabled()
    launch_agent.set_enabled(True)
    assert plistlib.loads(launch_agent.path.read_bytes())["ProgramArguments"] == [APP_PROGRAM]
    assert launch_agent.is_enabled()


def test_macos_a_damaged_or_disabled_agent_is_off_and_replaced(home: Path) -> None:
    launch_agent = LaunchAgent(arguments=[APP_PROGRAM], system_agents=home / "none")
    launch_agent.path.parent.mkdir(parents=True)
    launch_agent.path.write_bytes(b"<?xml version='1.0'?><plist><dict><key>Lab")
    assert not launch_agent.is_enabled()
    launch_agent.set_enabled(True)
    assert launch_agent.is_enabled()
    launch_agent.path.write_bytes(plistlib.dumps({**agent([APP_PROGRAM]), "Disabled": True}))
    assert not launch_agent.is_enabled()


def test_macos_an_agent_for_every_account_counts_and_only_an_admin_removes_it(
        home: Path, tmp_path: Path) -> None:
    system = tmp_path / "Library" / "LaunchAgents"
    system.mkdir(parents=True)
    (system / f"{LABEL}.plist").write_bytes(PACKAGED_AGENT.read_bytes())
    launch_agent = LaunchAgent(arguments=[APP_PROGRAM], system_agents=system)
    assert launch_agent.is_enabled()
    assert launch_agent.set_enabled(True) == system / f"{LABEL}.plist"
    assert not launch_agent.path.exists()  # the same label twice would not load
    assert str(system) in launch_agent.describe()
    with pytest.raises(OSError, match="only an administrator can remove"):
        launch_agent.set_enabled(False)
    assert (system / f"{LABEL}.plist").read_bytes() == PACKAGED_AGENT.read_bytes()
    other = LaunchAgent(arguments=[OLD_PROGRAM], system_agents=system)
    assert not other.is_enabled()  # it starts a different installation


def test_macos_says_plainly_when_the_folder_cannot_be_written(home: Path) -> None:
    (home / "Library").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError) as raised:
        autostart.set_enabled(True, "darwin")
    message = str(raised.value)
    assert message.startswith("Could not write ") and message.endswith(".")
    assert "\n" not in message and "Errno" not in message
