"""recover_after_crash closes what an unclean stop left open, at its last sighting."""

from __future__ import annotations

from familywatch.core.model import EndReason
from familywatch.core.ports import Recovery, SessionUpdate
from familywatch.store import SqlStore


def test_open_runs_and_sessions_end_when_last_seen(store: SqlStore, make_session, at) -> None:
    stopped = store.begin_run(at(0), 1, "pc")
    closed_session = store.add_session(make_session(1, 5), stopped)
    store.end_run(stopped, at(10), "stopped")
    crashed = store.begin_run(at(20), 2, "pc")
    store.touch_run(crashed, at(45))
    left_open = store.add_session(make_session(21, None), crashed)
    store.update_sessions([SessionUpdate(left_open, last_seen=at(40))])

    recovery = store.recover_after_crash(now=at(600))

    assert recovery == Recovery(sessions_closed=1, runs_closed=1)
    assert store.open_sessions() == []
    runs = store.runs_between(at(0), at(700))
    assert [(r.ended_at, r.ended_how) for r in runs] == [
        (at(10), "stopped"),
        (at(45), "crashed"),  # its last sign of life, not the restart
    ]
    by_serial = {s.serial: s for s in store.sessions_between(at(0), at(700))}
    assert by_serial[left_open].ended_at == at(40)
    assert by_serial[left_open].ended_by is EndReason.RECOVERED
    assert by_serial[closed_session].ended_by is EndReason.CLOSED
    assert by_serial[closed_session].ended_at == at(5)


def test_nothing_to_recover_after_a_clean_stop(store: SqlStore, make_session, at) -> None:
    run_id = store.begin_run(at(0), 1, "pc")
    store.add_session(make_session(1, 5), run_id)
    store.end_run(run_id, at(10), "stopped")

    assert store.recover_after_crash(now=at(20)) == Recovery(0, 0)


def test_recovering_twice_changes_nothing_more(store: SqlStore, make_session, at) -> None:
    store.begin_run(at(0), 1, "pc")
    store.add_session(make_session(1, None), None)

    assert store.recover_after_crash(now=at(20)) == Recovery(1, 1)
    assert store.recover_after_crash(now=at(30)) == Recovery(0, 0)


def test_with_a_host_other_computers_are_left_running(store: SqlStore, make_session, at) -> None:
    mine = store.begin_run(at(0), 1, "family-pc")
    theirs = store.begin_run(at(0), 2, "laptop")
    store.add_session(make_session(1, None), mine)
    store.add_session(make_session(2, None), theirs)
    store.add_session(make_session(3, None, host=None), None)  # nobody's: closed too

    assert store.recover_after_crash(now=at(9), host="family-pc") == Recovery(2, 1)
    assert [s.host for s in store.open_sessions()] == ["laptop"]
    still_running = store.latest_run(host="laptop")
    assert still_running is not None and still_running.ended_at is None
