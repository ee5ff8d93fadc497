"""LinuxAppProbe with real processes named like catalogued apps."""

from __future__ import annotations

import contextlib
import os

import psutil
import pytest

from familywatch.core.model import Category, Kind
from familywatch.probes.linux.app_probe import LinuxAppProbe
from tests.probes.conftest import as_nobody

pytestmark = pytest.mark.timeout(60)


def _by_pid(sample):  # type: ignore[no-untyped-def]
    return {s.pid: s for s in sample.sightings}


def test_catalogued_apps_are_reported_with_their_app(program, spawn, catalogue, clock):
    obs = spawn([program("obs"), "60"])
    discord = spawn([program("Discord"), "60"])
    other = spawn([program("homework"), "60"])
    probe = LinuxAppProbe(catalogue, clock)

    sample = probe.sample()

    assert sample.kinds == {Kind.APP}
    seen = _by_pid(sample)
    assert seen[obs.pid].app is not None
    assert (seen[obs.pid].app.app_id, seen[obs.pid].app.category) == (
        "obs-studio",
        Category.STREAMING,
    )
    assert seen[obs.pid].process == "obs"
    assert seen[obs.pid].exe is not None and seen[obs.pid].exe.endswith("/bin/obs")
    assert seen[obs.pid].user == psutil.Process().username()
    assert seen[obs.pid].device is None and seen[obs.pid].kind is Kind.APP
    assert seen[discord.pid].app is not None and seen[discord.pid].app.app_id == "discord"
    assert other.pid not in seen  # not catalogued: not an app sighting


def test_an_app_with_child_processes_is_reported_once_by_its_top_process(
    program, spawn, catalogue, clock, eventually
):
    zoom = program("zoom", original="dash")
    # zoom (a shell) starts another zoom, which starts a sleep: like a multi-process app.
    parent = spawn([zoom, "-c", f"{zoom} -c 'sleep 60; :' & sleep 60; :"])

    def family():  # type: ignore[no-untyped-def]
        # The inner zoom, once exec'd (a fork not yet exec'd has the parent's command line).
        found = []
        for child in psutil.Process(parent.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):  # short-lived forks come and go
                if child.cmdline()[-1:] == ["sleep 60; :"]:
                    found.append(child)
        return found

    (child,) = eventually(family, what="zoom's child process")
    probe = LinuxAppProbe(catalogue, clock)

    seen = _by_pid(probe.sample())

    assert parent.pid in seen
    assert child.pid not in seen
    assert seen[parent.pid].app is not None and seen[parent.pid].app.app_id == "zoom"


def test_a_later_sample_inspects_only_new_processes(program, spawn, catalogue, clock):
    spawn([program("obs"), "60"])
    probe = LinuxAppProbe(catalogue, clock, young_seconds=0, full_every=0)

    probe.sample()
    first = probe.stats
    probe.sample()
    second = probe.stats

    assert first.inspected == first.processes > 3
    assert second.inspected == second.new < first.inspected
    assert second.total_inspected == first.inspected + second.new
    late = spawn([program("zoom"), "60"])
    assert late.pid in _by_pid(probe.sample())
    assert probe.stats.inspected == probe.stats.new >= 1


def test_a_process_that_execs_into_an_app_is_seen_again(
    tmp_path, program, spawn, catalogue, clock, eventually
):
    """Caught between fork and exec, a process has its parent's name: look again while young."""
    zoom = program("zoom")
    ready = tmp_path / "go"
    script = f"while [ ! -e {ready} ]; do sleep 0.02; done; exec {zoom} 60"
    launcher = spawn([program("launcher", original="dash"), "-c", script])
    probe = LinuxAppProbe(catalogue, clock, young_seconds=60, full_every=0)
    assert launcher.pid not in _by_pid(probe.sample())

    ready.touch()
    eventually(lambda: psutil.Process(launcher.pid).name() == "zoom", what="the exec")

    seen = _by_pid(probe.sample())
    assert seen[launcher.pid].app is not None and seen[launcher.pid].app.app_id == "zoom"


def test_an_app_that_exits_is_no_longer_reported(program, spawn, stop, catalogue, clock):
    obs = spawn([program("obs"), "60"])
    probe = LinuxAppProbe(catalogue, clock)
    assert obs.pid in _by_pid(probe.sample())

    stop(obs)

    assert obs.pid not in _by_pid(probe.sample())
    assert probe.stats.gone >= 1


def test_every_nth_sample_looks_at_everything_again(program, spawn, catalogue, clock):
    probe = LinuxAppProbe(catalogue, clock, young_seconds=0, full_every=3)
    probe.sample()
    probe.sample()
    probe.sample()
    assert probe.stats.inspected == probe.stats.processes


def test_statuses_say_what_is_watched(catalogue, clock):
    probe = LinuxAppProbe(catalogue, clock)
    probe.sample()
    (status,) = probe.statuses()
    assert status.ok and status.probe == "apps"
    assert f"{len(catalogue)} catalogued apps" in status.detail


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_other_users_processes_count_as_unreadable(program, spawn, catalogue, clock):
    spawn([program("obs"), "60"])  # root's: its exe is unreadable to 'nobody'

    def sample_as_nobody() -> list[object]:
        sample = LinuxAppProbe(catalogue, clock).sample()
        return [sample.unreadable, sorted(s.process for s in sample.sightings)]

    unreadable, names = as_nobody(sample_as_nobody)

    assert unreadable > 0
    assert "obs" in names  # still matched by name without its exe
