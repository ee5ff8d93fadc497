"""The Linux desktop files, AppStream metainfo and icon: valid, and consistent."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET

import pytest

from tests.packaging.conftest import APP_ID, PACKAGING, VERSION, run_tool

LINUX = PACKAGING / "linux"
DESKTOP = LINUX / "familywatch.desktop"
AUTOSTART = LINUX / "familywatch-autostart.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON = PACKAGING / "icons" / f"{APP_ID}.svg"


def entry(path):  # type: ignore[no-untyped-def]
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.parametrize("path", [DESKTOP, AUTOSTART], ids=lambda p: p.name)
def test_desktop_files_pass_desktop_file_validate(path):
    result = run_tool("desktop-file-validate", str(path))
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_the_launcher_starts_the_tray_app_with_our_icon():
    desktop = entry(DESKTOP)
    assert desktop["Type"] == "Application" and desktop["Name"] == "FamilyWatch"
    assert desktop["Exec"] == "familywatch"  # no command: the tray app
    assert desktop["Icon"] == APP_ID and ICON.is_file()
    assert desktop["Terminal"] == "false"


def test_the_autostart_entry_starts_after_the_panel_and_is_never_hidden():
    autostart = entry(AUTOSTART)
    assert autostart["Exec"] == entry(DESKTOP)["Exec"]
    assert autostart["X-GNOME-Autostart-enabled"] == "true"
    assert autostart["X-KDE-autostart-after"] == "panel"  # the tray must exist first
    assert autostart["X-LXQt-Need-Tray"] == "true"
    # Transparent by construction: nothing that hides it from the session's list.
    assert autostart.get("Hidden", "false") == "false"
    assert autostart.get("NoDisplay", "false") == "false"


def test_the_metainfo_passes_appstreamcli_validate():
    result = run_tool("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout


def test_the_metainfo_names_the_launcher_binary_and_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == entry(DESKTOP)["Exec"]
    versions = [release.get("version") for release in root.iter("release")]
    assert versions[0] == VERSION, "add a <release> for the new version to the metainfo"
    assert root.findtext("project_license") == "GPL-3.0-or-later"


def test_the_icon_is_a_square_svg():
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert width == height >= 48
