"""The shared ProcessTable (and app probe) with real processes and the real psutil lister."""

from __future__ import annotations

import os

import psutil
import pytest

from familywatch.core.catalogue import Catalogue, parse_catalogue
from familywatch.probes.app_probe import CataloguedAppProbe
from familywatch.probes.process_cache import ProcessTable, PsutilProcessLister
from tests.probes.conftest import as_nobody
from tests.support.builtin_catalogue import BUILT_IN

pytestmark = pytest.mark.timeout(60)


def _table(catalogue, os_name="linux", **options):  # type: ignore[no-untyped-def]
    return ProcessTable(catalogue, os_name, PsutilProcessLister(), **options)


def test_a_catalogued_process_is_known_with_its_app_and_user(program, spawn, catalogue):
    obs = spawn([program("obs"), "60"])
    homework = spawn([program("homework"), "60"])
    table = _table(catalogue)

    table.refresh()

    info = table.processes()[obs.pid]
    assert (info.name, info.ppid, info.readable, info.exe_denied) == ("obs", os.getpid(), True,
                                                                     False)
    assert info.exe is not None and info.exe.endswith("/bin/obs")
    assert info.create_time == pytest.approx(psutil.Process(obs.pid).create_time())
    running = table.catalogued()
    assert running[obs.pid].app.app_id == "obs-studio"
    assert running[obs.pid].user == psutil.Process().username()
    assert homework.pid in table.processes() and homework.pid not in running


def test_names_are_matched_in_the_column_of_the_os_given(program, spawn, catalogue):
    zoom_mac = spawn([program("zoom.us"), "60"])  # what Zoom's process is called on macOS

    linux, macos = _table(catalogue, "linux"), _table(catalogue, "macos")
    linux.refresh()
    macos.refresh()

    assert zoom_mac.pid not in linux.catalogued()
    assert macos.catalogued()[zoom_mac.pid].app.app_id == "zoom"


def test_a_refresh_inspects_only_what_is_new(program, spawn, catalogue):
    table = _table(catalogue, young_seconds=0, full_every=0)
    table.refresh()
    first = table.stats
    table.refresh()
    quiet = table.stats

    late = spawn([program("zoom"), "60"])
    table.refresh()

    assert first.inspected == first.processes > 3
    assert quiet.inspected == quiet.new < first.inspected
    assert table.stats.inspected == table.stats.new >= 1
    assert table.stats.total_inspected == first.inspected + quiet.new + table.stats.new
    assert table.catalogued()[late.pid].app.app_id == "zoom"


def test_the_cache_is_kept_until_the_full_re_read(
    tmp_path, program, spawn, catalogue, eventually
):
    """A process that execs into an app after it was seen (and is no longer young)
    keeps its old facts until every `full_every`-th refresh reads everything again."""
    zoom, ready = program("zoom"), tmp_path / "go"
    launcher = spawn([program("launcher", original="dash"), "-c",
                      f"while [ ! -e {ready} ]; do sleep 0.02; done; exec {zoom} 60"])
    table = _table(catalogue, young_seconds=0, full_every=3)
    table.refresh()
    assert table.processes()[launcher.pid].name == "launcher"

    ready.touch()
    eventually(lambda: psutil.Process(launcher.pid).name() == "zoom", what="the exec")
    table.refresh()  # the second: cached
    assert table.processes()[launcher.pid].name == "launcher"
    assert launcher.pid not in table.catalogued()

    table.refresh()  # the third: everything again
    assert table.stats.inspected == table.stats.processes
    assert table.catalogued()[launcher.pid].app.app_id == "zoom"


def test_a_young_process_that_execs_into_an_app_is_matched_again(
    tmp_path, program, spawn, catalogue, clock, eventually
):
    """Caught between fork and exec, a process has its parent's name: look again while young."""
    zoom, ready = program("zoom"), tmp_path / "go"
    launcher = spawn([program("launcher", original="dash"), "-c",
                      f"while [ ! -e {ready} ]; do sleep 0.02; done; exec {zoom} 60"])
    probe = CataloguedAppProbe(_table(catalogue, young_seconds=60, full_every=0), clock, "psutil")
    assert launcher.pid not in {s.pid for s in probe.sample().sightings}

    ready.touch()
    eventually(lambda: psutil.Process(launcher.pid).name() == "zoom", what="the exec")

    (sighting,) = [s for s in probe.sample().sightings if s.pid == launcher.pid]
    assert sighting.app is not None and sighting.app.app_id == "zoom"


def test_a_process_that_exits_is_forgotten(program, spawn, stop, catalogue):
    obs = spawn([program("obs"), "60"])
    table = _table(catalogue)
    table.refresh()
    assert obs.pid in table.catalogued()

    stop(obs)
    table.refresh()

    assert obs.pid not in table.processes() and obs.pid not in table.catalogued()
    assert table.stats.gone >= 1


def test_a_zombie_is_kept_without_its_exe_and_not_read_again(
    program, spawn, catalogue, eventually
):
    zombie = spawn([program("obs"), "0"])  # exits at once; not waited for, so a zombie
    eventually(lambda: psutil.Process(zombie.pid).status() == psutil.STATUS_ZOMBIE,
               what="the zombie")
    table = _table(catalogue, young_seconds=0, full_every=0)

    table.refresh()
    table.refresh()

    info = table.processes()[zombie.pid]
    assert (info.name, info.exe, info.exe_denied, info.readable) == ("obs", None, False, True)
    assert table.stats.inspected == table.stats.new  # the zombie is not new any more


def test_when_the_process_list_cannot_be_read_the_table_is_kept(program, spawn, catalogue,
                                                                 clock):
    class FailingLater(PsutilProcessLister):
        fail = False

        def pids(self) -> set[int]:
            if self.fail:
                raise PermissionError(13, "Permission denied", "/proc")
            return super().pids()

    obs = spawn([program("obs"), "60"])
    lister = FailingLater()
    table = ProcessTable(catalogue, "linux", lister)
    probe = CataloguedAppProbe(table, clock, "linux-proc")
    assert obs.pid in {s.pid for s in probe.sample().sightings}

    lister.fail = True
    sample = probe.sample()

    assert sample.sightings == ()
    assert obs.pid in table.processes()  # the table itself is kept, for the next look
    (status,) = probe.statuses()
    assert (status.backend, status.ok) == ("linux-proc", False)
    assert "cannot list processes" in status.detail
    lister.fail = False
    assert obs.pid in {s.pid for s in probe.sample().sightings}
    assert probe.statuses()[0].ok


def test_the_backend_and_os_are_named_in_the_status(program, spawn, catalogue, clock):
    spawn([program("obs"), "60"])
    probe = CataloguedAppProbe(_table(catalogue, "macos"), clock, "psutil")
    probe.sample()
    (status,) = probe.statuses()
    assert (status.probe, status.backend, status.ok) == ("apps", "psutil", True)
    assert status.detail.startswith(f"{len(catalogue)} catalogued apps, matched by their "
                                    "macos names; ")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_a_refused_program_file_counts_as_unreadable_only_where_asked(program, spawn,
                                                                      catalogue):
    obs = spawn([program("obs"), "60"])  # root's: 'nobody' may read its name, not its exe

    def refresh_as_nobody() -> list[object]:
        linux = _table(catalogue, exe_denied_is_unreadable=True)
        elsewhere = _table(catalogue)
        linux.refresh()
        elsewhere.refresh()
        info = linux.processes()[obs.pid]
        return [linux.stats.unreadable, elsewhere.stats.unreadable, info.exe,
                info.exe_denied, sorted(p.info.name for p in linux.catalogued().values())]

    linux_count, elsewhere_count, exe, exe_denied, names = as_nobody(refresh_as_nobody)
    assert linux_count > 0 and elsewhere_count < linux_count
    assert (exe, exe_denied) == (None, True)
    assert "obs" in names  # still matched by its name


def test_the_table_serves_two_probes_without_reading_a_process_twice(
    program, spawn, catalogue, clock
):
    """Windows and macOS share one table between the app and the device probe."""
    spawn([program("obs"), "60"])
    table = _table(catalogue, young_seconds=0, full_every=0)
    probe = CataloguedAppProbe(table, clock, "psutil")
    probe.sample()

    table.refresh()  # what the device probe does next
    assert table.stats.inspected == table.stats.new
    late = spawn([program("Discord"), "60"])
    table.refresh()  # the device probe sees the new process first ...
    seen = {s.pid: s.app for s in probe.sample().sightings}  # ... the app probe too
    assert seen[late.pid] is not None and seen[late.pid].app_id == "discord"


def test_a_reloaded_catalogue_names_running_processes_at_the_next_refresh(program, spawn):
    """The family adds an app while it runs: named without waiting for the full re-read."""
    built_in = BUILT_IN.read_text(encoding="utf-8")
    catalogue = Catalogue(parse_catalogue(built_in, "catalogue.toml")[0])
    bigo = spawn([program("bigolive"), "60"])
    table = ProcessTable(catalogue, "linux", young_seconds=0, full_every=0)
    table.refresh()
    assert bigo.pid not in table.catalogued()

    family = ('[[app]]\nid = "bigo-live"\nname = "Bigo Live"\ncategory = "streaming"\n'
              'processes.linux = ["bigolive"]\n')
    catalogue.replace_with(Catalogue(parse_catalogue(built_in + family, "catalogue.toml")[0]))
    table.refresh()

    assert table.stats.inspected == table.stats.new  # matched again, not read again
    assert table.catalogued()[bigo.pid].app.app_id == "bigo-live"
    assert table.catalogued()[bigo.pid].user == psutil.Process().username()
