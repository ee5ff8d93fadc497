"""scan_holders against real processes holding a stand-in device node."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from familywatch.probes.linux.holders import scan_holders
from tests.probes.conftest import as_nobody

pytestmark = pytest.mark.timeout(30)


def _hold(spawn, program, node: Path, name: str = "camapp"):  # type: ignore[no-untyped-def]
    with open(node, "rb") as device:
        return spawn([program(name), "60"], stdin=device)


def test_a_process_holding_the_node_is_found_and_forgotten_when_it_exits(
    make_node, program, spawn, stop
):
    node = make_node("video0")
    real = os.path.realpath(node)
    holder = _hold(spawn, program, node)

    scan = scan_holders(frozenset({real}))

    assert scan.holders == {holder.pid: {real}}
    assert scan.processes > 3 and scan.fds >= scan.processes
    stop(holder)
    assert holder.pid not in scan_holders(frozenset({real})).holders


def test_only_the_listed_nodes_count(make_node, program, spawn):
    camera, other = make_node("video0"), make_node("video1")
    holder = _hold(spawn, program, other)

    assert holder.pid not in scan_holders(frozenset({os.path.realpath(camera)})).holders
    assert holder.pid in scan_holders(frozenset({os.path.realpath(other)})).holders


def test_several_holders_and_several_nodes(make_node, program, spawn):
    first, second = make_node("video0"), make_node("video2")
    a = _hold(spawn, program, first, "a")
    b = _hold(spawn, program, second, "b")
    with open(first, "rb") as one, open(second, "rb") as two:
        both = spawn([program("both"), "60"], stdin=one, stdout=two)

    scan = scan_holders(frozenset({os.path.realpath(first), os.path.realpath(second)}))

    assert scan.holders[a.pid] == {os.path.realpath(first)}
    assert scan.holders[b.pid] == {os.path.realpath(second)}
    assert scan.holders[both.pid] == {os.path.realpath(first), os.path.realpath(second)}


def test_nothing_to_look_for_costs_nothing():
    scan = scan_holders(frozenset())
    assert (scan.holders, scan.processes, scan.fds, scan.unreadable) == ({}, 0, 0, 0)


def test_vanished_and_odd_entries_are_skipped_not_counted(tmp_path, make_node):
    """A fake /proc: a process gone mid-scan, a non-directory, and a real holder."""
    node = make_node("video0")
    proc = tmp_path / "proc"
    (proc / "101").mkdir(parents=True)  # no fd dir: exited between listing and reading
    (proc / "102").mkdir()
    (proc / "102" / "fd").write_text("")  # not a directory
    (proc / "103" / "fd").mkdir(parents=True)
    (proc / "103" / "fd" / "0").symlink_to(node)
    (proc / "103" / "fd" / "1").symlink_to("socket:[4711]")
    (proc / "self").mkdir()  # not a pid

    scan = scan_holders(frozenset({str(node)}), proc=str(proc))

    assert scan.holders == {103: {str(node)}}
    assert scan.processes == 3
    assert scan.unreadable == 0
    assert scan.fds == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_unreadable_processes_are_counted_not_fatal(make_node, program, spawn):
    """As an ordinary user, root's processes' fd tables are EACCES: counted as unreadable."""
    node = make_node("video0")
    holder = _hold(spawn, program, node)  # runs as root: invisible to 'nobody'

    def scan_as_nobody() -> list[object]:
        scan = scan_holders(frozenset({os.path.realpath(node)}))
        return [scan.unreadable, scan.processes, sorted(scan.holders)]

    unreadable, processes, holders = as_nobody(scan_as_nobody)

    assert processes > 0
    assert unreadable > 0
    assert holder.pid not in holders
