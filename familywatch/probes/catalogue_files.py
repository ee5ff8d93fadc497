"""Reading the catalogue files: the built-in one, then the family's own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from familywatch.input_file import InputFileError, read_text


def load_catalogue(files: Sequence[Path]) -> tuple[Catalogue, tuple[str, ...]]:
    """The merged catalogue, and every problem found, as messages naming file and line.

    The first file is the built-in catalogue and must exist; later ones (the family's
    own) may be missing - a family that has added nothing has no file. An entry in a
    later file replaces the built-in entry with the same id.
    """
    entries: list[CatalogueEntry] = []
    errors: list[str] = []
    for position, path in enumerate(files):
        try:
            text = read_text(path)
        except InputFileError as exc:
            if not exc.missing:
                errors.append(str(exc))
            elif position == 0:
                errors.append(f"{path}: the built-in app catalogue is missing")
            continue
        found, problems = parse_catalogue(text, str(path))
        entries.extend(found)
        errors.extend(problems)
    return Catalogue(entries), tuple(errors)


class CatalogueFiles:
    """The catalogue files and the Catalogue the probes match against, kept in step.

    `refresh()` costs one stat per file; when the family's file was changed (by the
    parent settings, the command line or by hand) it reloads into the same Catalogue
    object, so the running probes name the new apps without a restart.
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = tuple(files)
        self.catalogue, self.errors = load_catalogue(self.files)
        self._stamps = self._stamp()

    def _stamp(self) -> tuple[tuple[int, int] | None, ...]:
        stamps: list[tuple[int, int] | None] = []
        for path in self.files:
            try:
                info = path.stat()
            except OSError:
                stamps.append(None)
            else:
                stamps.append((info.st_mtime_ns, info.st_size))
        return tuple(stamps)

    def refresh(self) -> bool:
        """Reload if a file changed since the last look; True when it did."""
        stamps = self._stamp()
        if stamps == self._stamps:
            return False
        self._stamps = stamps
        fresh, self.errors = load_catalogue(self.files)
        self.catalogue.replace_with(fresh)
        return True
