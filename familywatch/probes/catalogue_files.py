"""Reading the catalogue files: the built-in one, then the family's own."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from familywatch.core.catalogue_guard import KeySource, Refusal, guard
from familywatch.input_file import InputFileError, read_text

log = logging.getLogger(__name__)


def _no_key() -> bytes | None:
    return None


@dataclass(frozen=True, slots=True)
class LoadedCatalogue:
    catalogue: Catalogue
    errors: tuple[str, ...]  # every problem, the refusals' messages included
    built_in: tuple[CatalogueEntry, ...]
    family: tuple[CatalogueEntry, ...]  # the family's valid entries, refused ones too
    refusals: tuple[Refusal, ...]


def _read(path: Path, built_in: bool, errors: list[str]) -> list[CatalogueEntry]:
    try:
        text = read_text(path)
    except InputFileError as exc:
        if not exc.missing:
            errors.append(str(exc))
        elif built_in:
            errors.append(f"{path}: the built-in app catalogue is missing")
        return []
    found, problems = parse_catalogue(text, str(path))
    errors.extend(problems)
    return found


def read_catalogue(files: Sequence[Path], approval_key: KeySource | None = None
                   ) -> LoadedCatalogue:
    """The first file is the built-in catalogue and must exist; later ones (the family's
    own) may be missing - a family that has added nothing has no file. A later entry
    that would change what a built-in app matches counts only with a parent's approval,
    checked with `approval_key` (asked for only then; without it nothing is approved)."""
    errors: list[str] = []
    built_in = _read(files[0], True, errors) if files else []
    family = [entry for path in files[1:] for entry in _read(path, False, errors)]
    guarded = guard(built_in, family, approval_key or _no_key)
    errors.extend(refusal.message for refusal in guarded.refusals)
    return LoadedCatalogue(Catalogue([*built_in, *guarded.accepted]), tuple(errors),
                           tuple(built_in), tuple(family), guarded.refusals)


def load_catalogue(files: Sequence[Path], approval_key: KeySource | None = None
                   ) -> tuple[Catalogue, tuple[str, ...]]:
    """The merged catalogue, and every problem found, as messages naming file and line."""
    loaded = read_catalogue(files, approval_key)
    return loaded.catalogue, loaded.errors


class CatalogueFiles:
    """The catalogue files and the Catalogue the probes match against, kept in step.

    `refresh()` costs one stat per file; when the family's file was changed (by the
    parent settings, the command line or by hand) it reloads into the same Catalogue
    object, so the running probes name the new apps without a restart, and logs each
    new problem (a change to a built-in app without the PIN among them).
    """

    def __init__(self, files: Sequence[Path], approval_key: KeySource | None = None) -> None:
        self.files = tuple(files)
        self._approval_key = approval_key
        loaded = read_catalogue(self.files, approval_key)
        self.catalogue, self.errors, self.refusals = (
            loaded.catalogue, loaded.errors, loaded.refusals)
        self._stamps = self._stamp()

    def _stamp(self) -> tuple[tuple[int, int, int] | None, ...]:
        stamps: list[tuple[int, int, int] | None] = []
        for path in self.files:
            try:
                info = path.stat()
            except OSError:
                stamps.append(None)
            else:  # the inode too: every write of the family's file renames a new one
                stamps.append((info.st_mtime_ns, info.st_size, info.st_ino))
        return tuple(stamps)

    def refresh(self) -> bool:
        """Reload if a file changed since the last look; True when it did."""
        stamps = self._stamp()
        if stamps == self._stamps:
            return False
        self._stamps = stamps
        loaded = read_catalogue(self.files, self._approval_key)
        for problem in loaded.errors:
            if problem not in self.errors:
                log.warning("%s", problem)
        self.errors, self.refusals = loaded.errors, loaded.refusals
        self.catalogue.replace_with(loaded.catalogue)
        return True
