"""Reading the catalogue files: the built-in one, then the family's own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from familywatch.core.catalogue import Catalogue, CatalogueEntry, parse_catalogue


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
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if position == 0:
                errors.append(f"{path}: the built-in app catalogue is missing")
            continue
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        except OSError as exc:
            errors.append(f"{path}: cannot be read ({exc.strerror or exc})")
            continue
        found, problems = parse_catalogue(text, str(path))
        entries.extend(found)
        errors.extend(problems)
    return Catalogue(entries), tuple(errors)
