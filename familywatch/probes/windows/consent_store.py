"""The CapabilityAccessManager ConsentStore: which apps use the webcam and microphone.

Layout (the same under HKCU and HKLM; public readers: fox-it/dissect.target
`plugins/os/windows/regf/cam.py`, RegRipper `consentstore.pl`):

    Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore
      webcam\\                                  (and microphone\\)
        Microsoft.WindowsCamera_8wekyb3d8bbwe\\    a packaged app, by package family
            LastUsedTimeStart  QWORD FILETIME
            LastUsedTimeStop   QWORD FILETIME    0 while in use
        NonPackaged\\
          C:#Program Files#obs-studio#bin#64bit#obs64.exe\\   a desktop app, '#' for '\\'
            LastUsedTimeStart, LastUsedTimeStop

Windows names the app, never the process: mapping to a pid is the device probe's job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from familywatch.core.model import Kind
from familywatch.probes.windows.filetime import filetime_to_utc
from familywatch.probes.windows.registry import Hive, RegistryKey, RegistryReader

CONSENT_STORE = (
    "Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore"
)
CAPABILITIES = {Kind.CAMERA: "webcam", Kind.MICROPHONE: "microphone"}
NON_PACKAGED = "NonPackaged"
HIVES = (Hive.CURRENT_USER, Hive.LOCAL_MACHINE)
_LONG_PATH_PREFIXES = ("\\\\?\\", "\\??\\")


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One app's entry under one capability in one hive.

    Exactly one of `exe` (a desktop app's program file) and `package` (a packaged
    app's family name, e.g. MSTeams_8wekyb3d8bbwe) is set.
    """

    kind: Kind
    hive: Hive
    key_name: str
    exe: str | None
    package: str | None
    last_start: int | None  # raw FILETIMEs, None when the value is missing
    last_stop: int | None

    @property
    def in_use(self) -> bool:
        """LastUsedTimeStop == 0 means in use (a missing value means never used)."""
        return self.last_stop == 0

    @property
    def started_at(self) -> datetime | None:
        return filetime_to_utc(self.last_start or 0)

    @property
    def stopped_at(self) -> datetime | None:
        return filetime_to_utc(self.last_stop or 0)

    @property
    def app_key(self) -> tuple[Kind, str]:
        """Identity of the app across hives: its capability and path or package, any case."""
        if self.exe is not None:
            return (self.kind, "exe:" + normalise_exe(self.exe))
        return (self.kind, "package:" + (self.package or self.key_name).casefold())


@dataclass(frozen=True, slots=True)
class ConsentReading:
    """Everything read from the ConsentStore in one pass, and what could not be read."""

    records: tuple[ConsentRecord, ...]
    hives_read: tuple[Hive, ...]
    missing: tuple[str, ...]  # keys that were not there, as HKCU\\...\\webcam

    def in_use(self) -> list[ConsentRecord]:
        return [record for record in merge_hives(self.records) if record.in_use]


def decode_non_packaged(key_name: str) -> str:
    """`C:#Program Files#obs-studio#bin#64bit#obs64.exe` -> `C:\\Program Files\\...\\obs64.exe`."""
    return key_name.replace("#", "\\")


def normalise_exe(path: str) -> str:
    """A Windows path in the form two spellings of one file share: `\\`, no prefix, casefold."""
    path = path.replace("/", "\\")
    for prefix in _LONG_PATH_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    return path.casefold()


def package_family_of_exe(exe: str) -> str | None:
    """The package family of a program under ...\\WindowsApps\\<package full name>\\.

    A package full name is Name_Version_Architecture_ResourceId_PublisherId (the
    resource id is often empty: `MSTeams_24335.208.2947.3012_x64__8wekyb3d8bbwe`);
    the family name is Name_PublisherId. Package names have no underscore.
    """
    parts = exe.replace("/", "\\").split("\\")
    lowered = [part.casefold() for part in parts]
    if "windowsapps" not in lowered:
        return None
    index = lowered.index("windowsapps")
    if index + 2 >= len(parts):  # the package folder and a file in it
        return None
    fields = parts[index + 1].split("_")
    if len(fields) != 5 or not fields[0] or not fields[4]:
        return None
    return f"{fields[0]}_{fields[4]}"


def read_consent_store(reader: RegistryReader, kinds: Iterable[Kind] = tuple(CAPABILITIES)
                       ) -> ConsentReading:
    """Read both hives, every capability asked for; missing keys are listed, not errors."""
    records: list[ConsentRecord] = []
    read: list[Hive] = []
    missing: list[str] = []
    for hive in HIVES:
        store = reader.open_key(hive, CONSENT_STORE)
        if store is None:
            missing.append(f"{hive.value}\\{CONSENT_STORE}")
            continue
        read.append(hive)
        try:
            for kind in kinds:
                capability = store.open_subkey(CAPABILITIES[kind])
                if capability is None:
                    missing.append(f"{hive.value}\\{CONSENT_STORE}\\{CAPABILITIES[kind]}")
                    continue
                with _closing(capability):
                    records.extend(_records_of(capability, kind, hive))
        finally:
            store.close()
    return ConsentReading(tuple(records), tuple(read), tuple(missing))


def _records_of(capability: RegistryKey, kind: Kind, hive: Hive) -> Iterator[ConsentRecord]:
    for name in capability.subkey_names():
        app = capability.open_subkey(name)
        if app is None:
            continue  # removed since listed
        with _closing(app):
            if name.casefold() == NON_PACKAGED.casefold():
                for exe_name in app.subkey_names():
                    desktop_app = app.open_subkey(exe_name)
                    if desktop_app is None:
                        continue
                    with _closing(desktop_app):
                        yield _record(desktop_app, kind, hive, exe_name, packaged=False)
            else:
                yield _record(app, kind, hive, name, packaged=True)


def _record(key: RegistryKey, kind: Kind, hive: Hive, name: str, *, packaged: bool
            ) -> ConsentRecord:
    return ConsentRecord(
        kind=kind,
        hive=hive,
        key_name=name,
        exe=None if packaged else decode_non_packaged(name),
        package=name if packaged else None,
        last_start=key.qword("LastUsedTimeStart"),
        last_stop=key.qword("LastUsedTimeStop"),
    )


def merge_hives(records: Iterable[ConsentRecord]) -> list[ConsentRecord]:
    """One record per app and capability: when both hives name it, the latest start wins.

    The hive that saw the app start most recently is the one that knows whether it
    still runs; the other one holds an older use. A tie goes to HKCU (the user's own).
    """
    chosen: dict[tuple[Kind, str], ConsentRecord] = {}
    for record in records:
        key = record.app_key
        current = chosen.get(key)
        if current is None or _newer(record, current):
            chosen[key] = record
    return list(chosen.values())


def _newer(candidate: ConsentRecord, current: ConsentRecord) -> bool:
    candidate_start, current_start = candidate.last_start or 0, current.last_start or 0
    if candidate_start != current_start:
        return candidate_start > current_start
    return candidate.hive is Hive.CURRENT_USER and current.hive is not Hive.CURRENT_USER


@contextlib.contextmanager
def _closing(key: RegistryKey) -> Iterator[RegistryKey]:
    try:
        yield key
    finally:
        key.close()
