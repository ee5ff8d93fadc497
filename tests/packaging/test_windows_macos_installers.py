"""The Windows installer script and the macOS bundle plists."""

from __future__ import annotations

import plistlib
import re

from tests.packaging.conftest import APP_ID, PACKAGING, VERSION

ISS = PACKAGING / "windows" / "familywatch.iss"
INFO = PACKAGING / "macos" / "Info.plist"
AGENT = PACKAGING / "macos" / f"{APP_ID}.plist"


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def test_the_installer_offers_autostart_and_removes_it_on_uninstall():
    sections = iss_sections()
    (task,) = [line for line in sections["Tasks"] if line.startswith('Name: "autostart"')]
    assert "Description:" in task and "unchecked" not in task  # offered, on by default
    (run_key,) = [line for line in sections["Registry"] if "Tasks: autostart" in line]
    assert r"Software\Microsoft\Windows\CurrentVersion\Run" in run_key
    assert "uninsdeletevalue" in run_key and r"{app}\{#AppExe}" in run_key


def test_the_installer_packs_the_pyinstaller_bundle_of_this_version():
    text = ISS.read_text(encoding="utf-8")
    assert f'#define AppVersion "{VERSION}"' in text
    assert r'Source: "dist\familywatch\*"' in text and "recursesubdirs" in text
    assert '#define AppExe "FamilyWatchTray.exe"' in text
    assert '#define CliExe "familywatch.exe"' in text


def test_the_mac_app_is_a_menu_bar_app_that_asks_for_no_camera_permission():
    info = plistlib.loads(INFO.read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["LSUIElement"] is True
    assert info["CFBundleShortVersionString"] == VERSION
    assert info["CFBundleExecutable"] == "familywatch"  # the spec's EXE name
    # Never opens the camera or microphone: no usage strings, so no TCC prompt.
    assert "NSCameraUsageDescription" not in info
    assert "NSMicrophoneUsageDescription" not in info
    assert "NSCameraUsageDescription" in INFO.read_text(encoding="utf-8")  # explained why


def test_the_launch_agent_starts_the_bundle_at_login():
    agent = plistlib.loads(AGENT.read_bytes())
    assert agent["Label"] == APP_ID
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] is False
    (program,) = agent["ProgramArguments"]
    info = plistlib.loads(INFO.read_bytes())
    assert program == f"/Applications/FamilyWatch.app/Contents/MacOS/{info['CFBundleExecutable']}"
    assert agent["LimitLoadToSessionType"] == "Aqua"  # a logged-in desktop session
