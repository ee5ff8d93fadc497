"""Sensing adapters: the platform's probes, chosen by operating system, and the catalogue."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, cast

from familywatch.core.catalogue import Catalogue
from familywatch.core.model import Kind
from familywatch.core.ports import Clock
from familywatch.probes.base import ProbeConfig, ProbeSet
from familywatch.probes.catalogue_files import CatalogueFiles, load_catalogue
from familywatch.probes.null import NullProbe

__all__ = ["create_probes", "load_catalogue", "null_probes"]

# The values of ProbeConfig.os_name, each the name of a module beside this one.
PLATFORMS = frozenset({"linux", "windows", "macos"})

# Every platform module offers the same function:
#   create_probes(config, clock, catalogue, catalogue_errors) -> ProbeSet
_Factory = Callable[[ProbeConfig, Clock, Catalogue, tuple[str, ...]], ProbeSet]


def null_probes(clock: Clock, backend: str, why: str, notes: tuple[str, ...] = ()) -> ProbeSet:
    """A ProbeSet that sees nothing and whose statuses say `not available here: why`."""
    return ProbeSet(
        devices=NullProbe(frozenset({Kind.CAMERA, Kind.MICROPHONE}), clock, backend, why),
        apps=NullProbe(frozenset({Kind.APP}), clock, backend, why),
        watcher=None,
        catalogue_errors=notes,
    )


def create_probes(config: ProbeConfig, clock: Clock) -> ProbeSet:
    """The probes for `config.os_name`, or null probes that say why there are none."""
    files = CatalogueFiles(config.catalogue_files, config.approval_key)
    catalogue, errors = files.catalogue, files.errors
    module_name = config.os_name
    if module_name not in PLATFORMS:
        return null_probes(clock, "none", f"unknown operating system {module_name!r}", errors)
    qualified = f"{__name__}.{module_name}"
    try:
        module: Any = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name == qualified:
            why = f"this build has no {config.os_name} probes"
        else:
            why = f"the {config.os_name} probes need {exc.name!r}, which is not installed"
        return null_probes(clock, module_name, why, errors)
    except (ImportError, OSError) as exc:
        return null_probes(
            clock, module_name, f"the {config.os_name} probes failed to load: {exc}", errors
        )
    factory = cast(_Factory | None, getattr(module, "create_probes", None))
    if factory is None:
        return null_probes(
            clock, module_name, f"the {config.os_name} probes are incomplete", errors
        )
    probes = factory(config, clock, catalogue, errors)
    probes.catalogue_files = files
    return probes
