"""Catalogued apps running on Linux: the shared app probe over /proc, with Linux names.

Here a process whose program file is refused belongs to another user: it counts as
not fully readable (run as root to see every process).
"""

from __future__ import annotations

from familywatch.core.catalogue import Catalogue
from familywatch.core.ports import Clock
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.process_cache import ProcessTable

OS_NAME = "linux"
BACKEND = "linux-proc"


class LinuxAppProbe(CataloguedAppProbe):
    def __init__(
        self,
        catalogue: Catalogue,
        clock: Clock,
        young_seconds: float = 3.0,
        full_every: int = 30,
    ) -> None:
        table = ProcessTable(catalogue, OS_NAME, young_seconds=young_seconds,
                             full_every=full_every, exe_denied_is_unreadable=True)
        super().__init__(table, clock, BACKEND)
