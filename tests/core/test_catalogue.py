"""The app catalogue: parsing (with clear errors that lose nothing) and matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from familywatch.core.model import AppInfo, Category

BUILT_IN = Path(__file__).resolve().parents[2] / "resources" / "catalogue.toml"


def built_in() -> tuple[list[CatalogueEntry], list[str]]:
    return parse_catalogue(BUILT_IN.read_text(encoding="utf-8"), "catalogue.toml")


def app(app_id: str, category: str = "video-chat", linux: str = '["x"]', extra: str = "") -> str:
    return (
        f'[[app]]\nid = "{app_id}"\nname = "{app_id.title()}"\ncategory = "{category}"\n'
        f"processes.linux = {linux}\n{extra}\n"
    )


# --- the shipped catalogue ---------------------------------------------------------


def test_the_built_in_catalogue_has_at_least_30_real_apps_and_no_errors() -> None:
    entries, errors = built_in()
    assert errors == []
    assert len(entries) >= 30
    assert {e.category for e in entries} == {
        Category.STREAMING,
        Category.VIDEO_CHAT,
        Category.VIRTUAL_CAMERA,
        Category.BROWSER,
    }
    ids = [e.app_id for e in entries]
    assert len(ids) == len(set(ids))
    for must in ("obs-studio", "discord", "zoom", "microsoft-teams", "tiktok-live-studio",
                 "google-chrome", "firefox", "safari", "manycam", "facetime"):  # fmt: skip
        assert must in ids


def test_every_built_in_entry_knows_its_line() -> None:
    entries, _ = built_in()
    lines = BUILT_IN.read_text(encoding="utf-8").splitlines()
    for entry in entries:
        assert lines[entry.line - 1].strip() == "[[app]]"
        assert lines[entry.line].strip() == f'id = "{entry.app_id}"'


def test_the_field_notes_names_resolve() -> None:
    catalogue = Catalogue(built_in()[0])
    cases = [
        ("obs64.exe", "windows", "obs-studio"),
        ("Streamlabs OBS.exe", "windows", "streamlabs-desktop"),
        ("TikTok LIVE Studio.exe", "windows", "tiktok-live-studio"),
        ("zoom.us", "macos", "zoom"),
        ("CptHost", "macos", "zoom"),
        ("ZoomWebviewHost", "linux", "zoom"),
        ("teams-for-linux", "linux", "microsoft-teams"),
        ("ms-teams.exe", "windows", "microsoft-teams"),
        ("skypeforlinux", "linux", "skype"),
        ("WhatsApp.Root.exe", "windows", "whatsapp"),
        ("FaceTime", "macos", "facetime"),
        ("Google Chrome", "macos", "google-chrome"),
        ("msedge.exe", "windows", "microsoft-edge"),
        ("Arc", "macos", "arc"),
    ]
    for name, os_name, expected in cases:
        found = catalogue.match(name, None, os_name)
        assert found is not None and found.app_id == expected, (name, os_name)


@pytest.mark.parametrize(
    ("name", "exe", "os_name", "expected"),
    [
        # Names read from the apps' packages (each entry's note says where).
        ("element-desktop", None, "linux", "element"),  # exactly comm's 15 bytes
        ("MainThread", "/app/Element/element-desktop", "linux", "element"),  # Flatpak
        ("signal-desktop-", None, "linux", "signal"),  # signal-desktop-beta, as comm keeps it
        ("jitsi-meet", None, "linux", "jitsi-meet"),
        ("Viber", "/opt/viber/Viber", "linux", "viber"),
        ("wire-desktop", None, "linux", "wire"),
        ("teams-for-linux", None, "linux", "microsoft-teams"),
        ("vivaldi", "/app/vivaldi/vivaldi", "linux", "vivaldi"),  # Flathub renames vivaldi-bin
        ("firefox-esr", None, "linux", "firefox"),
        ("msedge", None, "linux", "microsoft-edge"),
        ("ZoomLauncher", None, "linux", "zoom"),
        ("droidcam-cli", None, "linux", "droidcam"),
        ("Jitsi Meet", None, "macos", "jitsi-meet"),
        ("Discord PTB", None, "macos", "discord"),
        ("Brave Browser", None, "macos", "brave"),
        ("Jitsi Meet.exe", None, "windows", "jitsi-meet"),
        ("DroidCamApp.exe", None, "windows", "droidcam"),
        ("splitcam.exe", None, "windows", "splitcam"),
        # A Store app Windows records without a process: its package name.
        ("5319275A.WhatsAppDesktop", None, "windows", "whatsapp"),
        ("TelegramMessengerLLP.TelegramDesktop", None, "windows", "telegram"),
        ("MSTeams", None, "windows", "microsoft-teams"),
        # Chromium from Flathub or the Ubuntu snap runs a program called "chrome".
        ("chrome", "/app/chromium/chrome", "linux", "google-chrome"),
    ],
)
def test_names_from_the_apps_packages_resolve(
    name: str, exe: str | None, os_name: str, expected: str
) -> None:
    found = Catalogue(built_in()[0]).match(name, exe, os_name)
    assert found is not None and found.app_id == expected


def test_no_process_name_is_claimed_by_two_built_in_apps() -> None:
    owners: dict[tuple[str, str], str] = {}
    for entry in built_in()[0]:
        for os_name, names in entry.processes.items():
            for name in names:
                key = name.casefold()
                if os_name == "windows":
                    key = key.removesuffix(".exe")
                assert owners.setdefault((os_name, key), entry.app_id) == entry.app_id, name


# --- errors: named by file, line and entry; the rest still loads ---------------------


def test_a_toml_syntax_error_names_the_file_and_line_and_loads_nothing() -> None:
    text = app("good") + '[[app]]\nid = "broken\n'
    entries, errors = parse_catalogue(text, "family.toml")
    assert entries == []
    (error,) = errors
    assert error.startswith("family.toml line 8: not valid TOML, nothing loaded from it: ")
    assert "(at line 8, column 13)" in error  # tomllib's own words follow


def test_an_unknown_category_names_line_entry_and_choices() -> None:
    text = app("fine") + app("foo", category="streamin") + app("also-fine")
    entries, errors = parse_catalogue(text, "catalogue.toml")

    assert [e.app_id for e in entries] == ["fine", "also-fine"]
    assert errors == [
        "catalogue.toml line 7, entry 'foo': unknown category 'streamin' "
        "(expected one of streaming, video-chat, virtual-camera, browser, other)"
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('[[app]]\nid = "x"\ncategory = "browser"\nprocesses.linux = ["x"]\n', "missing name"),
        ('[[app]]\nid = "x"\nname = "X"\nprocesses.linux = ["x"]\n', "missing category"),
        ('[[app]]\nname = "X"\ncategory = "browser"\nprocesses.linux = ["x"]\n', "bad id"),
        ('[[app]]\nid = "Bad Id"\nname = "X"\ncategory = "browser"\n', "bad id"),
        ('[[app]]\nid = "x"\nname = "X"\ncategory = "browser"\n', "missing processes"),
        (app("x", linux='"obs"'), "processes.linux must be a list"),
        (app("x", linux='["", "obs"]'), "non-empty strings"),
        (app("x", linux="[]"), "no process names"),
        (app("x", extra='processes.beos = ["x"]'), "unknown operating system(s) 'beos'"),
        (app("x", extra='categroy = "streaming"'), "unknown key(s) 'categroy'"),
        (app("x", category="1"), "unknown category '1'"),
    ],
)
def test_each_kind_of_bad_entry_is_skipped_with_a_message(entry: str, message: str) -> None:
    text = app("before") + entry + app("after")
    entries, errors = parse_catalogue(text, "family.toml")

    assert [e.app_id for e in entries] == ["before", "after"]
    (error,) = errors
    assert error.startswith("family.toml line 7, entry ")
    assert message in error


def test_an_entry_without_an_id_is_named_by_its_position() -> None:
    text = app("a") + '[[app]]\nname = "X"\ncategory = "browser"\nprocesses.linux = ["x"]\n'
    _, errors = parse_catalogue(text, "f.toml")
    assert errors[0].startswith("f.toml line 7, entry #2: ")


def test_a_duplicate_id_in_one_file_is_an_error_and_the_first_is_kept() -> None:
    text = app("zoom", linux='["zoom"]') + app("zoom", linux='["zoom2"]')
    entries, errors = parse_catalogue(text, "family.toml")

    assert [e.processes["linux"] for e in entries] == [("zoom",)]
    assert errors == [
        "family.toml line 7, entry 'zoom': duplicate id (already defined at line 1); "
        "this one is ignored"
    ]


def test_app_written_as_a_single_table_is_explained() -> None:
    _, errors = parse_catalogue('[app]\nid = "x"\n', "f.toml")
    assert errors == ["f.toml: 'app' must be written as [[app]] tables; nothing loaded"]


def test_unknown_top_level_keys_are_reported_but_apps_load() -> None:
    entries, errors = parse_catalogue("version = 2\n" + app("a"), "f.toml")
    assert [e.app_id for e in entries] == ["a"]
    assert errors == [
        "f.toml: unknown top-level key(s) 'version' ignored (apps go in [[app]] tables)"
    ]


def test_an_empty_file_is_an_empty_catalogue() -> None:
    assert parse_catalogue("", "f.toml") == ([], [])
    assert parse_catalogue("# only comments\n", "f.toml") == ([], [])


def test_entries_are_immutable() -> None:
    (entry,), _ = parse_catalogue(app("a"), "f.toml")
    with pytest.raises(TypeError):
        entry.processes["linux"] = ("y",)  # type: ignore[index]
    assert hash(entry) == hash(entry)
    assert entry.info == AppInfo("a", "A", Category.VIDEO_CHAT)
    assert (entry.source, entry.line) == ("f.toml", 1)


# --- merging files ------------------------------------------------------------------


def test_a_later_file_replaces_an_entry_with_the_same_id() -> None:
    base, _ = parse_catalogue(app("zoom", linux='["zoom"]') + app("obs", linux='["obs"]'), "a")
    family, _ = parse_catalogue(app("zoom", category="streaming", linux='["zoom"]'), "b")
    catalogue = Catalogue([*base, *family])

    assert len(catalogue) == 2
    zoom = catalogue.get("zoom")
    assert zoom is not None and zoom.source == "b"
    found = catalogue.match("zoom", None, "linux")
    assert found is not None and found.category is Category.STREAMING
    assert catalogue.get("nope") is None


# --- matching -----------------------------------------------------------------------


def _catalogue() -> Catalogue:
    text = (
        '[[app]]\nid = "telegram"\nname = "Telegram"\ncategory = "video-chat"\n'
        'processes.linux = ["telegram-desktop"]\nprocesses.windows = ["Telegram.exe"]\n'
        '[[app]]\nid = "obs-studio"\nname = "OBS Studio"\ncategory = "streaming"\n'
        'processes.linux = ["obs"]\nprocesses.windows = ["obs64"]\nprocesses.macos = ["OBS"]\n'
    )
    entries, errors = parse_catalogue(text, "t.toml")
    assert errors == []
    return Catalogue(entries)


def test_matching_ignores_case() -> None:
    catalogue = _catalogue()
    for name in ("obs", "OBS", "Obs"):
        found = catalogue.match(name, None, "linux")
        assert found is not None and found.app_id == "obs-studio"
    assert catalogue.match("obs", None, "macos") is not None


def test_linux_names_truncated_to_15_characters_still_match() -> None:
    catalogue = _catalogue()
    found = catalogue.match("telegram-deskto", None, "linux")  # the kernel's comm
    assert found is not None and found.app_id == "telegram"
    assert catalogue.match("telegram-desk", None, "linux") is None  # not a truncation
    assert catalogue.match("telegram-deskto", None, "windows") is None


def test_the_exe_file_name_matches_when_the_process_name_does_not() -> None:
    catalogue = _catalogue()
    found = catalogue.match("MainThread", "/opt/telegram/telegram-desktop", "linux")
    assert found is not None and found.app_id == "telegram"
    found = catalogue.match("x", r"C:\Program Files\obs-studio\bin\64bit\obs64.exe", "windows")
    assert found is not None and found.app_id == "obs-studio"
    assert catalogue.match("MainThread", "/usr/bin/python3", "linux") is None


def test_windows_names_match_with_or_without_exe() -> None:
    catalogue = _catalogue()
    for name in ("Telegram.exe", "telegram", "TELEGRAM.EXE", "obs64", "obs64.exe"):
        assert catalogue.match(name, None, "windows") is not None, name
    assert catalogue.match("obs64.exe", None, "linux") is None


def test_unknown_systems_and_names_match_nothing() -> None:
    catalogue = _catalogue()
    assert catalogue.match("obs", None, "beos") is None
    assert catalogue.match("", None, "linux") is None
    assert Catalogue().match("obs", None, "linux") is None


@given(st.sampled_from(built_in()[0]), st.data())
def test_every_catalogued_name_matches_its_app_in_any_case(
    entry: CatalogueEntry, data: st.DataObject
) -> None:
    catalogue = Catalogue(built_in()[0])
    for os_name, names in entry.processes.items():
        for name in names:
            flipped = "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in name)
            found = catalogue.match(flipped, None, os_name)
            assert found is not None and found.app_id == entry.app_id
