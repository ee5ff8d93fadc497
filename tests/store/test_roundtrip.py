"""What goes into the store comes back out the same, with times in UTC."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from familywatch.core.model import AppInfo, Category, EndReason, Kind, MonitorRun, Session
from familywatch.core.ports import RecordStore, SessionUpdate
from familywatch.store import SqlStore, StoreError

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)  # at(0) in conftest
DAY = (T0 - timedelta(days=1), T0 + timedelta(days=1))


def test_a_session_with_every_field_comes_back_whole(store: SqlStore) -> None:
    run_id = store.begin_run(T0, 99, "family-pc")
    session = Session(
        serial=0,
        kind=Kind.MICROPHONE,
        pid=31337,
        process="obs",
        started_at=T0 + timedelta(microseconds=123456),
        last_seen=T0 + timedelta(minutes=5),
        exe="/usr/bin/obs",
        user="kid",
        device="/dev/snd/pcmC0D0c",
        app=AppInfo("obs-studio", "OBS Studio", Category.STREAMING),
        via="pipewire",
        host="laptop",
        ended_at=T0 + timedelta(minutes=6),
        ended_by=EndReason.CLOCK_JUMP,
    )
    row_id = store.add_session(session, run_id)

    [stored] = store.sessions_between(*DAY)

    assert stored == replace(session, serial=row_id)


def test_a_session_without_app_or_details_comes_back_whole(store: SqlStore) -> None:
    session = Session(
        serial=0,
        kind=Kind.CAMERA,
        pid=None,
        process="unknown",
        started_at=T0,
        last_seen=T0,
    )
    row_id = store.add_session(session, None)

    assert store.sessions_between(*DAY) == [replace(session, serial=row_id)]
    assert store.open_sessions() == [replace(session, serial=row_id)]


def test_a_session_without_host_takes_its_runs_host(store: SqlStore, make_session) -> None:
    run_id = store.begin_run(T0, 99, "family-pc")
    store.add_session(make_session(host=None), run_id)

    assert [s.host for s in store.sessions_between(*DAY)] == ["family-pc"]


def test_row_ids_are_the_serials_and_increase(store: SqlStore, make_session) -> None:
    ids = [store.add_session(make_session(start=n), None) for n in range(3)]

    assert ids == sorted(ids)
    assert len(set(ids)) == 3
    assert [s.serial for s in store.sessions_between(*DAY)] == ids


def test_times_come_back_aware_utc_whatever_zone_went_in(store: SqlStore, make_session) -> None:
    paris = timezone(timedelta(hours=1))
    local = datetime(2024, 3, 1, 13, 0, tzinfo=paris)  # 12:00 UTC
    store.add_session(make_session(started_at=local, last_seen=local, ended_at=local), None)

    [stored] = store.sessions_between(*DAY)

    assert stored.started_at == T0
    assert stored.started_at.tzinfo is UTC
    assert stored.ended_at is not None and stored.ended_at.tzinfo is UTC


@pytest.mark.parametrize("field", ["started_at", "last_seen", "ended_at"])
def test_naive_session_times_are_refused(store: SqlStore, make_session, field: str) -> None:
    naive = make_session(**{field: datetime(2024, 3, 1, 12, 0)})

    with pytest.raises(ValueError, match="naive datetime 2024-03-01T12:00:00 refused"):
        store.add_session(naive, None)
    assert store.sessions_between(*DAY) == []


def test_naive_times_are_refused_everywhere(store: SqlStore, make_session) -> None:
    naive = datetime(2024, 3, 1, 12, 0)
    row_id = store.add_session(make_session(), None)
    run_id = store.begin_run(T0, 1, "pc")
    calls = [
        lambda: store.begin_run(naive, 1, "pc"),
        lambda: store.touch_run(run_id, naive),
        lambda: store.end_run(run_id, naive, "stopped"),
        lambda: store.update_sessions([SessionUpdate(row_id, naive)]),
        lambda: store.sessions_between(naive, naive),
        lambda: store.runs_between(naive, naive),
        lambda: store.runs_for_gaps(naive, naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive datetime"):
            call()


def test_updates_apply_as_one_batch(store: SqlStore, make_session) -> None:
    first = store.add_session(make_session(start=0, end=None), None)
    second = store.add_session(make_session(start=1, end=None, process="obs"), None)
    later = T0 + timedelta(minutes=7)

    store.update_sessions(
        [
            SessionUpdate(first, last_seen=later),
            SessionUpdate(second, last_seen=later, ended_at=later, ended_by=EndReason.GAP),
        ]
    )
    store.update_sessions([])

    by_serial = {s.serial: s for s in store.sessions_between(*DAY)}
    assert by_serial[first].last_seen == later
    assert by_serial[first].is_open
    assert by_serial[second].ended_at == later
    assert by_serial[second].ended_by is EndReason.GAP
    assert [s.serial for s in store.open_sessions()] == [first]


def test_a_batch_with_a_bad_update_changes_nothing(store: SqlStore, make_session) -> None:
    row_id = store.add_session(make_session(end=None), None)
    later = T0 + timedelta(minutes=3)

    with pytest.raises(ValueError):
        store.update_sessions(
            [SessionUpdate(row_id, later), SessionUpdate(row_id, datetime(2024, 3, 1))]
        )

    assert store.open_sessions()[0].last_seen == T0


def test_runs_begin_live_and_end(store: SqlStore) -> None:
    run_id = store.begin_run(T0, 4242, "family-pc")
    store.touch_run(run_id, T0 + timedelta(minutes=1))
    assert store.latest_run() == MonitorRun(
        started_at=T0, last_alive=T0 + timedelta(minutes=1), pid=4242, host="family-pc"
    )

    store.end_run(run_id, T0 + timedelta(minutes=2), "stopped")

    assert store.latest_run() == MonitorRun(
        started_at=T0,
        last_alive=T0 + timedelta(minutes=2),
        ended_at=T0 + timedelta(minutes=2),
        ended_how="stopped",
        pid=4242,
        host="family-pc",
    )


def test_latest_run_is_the_one_started_last(store: SqlStore) -> None:
    assert store.latest_run() is None
    store.begin_run(T0 + timedelta(hours=2), 2, "laptop")
    store.begin_run(T0 + timedelta(hours=1), 1, "family-pc")

    latest = store.latest_run()
    assert latest is not None and latest.pid == 2
    on_pc = store.latest_run(host="family-pc")
    assert on_pc is not None and on_pc.pid == 1


def test_touching_a_run_that_is_not_there_says_so(store: SqlStore) -> None:
    with pytest.raises(StoreError, match=r"monitor run 7 is not in .*familywatch.sqlite3"):
        store.touch_run(7, T0)


def test_a_session_needs_an_existing_run(store: SqlStore, make_session) -> None:
    with pytest.raises(StoreError, match="FOREIGN KEY constraint failed"):
        store.add_session(make_session(), run_id=12345)


def test_sql_store_has_every_record_store_method_with_its_parameters() -> None:
    for name, wanted in vars(RecordStore).items():
        if name.startswith("_") or not callable(wanted):
            continue
        have = list(inspect.signature(getattr(SqlStore, name)).parameters.values())
        want = list(inspect.signature(wanted).parameters.values())
        assert [(p.name, p.kind) for p in have] == [(p.name, p.kind) for p in want], name
