"""Reading the ConsentStore: FILETIMEs, NonPackaged paths, packages, both hives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from familywatch.core.model import Kind
from familywatch.probes.windows.consent_store import (
    ConsentRecord,
    decode_non_packaged,
    merge_hives,
    normalise_exe,
    package_family_of_exe,
    read_consent_store,
)
from familywatch.probes.windows.filetime import filetime_to_utc, utc_to_filetime
from familywatch.probes.windows.registry import Hive, qword_of
from tests.probes_windows.fakes import FakeRegistry

OBS = "C:\\Program Files\\obs-studio\\bin\\64bit\\obs64.exe"


def test_a_filetime_becomes_an_aware_utc_datetime():
    moment = filetime_to_utc(133781234567890000)
    assert moment == datetime(2024, 12, 8, 9, 24, 16, 789000, tzinfo=UTC)
    assert moment is not None and moment.utcoffset() is not None


def test_filetime_edges():
    assert filetime_to_utc(0) is None  # "in use": no stop time, not 1601
    assert filetime_to_utc(-5) is None
    assert filetime_to_utc(1) == datetime(1601, 1, 1, tzinfo=UTC)  # 100 ns, floored to 0 µs
    assert filetime_to_utc(116444736000000000) == datetime(1970, 1, 1, tzinfo=UTC)
    assert filetime_to_utc(2**63) is None  # beyond what Windows accepts
    assert filetime_to_utc(0x7FFF_FFFF_FFFF_FFFF) is None  # past year 9999


def test_filetime_round_trip():
    moment = datetime(2024, 12, 8, 18, 10, 5, 117000, tzinfo=UTC)
    assert utc_to_filetime(moment) == 133781550051170000
    assert filetime_to_utc(utc_to_filetime(moment)) == moment
    with pytest.raises(ValueError, match="timezone-aware"):
        utc_to_filetime(datetime(2024, 12, 8))


def test_a_qword_is_read_as_an_int_or_eight_little_endian_bytes():
    assert qword_of(133781234567890000, 11) == 133781234567890000
    assert qword_of((133781234567890000).to_bytes(8, "little"), 3) == 133781234567890000
    assert qword_of("Allow", 1) is None
    assert qword_of(b"\x00" * 4, 3) is None


def test_non_packaged_names_decode_to_paths():
    assert decode_non_packaged("C:#Program Files#obs-studio#bin#64bit#obs64.exe") == OBS
    assert decode_non_packaged("D:#Games#OBS#obs64.exe") == "D:\\Games\\OBS\\obs64.exe"


def test_paths_compare_ignoring_case_slashes_and_long_path_prefixes():
    shouting = "c:\\PROGRAM FILES\\OBS-Studio\\bin\\64bit\\OBS64.EXE"
    long_path = "\\\\?\\C:\\Program Files\\obs-studio/bin/64bit/obs64.exe"
    assert normalise_exe(OBS) == normalise_exe(shouting) == normalise_exe(long_path)


@pytest.mark.parametrize(
    ("exe", "family"),
    [
        ("C:\\Program Files\\WindowsApps\\MSTeams_24335.208.2947.3012_x64__8wekyb3d8bbwe"
         "\\ms-teams.exe", "MSTeams_8wekyb3d8bbwe"),
        ("C:\\Program Files\\WindowsApps\\Microsoft.WindowsCamera_2024.2408.1.0_x64__"
         "8wekyb3d8bbwe\\WindowsCamera.exe", "Microsoft.WindowsCamera_8wekyb3d8bbwe"),
        ("C:\\Program Files\\WindowsApps\\Microsoft.WindowsNotepad_11.2410.21.0_x64__"
         "8wekyb3d8bbwe\\Notepad\\Notepad.exe", "Microsoft.WindowsNotepad_8wekyb3d8bbwe"),
        (OBS, None),
        ("C:\\Program Files\\WindowsApps\\Deleted", None),
        ("C:\\Program Files\\WindowsApps\\oddly_named\\x.exe", None),
    ],
)
def test_the_package_family_of_a_program_under_windowsapps(exe, family):
    assert package_family_of_exe(exe) == family


def test_the_recorded_store_is_read_from_both_hives(registry):
    reading = read_consent_store(registry)

    assert reading.hives_read == (Hive.CURRENT_USER, Hive.LOCAL_MACHINE)
    assert reading.missing == ()
    webcam = [r for r in reading.records if r.kind is Kind.CAMERA]
    assert {(r.hive, r.key_name) for r in webcam} >= {
        (Hive.CURRENT_USER, "MSTeams_8wekyb3d8bbwe"),
        (Hive.CURRENT_USER, "C:#Program Files#obs-studio#bin#64bit#obs64.exe"),
        (Hive.LOCAL_MACHINE, "C:#Program Files#obs-studio#bin#64bit#obs64.exe"),
    }
    teams = next(r for r in webcam if r.package == "MSTeams_8wekyb3d8bbwe")
    assert teams.exe is None and teams.in_use and teams.stopped_at is None
    assert teams.started_at == datetime(2024, 12, 8, 18, 2, 11, 503000, tzinfo=UTC)
    obs = next(r for r in webcam if r.exe == OBS and r.hive is Hive.CURRENT_USER)
    assert obs.package is None and obs.in_use
    # Never used (only its permission recorded): no values, not in use.
    photos = next(r for r in webcam if r.key_name.startswith("Microsoft.Windows.Photos"))
    assert photos.last_start is None and photos.last_stop is None and not photos.in_use
    # Only webcam and microphone are read, never location or the others.
    assert not any("location" in line for line in registry.log)
    assert registry.open_count() == registry.close_count()  # every key closed again


def test_in_use_merges_the_hives_and_keeps_crash_leftovers_for_the_probe(registry):
    in_use = read_consent_store(registry).in_use()
    names = sorted((r.kind.value, r.key_name) for r in in_use)
    assert names == [
        ("camera", "C:#Program Files (x86)#ManyCam#ManyCam.exe"),
        ("camera", "C:#Program Files#Google#Chrome#Application#chrome.exe"),
        ("camera", "C:#Program Files#obs-studio#bin#64bit#obs64.exe"),
        ("camera", "MSTeams_8wekyb3d8bbwe"),
        ("microphone", "C:#Users#Sam#AppData#Local#Discord#app-1.0.9173#Discord.exe"),
        ("microphone", "MSTeams_8wekyb3d8bbwe"),
    ]
    obs = next(r for r in in_use if r.exe == OBS)
    assert obs.hive is Hive.CURRENT_USER  # HKLM's older, stopped use of OBS lost to HKCU's


def _record(hive: Hive, start: int | None, stop: int | None, exe: str = OBS) -> ConsentRecord:
    return ConsentRecord(Kind.CAMERA, hive, exe.replace("\\", "#"), exe, None, start, stop)


def test_when_both_hives_name_an_app_the_latest_start_wins():
    older_in_use = _record(Hive.CURRENT_USER, 133774491000000000, 0)
    newer_stopped = _record(Hive.LOCAL_MACHINE, 133781550051170000, 133781552000000000)
    (merged,) = merge_hives([older_in_use, newer_stopped])
    assert merged is newer_stopped and not merged.in_use

    newer_in_use = _record(Hive.LOCAL_MACHINE, 133781550051170000, 0, exe=OBS.upper())
    (merged,) = merge_hives([_record(Hive.CURRENT_USER, 133774491000000000, 1), newer_in_use])
    assert merged is newer_in_use and merged.in_use  # same app, whatever the case


def test_a_tie_goes_to_the_current_user():
    machine = _record(Hive.LOCAL_MACHINE, 5, 0)
    user = _record(Hive.CURRENT_USER, 5, 9)
    assert merge_hives([machine, user]) == [user]
    assert merge_hives([user, machine]) == [user]


def test_an_app_only_in_hklm_is_kept(registry):
    node = registry.app_key("HKLM", "microphone", "NonPackaged")
    node["subkeys"]["C:#Program Files#Zoom#bin#Zoom.exe"] = {
        "values": {"LastUsedTimeStart": ["REG_QWORD", 133781560000000000],
                   "LastUsedTimeStop": ["REG_QWORD", 0]},
        "subkeys": {},
    }
    in_use = read_consent_store(registry).in_use()
    zoom = [r for r in in_use if r.exe == "C:\\Program Files\\Zoom\\bin\\Zoom.exe"]
    assert [(r.hive, r.kind) for r in zoom] == [(Hive.LOCAL_MACHINE, Kind.MICROPHONE)]


def test_a_value_written_as_eight_bytes_is_read_too(registry):
    node = registry.app_key("HKCU", "webcam", "NonPackaged",
                            "C:#Users#Sam#AppData#Roaming#Zoom#bin#Zoom.exe")
    node["values"]["LastUsedTimeStop"] = ["REG_BINARY", "0000000000000000"]
    in_use = read_consent_store(registry).in_use()
    assert any(r.key_name.endswith("Zoom.exe") and r.kind is Kind.CAMERA for r in in_use)


def test_missing_keys_are_listed_not_raised():
    registry = FakeRegistry({"HKCU": {}, "HKLM": {}})
    reading = read_consent_store(registry)
    assert reading.records == () and reading.hives_read == ()
    assert len(reading.missing) == 2 and reading.missing[0].startswith("HKCU\\Software\\")

    only_webcam = FakeRegistry.from_fixture()
    (store,) = only_webcam.tree["HKLM"].values()
    del store["subkeys"]["microphone"]
    reading = read_consent_store(only_webcam)
    assert reading.missing == (
        "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager"
        "\\ConsentStore\\microphone",
    )
